//! Background work driven by the test: for an app started with `worker.embedded = false`, a
//! worker of the test's own runs what is due at a given `now` until nothing is left, so a test
//! asserts exactly what the queue and the SMTP sink hold instead of waiting for a clock.

use chrono::{DateTime, Utc};
use sillage::jobs::JobContext;
use sillage::worker::Worker;

use crate::support::TestApp;

impl TestApp {
    /// A worker with the app's settings (its mail transport included) on the app's database.
    pub async fn worker(&self) -> Worker {
        let context = JobContext::open(&self.settings, self.pool.clone())
            .await
            .expect("the worker's context opens");
        Worker::new(context)
    }

    /// Runs everything due at `now` (publications, jobs, sends and their deliveries) until a
    /// step finds nothing more; returns how many steps did work. Each step runs at `now` or
    /// the real clock, whichever is later: work queued during the drain (with the real clock)
    /// is due in it too.
    pub async fn drain(&self, now: DateTime<Utc>) -> usize {
        let worker = self.worker().await;
        let mut busy = 0;
        loop {
            let outcome = worker
                .step(now.max(Utc::now()), std::time::Duration::from_secs(1))
                .await
                .expect("a worker step");
            if outcome.published + outcome.jobs + outcome.sends_started + outcome.deliveries == 0 {
                return busy;
            }
            busy += 1;
        }
    }

    /// Fails when a job due at `now` (or the real clock, if later) is still waiting: the test's work ended with nothing left
    /// behind.
    pub async fn assert_no_due_job(&self, now: DateTime<Utc>) {
        let at = now.max(Utc::now()).to_rfc3339();
        let waiting = self
            .count(&format!(
                "SELECT count(*) AS n FROM jobs WHERE done_at IS NULL AND failed_at IS NULL \
                 AND run_at <= timestamptz '{at}'"
            ))
            .await;
        assert_eq!(waiting, 0, "jobs due at {at} were left in the queue");
    }
}
