//! "New article": when an article goes live (the author's publish action or the scheduled
//! publication) and the author wants it, the publication's event queues this job; it
//! makes the newsletter from the article for the subscribers of its themes (everyone when it
//! has none) and schedules it at the publication time. Each article is announced once, ever.

use chrono::{DateTime, Utc};
use diesel::QueryResult;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde::{Deserialize, Serialize};

use crate::articles::model::Article;
use crate::jobs::{Job, JobContext, JobError};
use crate::newsletter::automatic::config::AutomaticSends;
use crate::newsletter::compose::from_article::{self, ArticleMode};
use crate::newsletter::model::Newsletter;
use crate::taxonomy::model::Theme;

/// The job that makes an article's announcement, with what it needs decided at publication.
#[derive(Debug, Serialize, Deserialize)]
pub struct Announcement {
    /// The article published.
    pub article_id: i64,
    /// How much of it the newsletter carries (an [`ArticleMode`]).
    pub mode: String,
    /// When the newsletter goes out: the publication time.
    pub due: DateTime<Utc>,
}

impl Job for Announcement {
    const KIND: &'static str = "newsletter.new_article";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("{}.{}", Self::KIND, self.article_id))
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        make_announcement(ctx, self).await
    }
}

/// Called when article `id` went live at `now` (by its publication event): queues its
/// announcement when the author turned it on (a no-op for an article already queued once).
pub async fn on_publication(
    conn: &mut AsyncPgConnection,
    id: i64,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let settings = AutomaticSends::load(conn).await?;
    if !settings.new_article {
        return Ok(false);
    }
    let job = Announcement {
        article_id: id,
        mode: settings.mode.as_str().to_owned(),
        due: now,
    };
    job.enqueue(conn).await
}

/// The job: the newsletter from the article, scheduled at its publication time.
async fn make_announcement(ctx: &JobContext, job: Announcement) -> Result<(), JobError> {
    let mode = ArticleMode::parse(&job.mode)
        .ok_or_else(|| JobError::Permanent(format!("unknown mode `{}`", job.mode)))?;
    let mut conn = ctx.connection().await?;
    let found = Article::by_id(&mut conn, job.article_id).await;
    let (article, hero) = match found {
        Ok(found) if found.0.status == "published" => found,
        Ok(_) | Err(diesel::result::Error::NotFound) => {
            tracing::info!(
                article_id = job.article_id,
                "article no longer published: not announced"
            );
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    let t = ctx.settings.site.locale.messages();
    let mut fields = from_article::fill(
        t,
        &ctx.settings.site.base_url,
        &article,
        hero.as_ref(),
        mode,
    );
    fields.themes = Article::theme_ids(&mut conn, article.id)
        .await?
        .iter()
        .map(i64::to_string)
        .collect();
    let themes = Theme::all(&mut conn).await?;
    let (new, theme_ids) = fields
        .check(&themes, t)
        .map_err(|_| JobError::Permanent("the article makes no valid newsletter".into()))?;
    let key = format!("article:{}", article.id);
    let created = conn
        .transaction(async |conn| {
            Newsletter::create_automatic(conn, &new, &theme_ids, &key, job.due).await
        })
        .await?;
    match created {
        Some(id) => tracing::info!(
            newsletter_id = id,
            article_id = article.id,
            "new article announced"
        ),
        None => tracing::info!(article_id = article.id, "article already announced"),
    }
    Ok(())
}
