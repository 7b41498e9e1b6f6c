//! "New article": when an article goes live (the author's publish action or the scheduled
//! publication) and the author wants it, a job is queued in the publication's transaction; it
//! makes the newsletter from the article for the subscribers of its themes (everyone when it
//! has none) and schedules it at the publication time. Each article is announced once, ever.

use chrono::{DateTime, Utc};
use diesel::QueryResult;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::articles::model::Article;
use crate::jobs::{self, runner::JobContext, runner::JobError};
use crate::newsletters::automatic::config::AutomaticSends;
use crate::newsletters::from_article::{self, ArticleMode};
use crate::newsletters::model::Newsletter;
use crate::taxonomy::model::Theme;

/// The job that makes an article's announcement.
pub const NEW_ARTICLE_JOB: &str = "newsletter.new_article";

/// What the job needs, decided at publication.
#[derive(Debug, Serialize, Deserialize)]
struct Announcement {
    article_id: i64,
    mode: String,
    due: DateTime<Utc>,
}

/// Called in the transaction that publishes article `id` at `now`: queues its announcement
/// when the author turned it on (a no-op for an article already queued once).
pub async fn on_publication(
    conn: &mut AsyncPgConnection,
    id: i64,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let settings = AutomaticSends::load(conn).await?;
    if !settings.new_article {
        return Ok(false);
    }
    let payload = Announcement {
        article_id: id,
        mode: settings.mode.as_str().to_owned(),
        due: now,
    };
    let payload = serde_json::to_value(&payload)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let key = format!("{NEW_ARTICLE_JOB}.{id}");
    jobs::enqueue(conn, NEW_ARTICLE_JOB, payload, Some(&key)).await
}

/// The job: the newsletter from the article, scheduled at its publication time.
pub async fn make_announcement(ctx: &JobContext, payload: &Value) -> Result<(), JobError> {
    let job: Announcement = serde_json::from_value(payload.clone())
        .map_err(|e| JobError::Permanent(format!("bad payload: {e}")))?;
    let mode = ArticleMode::parse(&job.mode)
        .ok_or_else(|| JobError::Permanent(format!("unknown mode `{}`", job.mode)))?;
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
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
