//! A post's comments become the article's comments: threads kept whatever the order of the file
//! (a parent later in the file is written first; a parent missing from it leaves its replies as
//! a thread of their own, reported), statuses kept (`1` approved, `0` pending, `trash` and
//! `post-trashed` trash, `spam` spam), the author's replies marked as the author's, pingbacks,
//! trackbacks and editorial notes left out and counted. A comment keeps its WordPress number
//! when it is free, so that an old link's `#comment-123` lands on it.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::comments::status::CommentStatus;
use crate::import::article::Written;
use crate::import::context::Context;
use crate::import::convert::comment_body;
use crate::import::feedback::anchor_of;
use crate::import::issue::Issue;
use crate::import::mapping::{Kind, add_redirects};
use crate::import::model::{Item, WpComment};
use crate::import::report::{Problem, Report};
use crate::import::text;
use crate::web::client_addr;

/// The longest comment the comments table takes, in characters.
const MAX_BODY: usize = 5000;
/// The longest name, in characters.
const MAX_NAME: usize = 80;

#[derive(QueryableByName)]
struct Inserted {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

const COLUMNS: &str = "article_id, parent_id, depth, author_name, author_email, author_url, by_author, \
     body_markdown, body_html, status, notify, anchor, client_network, created_at, approved_at";

/// Writes the comments not imported yet; returns WordPress id → comment id of all of them.
pub async fn write(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    item: &Item,
    article: &Written,
    report: &mut Report,
) -> QueryResult<HashMap<i64, i64>> {
    let kept: Vec<&WpComment> = item.comments.iter().filter(|c| keep(c, report)).collect();
    let ids: Vec<i64> = kept.iter().map(|c| c.id).collect();
    let mut placed = ctx.mapping.comments(conn, &ids).await?;
    report.existing("comments", placed.len() as u64);
    let in_file: HashSet<i64> = ids.iter().copied().collect();
    let mut waiting: Vec<&WpComment> = kept
        .into_iter()
        .filter(|c| !placed.contains_key(&c.id))
        .collect();
    let mut new_pairs = Vec::new();
    while !waiting.is_empty() {
        let (ready, later): (Vec<_>, Vec<_>) = waiting.into_iter().partition(|c| {
            c.parent == 0 || placed.contains_key(&c.parent) || !in_file.contains(&c.parent)
        });
        // Replies whose parents answer each other in a loop: the loop is broken at the first.
        let ready = if ready.is_empty() {
            later[..1].to_vec()
        } else {
            ready
        };
        let later: Vec<_> = later
            .into_iter()
            .filter(|c| !ready.iter().any(|r| r.id == c.id))
            .collect();
        for comment in ready {
            let parent = placed.get(&comment.parent).copied();
            if comment.parent != 0 && parent.is_none() {
                report.problem(Problem::new(
                    comment.line,
                    Issue::ParentMissing {
                        comment: comment.id,
                        parent: comment.parent,
                    },
                ));
            }
            if let Some(id) = insert(conn, ctx, comment, article, parent, report).await? {
                let depth = parent.map_or(0, |(_, d)| d + 1);
                placed.insert(comment.id, (id, depth));
                new_pairs.push((comment.id, id));
            }
        }
        waiting = later;
    }
    ctx.mapping.record(conn, Kind::Comment, &new_pairs).await?;
    // WordPress's reply links (`?replytocom=ID`) are the only comment links a server sees.
    let links: Vec<(String, String)> = new_pairs
        .iter()
        .map(|(wp, id)| (format!("/?replytocom={wp}"), format!("/comments/{id}")))
        .collect();
    let added = add_redirects(conn, &links).await?;
    report.imported("redirects", added as u64);
    report.imported("comments", new_pairs.len() as u64);
    Ok(placed.into_iter().map(|(wp, (id, _))| (wp, id)).collect())
}

/// Whether a comment is one (not a pingback, a trackback or an editorial note).
fn keep(comment: &WpComment, report: &mut Report) -> bool {
    match comment.kind.as_str() {
        "" | "comment" | "wpdiscuz_sticky" => true,
        "pingback" => {
            report.skipped("pingbacks (not comments)");
            false
        }
        "trackback" => {
            report.skipped("trackbacks (not comments)");
            false
        }
        "note" => {
            report.skipped("editorial notes (never public)");
            false
        }
        other => {
            report.skipped(format!("comments of type `{other}`"));
            false
        }
    }
}

fn status_of(approved: &str) -> CommentStatus {
    match approved {
        "1" | "approve" => CommentStatus::Approved,
        "trash" | "post-trashed" => CommentStatus::Trash,
        "spam" => CommentStatus::Spam,
        _ => CommentStatus::Pending,
    }
}

async fn insert(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    comment: &WpComment,
    article: &Written,
    parent: Option<(i64, i32)>,
    report: &mut Report,
) -> QueryResult<Option<i64>> {
    let mut body = comment_body(&comment.content);
    if body.trim().is_empty() {
        report.skipped("empty comments");
        return Ok(None);
    }
    if body.chars().count() > MAX_BODY {
        body = body.chars().take(MAX_BODY - 1).collect::<String>() + "…";
        report.problem(Problem::new(
            comment.line,
            Issue::CommentShortened {
                comment: comment.id,
                max: MAX_BODY,
            },
        ));
    }
    let html = crate::comments::thread::render::render(&body);
    let name: String = match comment.author.trim() {
        "" => ctx.messages.import.anonymous.to_owned(),
        name => name.chars().take(MAX_NAME).collect(),
    };
    let email = comment.author_email.trim().to_lowercase();
    let email = if email.len() <= 254 {
        email
    } else {
        String::new()
    };
    let status = status_of(&comment.approved);
    let created = match text::wp_date(&comment.date_gmt, &comment.date, ctx.zone) {
        Some(at) => at,
        None => {
            report.problem(Problem::new(
                comment.line,
                Issue::CommentUndated {
                    comment: comment.id,
                },
            ));
            ctx.now
        }
    };
    let network = comment
        .author_ip
        .parse()
        .map(|ip| client_addr::truncate(ip).to_string())
        .unwrap_or_default();
    let anchor = anchor_of(ctx, comment, article, report);
    let (parent_id, depth) = match parent {
        Some((id, d)) => (Some(id), d + 1),
        None => (None, 0),
    };
    let run = |sql: String| {
        diesel::sql_query(sql)
            .bind::<BigInt, _>(article.id)
            .bind::<Nullable<BigInt>, _>(parent_id)
            .bind::<Integer, _>(depth)
            .bind::<Text, _>(name.clone())
            .bind::<Text, _>(email.clone())
            .bind::<Nullable<Text>, _>(text::web_address(&comment.author_url))
            .bind::<Bool, _>(ctx.by_author(comment))
            .bind::<Text, _>(body.clone())
            .bind::<Text, _>(html.clone())
            .bind::<Text, _>(status)
            .bind::<Text, _>("none")
            .bind::<Nullable<Text>, _>(anchor.clone())
            .bind::<Text, _>(network.clone())
            .bind::<Timestamptz, _>(created)
            .bind::<Nullable<Timestamptz>, _>(
                (status == CommentStatus::Approved).then_some(created),
            )
    };
    let kept_number: Option<Inserted> = run(format!(
        "INSERT INTO comments (id, {COLUMNS}) OVERRIDING SYSTEM VALUE \
         VALUES ({}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (id) DO NOTHING RETURNING id",
        comment.id.max(1)
    ))
    .get_result(conn)
    .await
    .optional()?;
    let id = match kept_number {
        Some(row) => row.id,
        None => {
            report.problem(Problem::new(
                comment.line,
                Issue::CommentNumberTaken {
                    comment: comment.id,
                },
            ));
            run(format!(
                "INSERT INTO comments ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id"
            ))
            .get_result::<Inserted>(conn)
            .await?
            .id
        }
    };
    Ok(Some(id))
}

/// Moves the comments' numbering past the numbers kept from WordPress, so that the next comment
/// written here does not collide with them.
pub async fn advance_numbering(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    diesel::sql_query(
        "SELECT setval(s, GREATEST((SELECT COALESCE(max(id), 1) FROM comments), \
         COALESCE(pg_sequence_last_value(s), 1))) \
         FROM (SELECT pg_get_serial_sequence('comments', 'id')::regclass AS s) AS q",
    )
    .execute(conn)
    .await
    .map(|_| ())
}
