//! Runs claimed jobs through the registry, their lease renewed while each runs, and hands each
//! outcome back to the queue: done, retried with backoff, or failed for good with its reason.

use chrono::{DateTime, Utc};
use tracing::Instrument;

use crate::jobs::context::{JobContext, JobError};
use crate::jobs::lease::{self, BatchClock};
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
    let lease = ctx.settings.worker.job_lease();
    let claimed = queue::claim(&mut conn, now, BATCH, lease).await?;
    drop(conn);
    let clock = BatchClock::starting_at(now);
    for job in claimed.iter().cloned() {
        let span =
            tracing::info_span!("job", job_id = job.id, kind = %job.kind, attempt = job.attempts);
        run_one(ctx, registry, job, clock).instrument(span).await?;
    }
    Ok(claimed.len())
}

async fn run_one(
    ctx: &JobContext,
    registry: &JobRegistry,
    job: QueuedJob,
    clock: BatchClock,
) -> anyhow::Result<()> {
    let lease = ctx.settings.worker.job_lease();
    // The jobs of a batch wait for those before them: each takes its lease afresh, and one
    // whose lease ran out meanwhile (another worker claimed it) is left to that worker.
    let mut conn = ctx.pool.get().await?;
    if !lease::renew(&mut conn, &job, clock.now() + lease).await? {
        tracing::info!("left to the worker that claimed it after its lease ran out");
        return Ok(());
    }
    drop(conn);
    let work = registry.run(ctx, &job.kind, job.payload.clone());
    let outcome = lease::hold(&ctx.pool, &job, lease, clock, work).await;
    let mut conn = ctx.pool.get().await?;
    match outcome {
        Ok(()) => queue::complete(&mut conn, &job, Utc::now()).await?,
        Err(error) => {
            let permanent = matches!(error, JobError::Permanent(_));
            let given_up = permanent || job.attempts >= job.max_attempts;
            tracing::warn!(permanent, given_up, error = %error, "job failed");
            queue::fail(&mut conn, &job, &error.to_string(), permanent, Utc::now()).await?;
        }
    }
    Ok(())
}
