//! A claimed job's lease kept alive while it runs: every third of the lease the runner pushes
//! `locked_until` further, on the row only while this worker still holds it (the claim's
//! attempt number fences it), so a long job is never claimed again by another worker while a
//! stopped worker's job still returns to the queue when its lease runs out.

use std::future::Future;

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::DbPool;
use crate::jobs::queue::QueuedJob;
use crate::schema::jobs;

/// The clock of a batch: the `now` it was claimed at, moved on by the real time elapsed since,
/// so that a lease renewed in a step run at another `now` (tests do) stays on the same clock.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BatchClock {
    claimed_at: DateTime<Utc>,
    started: std::time::Instant,
}

impl BatchClock {
    /// A clock that reads `now` at this instant.
    pub(crate) fn starting_at(now: DateTime<Utc>) -> Self {
        Self {
            claimed_at: now,
            started: std::time::Instant::now(),
        }
    }

    /// The time now on this clock.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        let elapsed = Duration::from_std(self.started.elapsed()).unwrap_or(Duration::zero());
        self.claimed_at + elapsed
    }
}

/// Extends the lease of `job` to `until`; `false` when this worker no longer holds it (the
/// lease ran out and another worker claimed it, or it is over).
pub(crate) async fn renew(
    conn: &mut AsyncPgConnection,
    job: &QueuedJob,
    until: DateTime<Utc>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        jobs::table
            .find(job.id)
            .filter(jobs::attempts.eq(job.attempts))
            .filter(jobs::done_at.is_null())
            .filter(jobs::failed_at.is_null()),
    )
    .set(jobs::locked_until.eq(until))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// Runs `work` (the job of `job`) while renewing its lease every third of `lease`. A renewal
/// that cannot reach the database is tried again at the next beat; a lease lost is logged and
/// no longer renewed (the job's outcome will not be recorded over the new holder's).
pub(crate) async fn hold<F: Future>(
    pool: &DbPool,
    job: &QueuedJob,
    lease: Duration,
    clock: BatchClock,
    work: F,
) -> F::Output {
    let period = (lease / 3)
        .to_std()
        .unwrap_or(std::time::Duration::from_secs(1));
    let beat = async {
        loop {
            tokio::time::sleep(period).await;
            let renewed = match pool.get().await {
                Ok(mut conn) => renew(&mut conn, job, clock.now() + lease).await,
                Err(error) => {
                    tracing::warn!(error = %error, "no connection to renew the job's lease");
                    continue;
                }
            };
            match renewed {
                Ok(true) => {}
                Ok(false) => {
                    tracing::warn!("the job's lease was lost: another worker may run it");
                    break;
                }
                Err(error) => tracing::warn!(error = %error, "the job's lease was not renewed"),
            }
        }
        // Once the lease is lost the beat waits forever: only the work ends the select.
        std::future::pending::<std::convert::Infallible>().await
    };
    tokio::select! {
        output = work => output,
        never = beat => match never {},
    }
}
