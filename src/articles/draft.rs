//! A checked article ready to be saved, and the transaction that saves it with its image and
//! themes, all or nothing.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::articles::markdown::RenderedBody;
use crate::articles::published_event::ArticlePublished;
use crate::articles::stored_body;
use crate::domain::Slug;
use crate::images::model as image_model;
use crate::images::upload::CheckedImage;
use crate::jobs::Job;
use crate::schema::{article_themes, articles};

/// What the author asked for when saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishAction {
    /// Keep (or put back) as a draft.
    Draft,
    /// Publish now.
    Publish,
    /// Publish at this time.
    Schedule(DateTime<Utc>),
}

/// What happens to the hero image.
#[derive(Debug, Clone)]
pub enum HeroChange {
    /// Keep the current one (or none).
    Keep,
    /// Remove it.
    Remove,
    /// Use this new upload.
    Replace(CheckedImage),
}

/// A valid article, as typed by the author.
#[derive(Debug, Clone)]
pub struct ArticleDraft {
    /// Title.
    pub title: String,
    /// URL name.
    pub slug: Slug,
    /// Summary.
    pub summary: String,
    /// Markdown body.
    pub body_markdown: String,
    /// The body rendered.
    pub rendered: RenderedBody,
    /// Series id.
    pub series_id: Option<i64>,
    /// Theme ids.
    pub theme_ids: Vec<i64>,
    /// Source document URL.
    pub source_url: Option<String>,
    /// The hero image change.
    pub hero: HeroChange,
    /// Alternative text of the hero image.
    pub hero_alt: String,
    /// Draft, publish or schedule.
    pub action: PublishAction,
}

/// Why a valid draft could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Another article has this slug.
    #[error("slug already taken")]
    SlugTaken,
    /// The series does not exist.
    #[error("unknown series")]
    UnknownSeries,
    /// A theme does not exist.
    #[error("unknown theme")]
    UnknownTheme,
    /// The article to update does not exist.
    #[error("article not found")]
    NotFound,
    /// Anything else.
    #[error(transparent)]
    Database(#[from] DieselError),
}

fn classify(error: DieselError) -> SaveError {
    match &error {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
            if info.constraint_name() == Some("articles_slug_key") =>
        {
            SaveError::SlugTaken
        }
        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
            match info.constraint_name() {
                Some(name) if name.contains("series") => SaveError::UnknownSeries,
                Some(name) if name.contains("theme") => SaveError::UnknownTheme,
                _ => SaveError::Database(error),
            }
        }
        DieselError::NotFound => SaveError::NotFound,
        _ => SaveError::Database(error),
    }
}

impl ArticleDraft {
    /// Saves the draft as a new article (`id` None) or over article `id`; returns its id.
    pub async fn save(
        &self,
        conn: &mut AsyncPgConnection,
        id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64, SaveError> {
        conn.transaction::<_, DieselError, _>(async |conn| self.save_in(conn, id, now).await)
            .await
            .map_err(classify)
    }

    async fn save_in(
        &self,
        conn: &mut AsyncPgConnection,
        id: Option<i64>,
        now: DateTime<Utc>,
    ) -> QueryResult<i64> {
        let hero_id = match &self.hero {
            HeroChange::Replace(image) => Some(Some(image_model::store(conn, image).await?)),
            HeroChange::Remove => Some(None),
            HeroChange::Keep => None,
        };
        let (status, publish_at) = match self.action {
            PublishAction::Draft => ("draft", None),
            PublishAction::Publish => ("published", None),
            PublishAction::Schedule(at) => ("scheduled", Some(at)),
        };
        let (was_published, first_published_at) = match id {
            Some(id) => {
                let (status, published_at) = articles::table
                    .find(id)
                    .select((articles::status, articles::published_at))
                    .for_update()
                    .first::<(String, Option<DateTime<Utc>>)>(conn)
                    .await?;
                (status == "published", published_at)
            }
            None => (false, None),
        };
        // The first publication date stays: editing a published article does not renew it.
        let published_at = match self.action {
            PublishAction::Publish => Some(first_published_at.unwrap_or(now)),
            _ => first_published_at,
        };
        let values = (
            articles::slug.eq(self.slug.as_str()),
            articles::title.eq(&self.title),
            articles::summary.eq(&self.summary),
            articles::body_markdown.eq(&self.body_markdown),
            articles::body_html.eq(&self.rendered.html),
            articles::reading_minutes.eq(self.rendered.reading_minutes),
            articles::series_id.eq(self.series_id),
            articles::source_url.eq(self.source_url.as_deref()),
            articles::hero_alt.eq(&self.hero_alt),
            articles::status.eq(status),
            articles::publish_at.eq(publish_at),
            articles::published_at.eq(published_at),
            articles::updated_at.eq(now),
        );
        let article_id = match id {
            None => {
                diesel::insert_into(articles::table)
                    .values((values, articles::hero_image_id.eq(hero_id.flatten())))
                    .returning(articles::id)
                    .get_result(conn)
                    .await?
            }
            Some(id) => match hero_id {
                Some(hero_id) => {
                    diesel::update(articles::table.find(id))
                        .set((values, articles::hero_image_id.eq(hero_id)))
                        .returning(articles::id)
                        .get_result(conn)
                        .await?
                }
                None => {
                    diesel::update(articles::table.find(id))
                        .set(values)
                        .returning(articles::id)
                        .get_result(conn)
                        .await?
                }
            },
        };
        diesel::delete(article_themes::table.filter(article_themes::article_id.eq(article_id)))
            .execute(conn)
            .await?;
        let links: Vec<_> = self
            .theme_ids
            .iter()
            .map(|theme| {
                (
                    article_themes::article_id.eq(article_id),
                    article_themes::theme_id.eq(*theme),
                )
            })
            .collect();
        diesel::insert_into(article_themes::table)
            .values(links)
            .execute(conn)
            .await?;
        // Going live (not an edit of a live article) is an event others act on.
        if self.action == PublishAction::Publish && !was_published {
            let event = ArticlePublished {
                article_id,
                at: now,
                late_for: None,
            };
            event.enqueue(conn).await?;
        }
        if matches!(self.action, PublishAction::Schedule(_)) {
            diesel::sql_query("NOTIFY sillage_schedule")
                .execute(conn)
                .await?;
        }
        // Its page shows the body as stored now, not rewritten on every view.
        stored_body::render(conn, article_id, &self.rendered.html).await?;
        Ok(article_id)
    }
}
