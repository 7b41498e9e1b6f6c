//! Runs claimed jobs: each kind of job has its handler; the outcome goes back to the queue.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};

use crate::comments::{notice, notice_digest, notify, notify_mail};
use crate::db::DbPool;
use crate::jobs::{self, Job};
use crate::mail::{Mailer, SendError};
use crate::newsletter::{emails, links::LinkKey};
use crate::newsletters::automatic::{announce, digest};
use crate::newsletters::test_send;
use crate::settings::Settings;
use crate::worker::missed;

/// Jobs claimed at once by one worker.
const BATCH: i64 = 10;

/// What a job handler needs.
#[derive(Clone)]
pub struct JobContext {
    /// The database.
    pub pool: DbPool,
    /// The mail transport.
    pub mailer: Arc<Mailer>,
    /// The settings (base URL, locale, limits).
    pub settings: Arc<Settings>,
    /// The key of readers' management links.
    pub links: LinkKey,
    /// Set when the process is asked to stop: work not yet begun is left for others.
    stopping: Arc<AtomicBool>,
}

impl JobContext {
    /// Builds the context of `settings`: the mail transport and the installation's link key.
    pub async fn open(settings: &Settings, pool: DbPool) -> anyhow::Result<Self> {
        let mut conn = pool.get().await?;
        let links = LinkKey::new(crate::secrets::get_or_create(&mut conn, "reader_links").await?);
        drop(conn);
        Ok(Self {
            mailer: Arc::new(Mailer::from_settings(settings)?),
            settings: Arc::new(settings.clone()),
            links,
            pool,
            stopping: Arc::default(),
        })
    }

    /// Asks the work in hand to finish what it began and begin nothing more.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    /// Whether [`JobContext::stop`] was called.
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another attempt later.
    #[error("{0}")]
    Retry(String),
    /// Another attempt cannot succeed.
    #[error("{0}")]
    Permanent(String),
}

impl From<SendError> for JobError {
    fn from(error: SendError) -> Self {
        match error {
            SendError::Transient(reason) => JobError::Retry(reason),
            SendError::Permanent(reason) => JobError::Permanent(reason),
        }
    }
}

impl From<anyhow::Error> for JobError {
    fn from(error: anyhow::Error) -> Self {
        JobError::Retry(format!("{error:#}"))
    }
}

impl From<diesel::result::Error> for JobError {
    fn from(error: diesel::result::Error) -> Self {
        JobError::Retry(error.to_string())
    }
}

async fn run_one(ctx: &JobContext, job: &Job) -> Result<(), JobError> {
    match job.kind.as_str() {
        emails::CONFIRM_JOB => emails::send_confirmation(ctx, &job.payload).await,
        emails::WELCOME_JOB => emails::send_welcome(ctx, &job.payload).await,
        notice::PENDING_JOB => notice::send_pending_notice(ctx, &job.payload).await,
        missed::MISSED_JOB => missed::send_missed_notice(ctx, &job.payload).await,
        test_send::TEST_JOB => test_send::send_test_email(ctx, &job.payload).await,
        notice_digest::HOURLY_JOB => notice_digest::send_digest(ctx, &job.payload).await,
        notify::FAN_OUT_JOB => notify::fan_out(ctx, &job.payload).await,
        notify::DIGEST_JOB => notify_mail::send_digest(ctx, &job.payload).await,
        announce::NEW_ARTICLE_JOB => announce::make_announcement(ctx, &job.payload).await,
        digest::DIGEST_JOB => digest::make_digest(ctx, &job.payload).await,
        other => Err(JobError::Permanent(format!("unknown job kind `{other}`"))),
    }
}

/// Claims a batch of due jobs and runs them; returns how many were claimed.
pub async fn run_due(ctx: &JobContext, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut conn = ctx.pool.get().await?;
    if ctx.is_stopping() {
        return Ok(0);
    }
    let claimed = jobs::claim(&mut conn, now, BATCH).await?;
    drop(conn);
    for job in &claimed {
        let outcome = run_one(ctx, job).await;
        let mut conn = ctx.pool.get().await?;
        match outcome {
            Ok(()) => jobs::complete(&mut conn, job.id, Utc::now()).await?,
            Err(error) => {
                let permanent = matches!(error, JobError::Permanent(_));
                tracing::warn!(job_id = job.id, kind = %job.kind, attempt = job.attempts, permanent, error = %error, "job failed");
                jobs::fail(&mut conn, job, &error.to_string(), permanent, Utc::now()).await?;
            }
        }
    }
    Ok(claimed.len())
}
