//! The queries behind a page of comment threads (keyset pagination of the top-level threads,
//! then every visible reply of those threads in one query) and behind the inline comments.
//!
//! "Visible" is the rule of [`Comment::visible`]: approved, or pending (or spam, shown to its
//! writer as pending) and written by the reader.
//! A thread is a visible comment whose parent is not visible (usually a top-level comment; a
//! reply whose parent was removed also opens a thread, as the thread arranger shows it).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::comments::model::Comment;
use crate::comments::status::visible_to;
use crate::comments::thread::cursor::Cursor;
use crate::comments::thread::order::Order;
use crate::schema::{articles, comments};

/// The visible comments of article `$1` for reader `$2`.
pub(crate) const VISIBLE: &str = "visible AS (
    SELECT id, parent_id, created_at FROM comments
    WHERE article_id = $1
      AND (status = 'approved' OR (status IN ('pending', 'spam') AND reader_id = $2)))";

/// The sort key of a thread.
#[derive(Debug, Clone, QueryableByName)]
pub struct ThreadKey {
    /// The thread's first comment.
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    /// When it was posted.
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    /// Its score.
    #[diesel(sql_type = BigInt)]
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

/// The keyset condition and the order of each sort (`$3` score, `$4` date, `$5` id, `$6`
/// whether there is a cursor at all).
fn keyset(order: Order) -> (&'static str, &'static str) {
    match order {
        Order::Newest => ("(created_at, id) < ($4, $5)", "created_at DESC, id DESC"),
        Order::Oldest => ("(created_at, id) > ($4, $5)", "created_at ASC, id ASC"),
        Order::Top => (
            "(score, created_at, id) < ($3, $4, $5)",
            "score DESC, created_at DESC, id DESC",
        ),
    }
}

impl Comment {
    /// Up to `limit` threads of the article after `after`, in `order`.
    pub async fn thread_keys(
        conn: &mut AsyncPgConnection,
        article_id: i64,
        reader: Option<&str>,
        order: Order,
        after: Option<Cursor>,
        limit: i64,
    ) -> QueryResult<Vec<ThreadKey>> {
        let (condition, sort) = keyset(order);
        let sql = format!(
            "WITH {VISIBLE}, threads AS (
                SELECT v.id, v.created_at,
                    COALESCE((SELECT sum(value) FROM comment_votes WHERE comment_id = v.id), 0)::BIGINT AS score
                FROM visible v
                WHERE v.parent_id IS NULL OR v.parent_id NOT IN (SELECT id FROM visible))
            SELECT id, created_at, score FROM threads
            WHERE NOT $6 OR {condition}
            ORDER BY {sort} LIMIT $7"
        );
        let start = after.unwrap_or(Cursor {
            order,
            score: 0,
            created_at: Utc::now(),
            id: 0,
        });
        diesel::sql_query(sql)
            .bind::<BigInt, _>(article_id)
            .bind::<Text, _>(reader.unwrap_or("-"))
            .bind::<BigInt, _>(start.score)
            .bind::<Timestamptz, _>(start.created_at)
            .bind::<BigInt, _>(start.id)
            .bind::<Bool, _>(after.is_some())
            .bind::<BigInt, _>(limit)
            .load(conn)
            .await
    }

    /// The visible comments of the threads `ids` (the threads themselves and every reply
    /// under them), oldest first.
    pub async fn in_threads(
        conn: &mut AsyncPgConnection,
        article_id: i64,
        reader: Option<&str>,
        ids: &[i64],
    ) -> QueryResult<Vec<Self>> {
        let sql = format!(
            "WITH RECURSIVE {VISIBLE}, tree AS (
                SELECT id FROM visible WHERE id = ANY($3)
                UNION ALL
                SELECT v.id FROM visible v JOIN tree t ON v.parent_id = t.id)
            SELECT id, parent_id, depth, author_name, author_url, by_author, body_markdown,
                body_html, status, reader_id, created_at, anchor
            FROM comments WHERE id IN (SELECT id FROM tree)
            ORDER BY created_at ASC, id ASC"
        );
        diesel::sql_query(sql)
            .bind::<BigInt, _>(article_id)
            .bind::<Text, _>(reader.unwrap_or("-"))
            .bind::<Array<BigInt>, _>(ids)
            .load(conn)
            .await
    }

    /// The visible inline comments of the article (those with an anchor), oldest first.
    pub async fn inline_of(
        conn: &mut AsyncPgConnection,
        article_id: i64,
        reader: Option<&str>,
    ) -> QueryResult<Vec<Self>> {
        comments::table
            .filter(comments::article_id.eq(article_id))
            .filter(comments::anchor.is_not_null())
            .filter(visible_to(reader))
            .order((comments::created_at.asc(), comments::id.asc()))
            .select(Self::as_select())
            .load(conn)
            .await
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
