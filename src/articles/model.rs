//! The articles table: read models for pages and the queries that fill them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::domain::Slug;
use crate::images::model::ImageRef;
use crate::schema::{article_themes, articles, images};

/// Where an article stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleStatus {
    /// Visible to the author only.
    Draft,
    /// Waiting for its publication date.
    Scheduled,
    /// Public.
    Published,
}

impl ArticleStatus {
    /// The value stored in `articles.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Draft => "draft",
            ArticleStatus::Scheduled => "scheduled",
            ArticleStatus::Published => "published",
        }
    }

    /// Reads a stored status (anything unknown counts as a draft: never public by mistake).
    pub fn from_stored(value: &str) -> Self {
        match value {
            "published" => ArticleStatus::Published,
            "scheduled" => ArticleStatus::Scheduled,
            _ => ArticleStatus::Draft,
        }
    }
}

/// A whole article row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct Article {
    /// Primary key.
    pub id: i64,
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// One- or two-sentence summary.
    pub summary: String,
    /// The author's Markdown.
    pub body_markdown: String,
    /// Sanitised HTML rendered from the Markdown.
    pub body_html: String,
    /// Estimated reading time.
    pub reading_minutes: i32,
    /// The editorial series, if any.
    pub series_id: Option<i64>,
    /// The official document analysed.
    pub source_url: Option<String>,
    /// The hero image, if any.
    pub hero_image_id: Option<i64>,
    /// Alternative text of the hero image.
    pub hero_alt: String,
    /// `draft`, `scheduled` or `published`.
    pub status: String,
    /// When a scheduled article goes live.
    pub publish_at: Option<DateTime<Utc>>,
    /// When it went live.
    pub published_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// An article as listed on the home, series and theme pages.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct ArticleCard {
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Reading time.
    pub reading_minutes: i32,
    /// Publication date.
    pub published_at: Option<DateTime<Utc>>,
    /// Hero image.
    #[diesel(embed)]
    pub hero: Option<ImageRef>,
}

/// An article as listed in the admin.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct ArticleListing {
    /// Primary key.
    pub id: i64,
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Stored status.
    pub status: String,
    /// Scheduled date.
    pub publish_at: Option<DateTime<Utc>>,
    /// Publication date.
    pub published_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

type Published = diesel::dsl::Eq<articles::status, &'static str>;

fn published() -> Published {
    articles::status.eq("published")
}

/// What a route under an article (a rating, a comment, a feed) needs of it: not its body.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct ArticleHead {
    /// Primary key.
    pub id: i64,
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// One- or two-sentence summary.
    pub summary: String,
}

impl ArticleHead {
    /// The published article at `slug`.
    pub async fn published_by_slug(conn: &mut AsyncPgConnection, slug: &Slug) -> QueryResult<Self> {
        articles::table
            .filter(articles::slug.eq(slug.as_str()))
            .filter(published())
            .select(Self::as_select())
            .first(conn)
            .await
    }
}

impl Article {
    /// Any article by id, with its hero image (admin).
    pub async fn by_id(
        conn: &mut AsyncPgConnection,
        id: i64,
    ) -> QueryResult<(Self, Option<ImageRef>)> {
        articles::table
            .left_join(images::table)
            .filter(articles::id.eq(id))
            .select((Self::as_select(), Option::<ImageRef>::as_select()))
            .first(conn)
            .await
    }

    /// The ids of the article's themes.
    pub async fn theme_ids(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Vec<i64>> {
        article_themes::table
            .filter(article_themes::article_id.eq(id))
            .select(article_themes::theme_id)
            .load(conn)
            .await
    }

    /// Deletes the article (its theme links go with it); false when it did not exist.
    pub async fn delete(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<bool> {
        diesel::delete(articles::table.find(id))
            .execute(conn)
            .await
            .map(|n| n == 1)
    }
}

impl ArticleCard {
    /// One page of published articles, newest first.
    pub async fn latest(
        conn: &mut AsyncPgConnection,
        limit: i64,
        offset: i64,
    ) -> QueryResult<Vec<Self>> {
        articles::table
            .left_join(images::table)
            .filter(published())
            .order((articles::published_at.desc(), articles::id.desc()))
            .limit(limit)
            .offset(offset)
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// How many articles are published.
    pub async fn count_published(conn: &mut AsyncPgConnection) -> QueryResult<i64> {
        articles::table
            .filter(published())
            .count()
            .get_result(conn)
            .await
    }

    /// The published articles of a series, in reading order (oldest first).
    pub async fn in_series(conn: &mut AsyncPgConnection, series_id: i64) -> QueryResult<Vec<Self>> {
        articles::table
            .left_join(images::table)
            .filter(published())
            .filter(articles::series_id.eq(series_id))
            .order((articles::published_at.asc(), articles::id.asc()))
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// The published articles of a theme, newest first.
    pub async fn in_theme(conn: &mut AsyncPgConnection, theme_id: i64) -> QueryResult<Vec<Self>> {
        let members = article_themes::table
            .filter(article_themes::theme_id.eq(theme_id))
            .select(article_themes::article_id);
        articles::table
            .left_join(images::table)
            .filter(published())
            .filter(articles::id.eq_any(members))
            .order((articles::published_at.desc(), articles::id.desc()))
            .select(Self::as_select())
            .load(conn)
            .await
    }
}

impl ArticleListing {
    /// Every article, most recently changed first.
    pub async fn all(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Self>> {
        articles::table
            .order((articles::updated_at.desc(), articles::id.desc()))
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// Every published article, newest first (to choose one from).
    pub async fn published(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Self>> {
        articles::table
            .filter(published())
            .order((articles::published_at.desc(), articles::id.desc()))
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// How many articles have each status: (published, scheduled, drafts).
    pub async fn counts(conn: &mut AsyncPgConnection) -> QueryResult<(i64, i64, i64)> {
        let rows: Vec<(String, i64)> = articles::table
            .group_by(articles::status)
            .select((articles::status, diesel::dsl::count_star()))
            .load(conn)
            .await?;
        let of = |status: &str| {
            rows.iter()
                .find(|(s, _)| s == status)
                .map_or(0, |(_, n)| *n)
        };
        Ok((of("published"), of("scheduled"), of("draft")))
    }
}
