//! Runs claimed jobs through the registry and hands each outcome back to the queue: done,
//! retried with backoff, or failed for good with its reason.

use chrono::{DateTime, Utc};
use tracing::Instrument;

use crate::jobs::context::{JobContext, JobError};
use crate::jobs::queue::{self, QueuedJob};
use crate::jobs::registry::JobRegistry;

/// Jobs claimed at once by one worker.
const BATCH: i64 = 10;

/// Claims a batch of jobs due at `now` and runs them; returns how many were claimed.
pub async fn run_due(
    ctx: &JobContext,
    registry: &JobRegistry,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut conn = ctx.pool.get().await?;
    if ctx.is_stopping() {
        return Ok(0);
    }
    let claimed = queue::claim(&mut conn, now, BATCH).await?;
    drop(conn);
    for job in claimed.iter().cloned() {
        let span =
            tracing::info_span!("job", job_id = job.id, kind = %job.kind, attempt = job.attempts);
        run_one(ctx, registry, job).instrument(span).await?;
    }
    Ok(claimed.len())
}

async fn run_one(ctx: &JobContext, registry: &JobRegistry, job: QueuedJob) -> anyhow::Result<()> {
    let outcome = registry.run(ctx, &job.kind, job.payload.clone()).await;
    let mut conn = ctx.pool.get().await?;
    match outcome {
        Ok(()) => queue::complete(&mut conn, job.id, Utc::now()).await?,
        Err(error) => {
            let permanent = matches!(error, JobError::Permanent(_));
            let given_up = permanent || job.attempts >= job.max_attempts;
            tracing::warn!(permanent, given_up, error = %error, "job failed");
            queue::fail(&mut conn, &job, &error.to_string(), permanent, Utc::now()).await?;
        }
    }
    Ok(())
}
