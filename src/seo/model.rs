//! What the sitemap lists of the articles: their address and last change.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::articles::model::ArticleStatus;
use crate::schema::articles;

/// A published article's address and dates.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct ArticleStamp {
    /// URL name.
    pub slug: String,
    /// Publication date.
    pub published_at: Option<DateTime<Utc>>,
    /// Last edit.
    pub updated_at: DateTime<Utc>,
}

impl ArticleStamp {
    /// When the page last changed: its last edit, or its publication when that came later.
    pub fn last_modified(&self) -> DateTime<Utc> {
        self.published_at
            .map_or(self.updated_at, |at| at.max(self.updated_at))
    }

    /// Every published article, newest first.
    pub async fn all_published(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Self>> {
        articles::table
            .filter(articles::status.eq(ArticleStatus::Published.as_str()))
            .order((articles::published_at.desc(), articles::id.desc()))
            .select(Self::as_select())
            .load(conn)
            .await
    }
}
