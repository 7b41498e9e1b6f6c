//! The weekly digest: a job due at each occurrence of the author's day and hour, queued one
//! ahead under a key per due time. At its time it makes one newsletter per ISO week (`auto_key`
//! `digest:2026-W49`) to everyone, listing the week's articles, and queues the next one. A job
//! left from an earlier setting finds its time no longer chosen and does nothing.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use diesel::QueryResult;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde::{Deserialize, Serialize};

use crate::jobs::{Job, JobContext, JobError};
use crate::newsletter::automatic::config::AutomaticSends;
use crate::newsletter::automatic::digest_body::{DigestEntry, digest_fields};
use crate::newsletter::automatic::weekly::iso_week;
use crate::newsletter::model::Newsletter;

/// The job that makes the weekly digest due at `due`.
#[derive(Debug, Serialize, Deserialize)]
pub struct DigestDue {
    /// The occurrence of the author's day and hour it stands for.
    pub due: DateTime<Utc>,
}

impl Job for DigestDue {
    const KIND: &'static str = "newsletter.digest";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("{}.{}", Self::KIND, self.due.timestamp()))
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        make_digest(ctx, self.due).await
    }
}

/// Queues the digest's next occurrence after `after`, when the digest is on (a no-op when it
/// is already queued). Returns its due time.
pub async fn plan_next(
    conn: &mut AsyncPgConnection,
    settings: &AutomaticSends,
    after: DateTime<Utc>,
    zone: Tz,
) -> QueryResult<Option<DateTime<Utc>>> {
    if !settings.digest {
        return Ok(None);
    }
    let due = settings.weekly.next_after(after, zone);
    if (DigestDue { due }).enqueue_at(conn, due).await? {
        tracing::info!(due_at = %due, "weekly digest planned");
    }
    Ok(Some(due))
}

/// At the worker's start: queues the next digest if it is missing.
pub async fn plan_at_start(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    zone: Tz,
) -> QueryResult<Option<DateTime<Utc>>> {
    let settings = AutomaticSends::load(conn).await?;
    plan_next(conn, &settings, now, zone).await
}

/// The job: the digest of the week before its due time, once per ISO week, then the next one
/// (after now: a worker back from a long stop makes the digest it missed, which waits for the
/// author like any late send, not one per week missed).
async fn make_digest(ctx: &JobContext, due: DateTime<Utc>) -> Result<(), JobError> {
    let zone = ctx.settings.site.timezone;
    let mut conn = ctx.connection().await?;
    let settings = AutomaticSends::load(&mut conn).await?;
    if !settings.digest || !settings.weekly.is_due_at(due, zone) {
        tracing::info!(due_at = %due, "weekly digest no longer chosen at this time: skipped");
        return Ok(());
    }
    let entries = DigestEntry::week_before(&mut conn, due).await?;
    let week = format!("digest:{}", iso_week(due, zone));
    if entries.is_empty() {
        tracing::info!(week = %week, "no article this week: no digest");
        plan_next(&mut conn, &settings, due.max(Utc::now()), zone).await?;
        return Ok(());
    }
    let site = &ctx.settings.site;
    let t = site.locale.messages();
    let (new, _) = digest_fields(t, &site.title, &site.base_url, &entries)
        .check(&[], t)
        .map_err(|_| JobError::Permanent("the digest makes no valid newsletter".into()))?;
    let created = conn
        .transaction(async |conn| {
            let created = Newsletter::create_automatic(conn, &new, &[], &week, due).await?;
            plan_next(conn, &settings, due.max(Utc::now()), zone).await?;
            QueryResult::Ok(created)
        })
        .await?;
    match created {
        Some(id) => {
            tracing::info!(newsletter_id = id, week = %week, articles = entries.len(), "weekly digest made");
        }
        None => tracing::info!(week = %week, "weekly digest already made"),
    }
    Ok(())
}
