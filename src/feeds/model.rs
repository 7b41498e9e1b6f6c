//! The articles of a feed: the newest published ones, with their whole body.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::articles::model::ArticleStatus;
use crate::schema::{article_themes, articles};

/// An article as a feed entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct FeedEntry {
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Sanitised body HTML.
    pub body_html: String,
    /// Publication date.
    pub published_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl FeedEntry {
    /// When the entry last changed: its last edit, or its publication when that came later
    /// (a scheduled article goes live after its last edit).
    pub fn updated(&self) -> DateTime<Utc> {
        self.published_at
            .map_or(self.updated_at, |at| at.max(self.updated_at))
    }

    /// The `limit` newest published articles.
    pub async fn latest(conn: &mut AsyncPgConnection, limit: i64) -> QueryResult<Vec<Self>> {
        articles::table
            .filter(articles::status.eq(ArticleStatus::Published.as_str()))
            .order((articles::published_at.desc(), articles::id.desc()))
            .limit(limit)
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// The `limit` newest published articles of a series.
    pub async fn in_series(
        conn: &mut AsyncPgConnection,
        series_id: i64,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        articles::table
            .filter(articles::status.eq(ArticleStatus::Published.as_str()))
            .filter(articles::series_id.eq(series_id))
            .order((articles::published_at.desc(), articles::id.desc()))
            .limit(limit)
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// The `limit` newest published articles of a theme.
    pub async fn in_theme(
        conn: &mut AsyncPgConnection,
        theme_id: i64,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        let members = article_themes::table
            .filter(article_themes::theme_id.eq(theme_id))
            .select(article_themes::article_id);
        articles::table
            .filter(articles::status.eq(ArticleStatus::Published.as_str()))
            .filter(articles::id.eq_any(members))
            .order((articles::published_at.desc(), articles::id.desc()))
            .limit(limit)
            .select(Self::as_select())
            .load(conn)
            .await
    }
}
