//! The statement behind the comment section of an article page: one keyset page of the
//! top-level threads, every visible reply of those threads, the inline comments, the scores
//! and the reader's own votes, the count and the comment being answered, in one statement of
//! fixed text (prepared once per connection); and the queries the inbox shares.
//!
//! "Visible" is the rule of [`Comment::visible`]: approved, or pending (or spam, shown to its
//! writer as pending) and written by the reader.
//! A thread is a visible comment whose parent is not visible (usually a top-level comment; a
//! reply whose parent was removed also opens a thread, as the thread arranger shows it).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Deserialize;

use crate::comments::model::Comment;
use crate::comments::thread::cursor::Cursor;
use crate::comments::thread::order::Order;
use crate::db::fixed::{FixedSql, fixed};
use crate::db::json_agg::json_list;
use crate::schema::articles;

/// The text of [`VISIBLE`], for the statement that writes it into its own fixed text.
macro_rules! visible_sql {
    () => {
        "visible AS (
    SELECT id, parent_id, created_at FROM comments
    WHERE article_id = $1
      AND (status = 'approved' OR (status IN ('pending', 'spam') AND reader_id = $2)))"
    };
}

/// The visible comments of article `$1` for reader `$2`.
pub(crate) const VISIBLE: &str = visible_sql!();

/// The sort key of a thread.
#[derive(Debug, Clone, Deserialize)]
pub struct ThreadKey {
    /// The thread's first comment.
    pub id: i64,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// Its score.
    pub score: i64,
}

impl ThreadKey {
    /// The cursor that starts the page after this thread.
    pub fn cursor(&self, order: Order) -> Cursor {
        Cursor {
            order,
            score: self.score,
            created_at: self.created_at,
            id: self.id,
        }
    }
}

/// A comment as [`Section`] aggregates it, in the fields of [`Comment`]; its Markdown only when
/// it is reader `$2`'s (it fills the form that edits it), else empty: the page shows the HTML.
macro_rules! comment_json {
    () => {
        "json_build_object('id', c.id, 'parent_id', c.parent_id, 'depth', c.depth,
            'author_name', c.author_name, 'author_url', c.author_url, 'by_author', c.by_author,
            'body_markdown', CASE WHEN c.reader_id = $2 THEN c.body_markdown ELSE '' END,
            'body_html', c.body_html, 'status', c.status,
            'reader_id', c.reader_id, 'created_at', c.created_at, 'anchor', c.anchor)"
    };
}

/// The comment section of article `$1` for reader `$2` (`-` when unknown): up to `$7` threads
/// in the order `$8` after the cursor (`$3` score, `$4` date, `$5` id; `$6` whether there is
/// one), the comments of all but the last of them (the last one only tells that another page
/// follows), and the approved comment `$9` if it is one of the article's.
struct Section;

impl FixedSql for Section {
    const SQL: &'static str = concat!(
        "WITH RECURSIVE ",
        visible_sql!(),
        ",
    scores AS (
        SELECT v.comment_id AS id, sum(v.value)::BIGINT AS score
        FROM comment_votes v JOIN comments c ON c.id = v.comment_id
        WHERE c.article_id = $1 GROUP BY v.comment_id),
    threads AS (
        SELECT v.id, v.created_at, COALESCE(s.score, 0)::BIGINT AS score
        FROM visible v LEFT JOIN scores s ON s.id = v.id
        WHERE v.parent_id IS NULL OR v.parent_id NOT IN (SELECT id FROM visible)),
    ranked AS (
        SELECT id, created_at, score, row_number() OVER (ORDER BY
            CASE WHEN $8 = 'top' THEN score END DESC,
            CASE WHEN $8 = 'oldest' THEN created_at END ASC,
            CASE WHEN $8 = 'oldest' THEN id END ASC,
            created_at DESC, id DESC) AS n
        FROM threads
        WHERE NOT $6 OR CASE $8
            WHEN 'oldest' THEN (created_at, id) > ($4, $5)
            WHEN 'top' THEN (score, created_at, id) < ($3, $4, $5)
            ELSE (created_at, id) < ($4, $5) END),
    page AS (SELECT id, created_at, score, n FROM ranked WHERE n <= $7),
    tree AS (
        SELECT id FROM page WHERE n < $7
        UNION ALL
        SELECT v.id FROM visible v JOIN tree t ON v.parent_id = t.id)
    SELECT
        (SELECT json_agg(json_build_object('id', id, 'created_at', created_at, 'score', score)
            ORDER BY n) FROM page)::TEXT AS keys,
        (SELECT json_agg(",
        comment_json!(),
        " ORDER BY c.created_at, c.id)
         FROM comments c WHERE c.id IN (SELECT id FROM tree))::TEXT AS thread,
        (SELECT json_agg(",
        comment_json!(),
        " ORDER BY c.created_at, c.id)
         FROM comments c WHERE c.anchor IS NOT NULL AND c.id IN (SELECT id FROM visible))::TEXT
            AS inline,
        (SELECT json_agg(json_build_array(id, score)) FROM scores)::TEXT AS scores,
        (SELECT json_agg(json_build_array(v.comment_id, v.value))
         FROM comment_votes v JOIN comments c ON c.id = v.comment_id
         WHERE c.article_id = $1 AND v.reader_id = $2)::TEXT AS mine,
        (SELECT count(*) FROM comments WHERE article_id = $1 AND status = 'approved') AS approved,
        (SELECT author_name FROM comments
         WHERE id = $9 AND article_id = $1 AND status = 'approved') AS reply_name"
    );
}

/// The row of [`Section`].
#[derive(QueryableByName)]
struct SectionRow {
    #[diesel(sql_type = Nullable<Text>)]
    keys: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    thread: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    inline: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    scores: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    mine: Option<String>,
    #[diesel(sql_type = BigInt)]
    approved: i64,
    #[diesel(sql_type = Nullable<Text>)]
    reply_name: Option<String>,
}

/// Which page of threads a section shows.
#[derive(Debug, Clone, Copy)]
pub struct ThreadPage {
    /// Their order.
    pub order: Order,
    /// Where the page starts; `None` for the first page.
    pub after: Option<Cursor>,
    /// How many threads it shows.
    pub threads: i64,
}

/// What the comment section of an article shows, as read.
#[derive(Debug, Default)]
pub struct SectionComments {
    /// The keys of the page's threads, and of the first thread of the next page if any.
    pub keys: Vec<ThreadKey>,
    /// The visible comments of the page's threads, oldest first (with their Markdown only when
    /// they are the reader's).
    pub thread: Vec<Comment>,
    /// The visible inline comments of the article, oldest first (with their Markdown only when
    /// they are the reader's).
    pub inline: Vec<Comment>,
    /// The score of each comment with votes.
    pub scores: HashMap<i64, i64>,
    /// The reader's own votes.
    pub mine: HashMap<i64, i16>,
    /// How many comments are approved.
    pub approved: i64,
    /// The writer's name of the comment answered, when it is an approved one of the article.
    pub reply_name: Option<String>,
}

impl Comment {
    /// The comment section of the article `article_id` for `reader`, showing `page`, the form
    /// answering `parent` (0: none).
    pub async fn section_of(
        conn: &mut AsyncPgConnection,
        article_id: i64,
        reader: Option<&str>,
        page: ThreadPage,
        parent: i64,
    ) -> QueryResult<SectionComments> {
        let start = page.after.unwrap_or(Cursor {
            order: page.order,
            score: 0,
            created_at: Utc::now(),
            id: 0,
        });
        let row: SectionRow = fixed::<Section, _>(|sql| {
            sql.bind::<BigInt, _>(article_id)
                .bind::<Text, _>(reader.unwrap_or("-"))
                .bind::<BigInt, _>(start.score)
                .bind::<Timestamptz, _>(start.created_at)
                .bind::<BigInt, _>(start.id)
                .bind::<Bool, _>(page.after.is_some())
                .bind::<BigInt, _>(page.threads + 1)
                .bind::<Text, _>(page.order.key())
                .bind::<BigInt, _>(parent)
        })
        .get_result(conn)
        .await?;
        let pairs = |json: Option<&str>| -> Vec<(i64, i64)> { json_list(json) };
        Ok(SectionComments {
            keys: json_list(row.keys.as_deref()),
            thread: json_list(row.thread.as_deref()),
            inline: json_list(row.inline.as_deref()),
            scores: pairs(row.scores.as_deref()).into_iter().collect(),
            mine: pairs(row.mine.as_deref())
                .into_iter()
                .filter_map(|(id, value)| Some((id, i16::try_from(value).ok()?)))
                .collect(),
            approved: row.approved,
            reply_name: row.reply_name,
        })
    }

    /// The body HTML of the articles `ids`, to find inline quotes in.
    pub async fn article_bodies(
        conn: &mut AsyncPgConnection,
        ids: &[i64],
    ) -> QueryResult<Vec<(i64, String)>> {
        articles::table
            .filter(articles::id.eq_any(ids))
            .select((articles::id, articles::body_html))
            .load(conn)
            .await
    }
}
