//! The articles just before and after an article in its series, by publication date.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::articles::model::{Article, ArticleStatus};
use crate::schema::articles;

/// A link to another article.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct ArticleLink {
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: String,
}

/// The previous and next published articles of the same series.
#[derive(Debug, Clone, Default)]
pub struct SeriesNeighbours {
    /// Published just before.
    pub previous: Option<ArticleLink>,
    /// Published just after.
    pub next: Option<ArticleLink>,
}

impl SeriesNeighbours {
    /// The neighbours of `article` in its series (none outside a series); articles published
    /// at the same instant are ordered by id, as on the series page.
    pub async fn of(conn: &mut AsyncPgConnection, article: &Article) -> QueryResult<Self> {
        let (Some(series_id), Some(at)) = (article.series_id, article.published_at) else {
            return Ok(Self::default());
        };
        let in_series = articles::status
            .eq(ArticleStatus::Published.as_str())
            .and(articles::series_id.eq(series_id));
        let previous = articles::table
            .filter(in_series)
            .filter(
                articles::published_at.lt(at).or(articles::published_at
                    .eq(at)
                    .and(articles::id.lt(article.id))),
            )
            .order((articles::published_at.desc(), articles::id.desc()))
            .select(ArticleLink::as_select())
            .first(conn)
            .await
            .optional()?;
        let next = articles::table
            .filter(in_series)
            .filter(
                articles::published_at.gt(at).or(articles::published_at
                    .eq(at)
                    .and(articles::id.gt(article.id))),
            )
            .order((articles::published_at.asc(), articles::id.asc()))
            .select(ArticleLink::as_select())
            .first(conn)
            .await
            .optional()?;
        Ok(Self { previous, next })
    }
}
