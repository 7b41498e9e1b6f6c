//! The comment feed of an article: its approved comments, newest first, read from the
//! comments table (pending, spam and trashed comments never leave it).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::comments::status::CommentStatus;
use crate::schema::comments;

/// An approved comment as a feed entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = comments)]
pub struct CommentEntry {
    /// Primary key (the permalink is `#comment-{id}`).
    pub id: i64,
    /// The name shown.
    pub author_name: String,
    /// Sanitised HTML.
    pub body_html: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it was approved (it became public then).
    pub approved_at: Option<DateTime<Utc>>,
}

impl CommentEntry {
    /// When the entry last changed: its approval, or its writing when approved at once.
    pub fn updated(&self) -> DateTime<Utc> {
        self.approved_at
            .map_or(self.created_at, |at| at.max(self.created_at))
    }

    /// The `limit` newest approved comments of the article `article_id`.
    pub async fn latest(
        conn: &mut AsyncPgConnection,
        article_id: i64,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        comments::table
            .filter(comments::article_id.eq(article_id))
            .filter(comments::status.eq(CommentStatus::Approved))
            .order((comments::created_at.desc(), comments::id.desc()))
            .limit(limit)
            .select(Self::as_select())
            .load(conn)
            .await
    }
}
