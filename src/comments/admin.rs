//! The moderation inbox: `GET /admin/comments?status=pending|approved|spam|trash` with counts,
//! `POST /admin/comments/{id}/approve|spam|trash|restore` and `POST /admin/comments/{id}/reply`.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use std::collections::HashMap;

use crate::articles::passages::{Passage, passages};
use crate::comments::anchor::Anchor;
use crate::comments::inline::locate;

use crate::auth::session::AuthorSession;
use crate::comments::model::{Comment, InboxRow, NewComment};
use crate::comments::{notify, render};
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::schema::authors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::{page, see_other};

/// The statuses of the inbox tabs, in order.
const STATUSES: [&str; 4] = ["pending", "approved", "spam", "trash"];

/// One tab: (status, label, count, current).
type Tab = (&'static str, &'static str, i64, bool);

/// The inbox page.
#[derive(Template)]
#[template(path = "comments/inbox.html")]
pub struct InboxPage {
    layout: Layout,
    session: AuthorSession,
    tabs: Vec<Tab>,
    status: &'static str,
    rows: Vec<InboxLine>,
}

/// A comment of the inbox as shown.
struct InboxLine {
    row: InboxRow,
    when: String,
    /// For an inline comment: the words it is about.
    quote: Option<String>,
    /// The quoted passage is no longer in the article.
    orphaned: bool,
}

/// `?status=`.
#[derive(Debug, Deserialize)]
pub struct StatusQuery {
    #[serde(default)]
    status: Option<String>,
}

/// A moderation form.
#[derive(Debug, Deserialize)]
pub struct ModerationForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    body: String,
}

/// `GET /admin/comments`.
pub async fn show_inbox(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    query: web::Query<StatusQuery>,
) -> AppResult<HttpResponse> {
    let requested = query.status.as_deref().unwrap_or("pending");
    let status = STATUSES
        .iter()
        .copied()
        .find(|s| *s == requested)
        .ok_or(AppError::BadRequest("unknown status"))?;
    let t = ctx.t();
    let mut conn = pool.get().await?;
    let counts = Comment::counts(&mut conn).await?;
    let count = |s: &str| counts.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
    let labels = [
        t.status_pending,
        t.status_approved,
        t.status_spam,
        t.status_trash,
    ];
    let tabs = STATUSES
        .iter()
        .zip(labels)
        .map(|(s, label)| (*s, label, count(s), *s == status))
        .collect();
    let timezone = ctx.settings.site.timezone;
    let rows = Comment::inbox(&mut conn, status, 200).await?;
    let quoted: HashMap<i64, Vec<Passage>> = {
        let mut ids: Vec<i64> = rows
            .iter()
            .filter(|row| row.anchor.is_some())
            .map(|row| row.article_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        Comment::article_bodies(&mut conn, &ids)
            .await?
            .into_iter()
            .map(|(id, body)| (id, passages(&body)))
            .collect()
    };
    let rows = rows
        .into_iter()
        .map(|row| {
            let when = t.date_time(row.created_at, timezone);
            let anchor = row.anchor.as_deref().and_then(Anchor::from_stored);
            let orphaned = anchor.as_ref().is_some_and(|anchor| {
                quoted
                    .get(&row.article_id)
                    .is_none_or(|found| locate(anchor, found).is_none())
            });
            let quote = anchor.map(|anchor| anchor.exact().to_owned());
            InboxLine {
                row,
                when,
                quote,
                orphaned,
            }
        })
        .collect();
    page(&InboxPage {
        layout: ctx.layout(t.admin_comments),
        session,
        tabs,
        status,
        rows,
    })
}

/// `POST /admin/comments/{id}/{action}` with `action` = approve, spam, trash or restore.
pub async fn moderate(
    pool: web::Data<DbPool>,
    session: AuthorSession,
    path: web::Path<(i64, String)>,
    form: web::Form<ModerationForm>,
) -> AppResult<HttpResponse> {
    session.check_csrf(&form.csrf_token)?;
    let (id, action) = path.into_inner();
    let (status, back) = match action.as_str() {
        "approve" | "restore" => ("approved", "pending"),
        "spam" => ("spam", "pending"),
        "trash" => ("trash", "pending"),
        _ => return Err(AppError::NotFound),
    };
    let mut conn = pool.get().await?;
    // The approval and the readers' notification are written together.
    let found = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            let found = Comment::set_status(conn, id, status, Utc::now()).await?;
            if found && status == "approved" {
                notify::on_approved(conn, id).await?;
            }
            Ok(found)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    tracing::info!(comment_id = id, status, "comment moderated");
    Ok(see_other(&format!("/admin/comments?status={back}")))
}

/// `POST /admin/comments/{id}/reply`: the author answers; the answer is approved at once and
/// the comment answered is approved with it.
pub async fn reply(
    pool: web::Data<DbPool>,
    session: AuthorSession,
    id: web::Path<i64>,
    form: web::Form<ModerationForm>,
) -> AppResult<HttpResponse> {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    session.check_csrf(&form.csrf_token)?;
    let body = form.body.trim();
    if body.is_empty() || body.chars().count() > 5_000 {
        return Err(AppError::BadRequest(
            "reply body must be 1 to 5000 characters",
        ));
    }
    let mut conn = pool.get().await?;
    let (article_id, depth) = Comment::place(&mut conn, *id).await?;
    let email: String = authors::table
        .find(session.author_id)
        .select(authors::email)
        .first(&mut conn)
        .await?;
    let now = Utc::now();
    let html = render::render(body);
    let new = NewComment {
        article_id,
        parent_id: Some(*id),
        depth: depth + 1,
        author_name: &session.display_name,
        author_email: &email,
        author_url: None,
        by_author: true,
        body_markdown: body,
        body_html: &html,
        status: "approved",
        notify: "none",
        anchor: None,
        reader_id: None,
        client_network: "author",
        approved_at: Some(now),
    };
    // The answered comment's approval, the answer and their notifications go together.
    let reply_id = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            Comment::set_status(conn, *id, "approved", now).await?;
            notify::on_approved(conn, *id).await?;
            let reply_id = Comment::insert(conn, &new).await?;
            notify::on_approved(conn, reply_id).await?;
            Ok(reply_id)
        })
        .await?;
    tracing::info!(comment_id = reply_id, "author replied");
    Ok(see_other("/admin/comments?status=approved"))
}
