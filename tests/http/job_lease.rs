//! A job's lease: a job that runs longer than its lease keeps it (its worker renews it) and is
//! never claimed by a second worker, while the job of a worker that stopped returns to the
//! queue once its lease runs out. The lease is shortened to three seconds here.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sillage::jobs::{Job, JobContext, JobError, JobRegistry, run_due};
use tokio::sync::Notify;

use crate::support::{TestApp, eventually, spawn_app_with};

/// How many times [`Slow`] started.
static STARTS: AtomicUsize = AtomicUsize::new(0);

/// What lets [`Slow`] end.
static RELEASE: LazyLock<Notify> = LazyLock::new(Notify::new);

/// A job that runs until the test lets it end, as a long import does.
#[derive(Serialize, Deserialize)]
struct Slow {}

impl Job for Slow {
    const KIND: &'static str = "test.slow";

    async fn run(self, _ctx: &JobContext) -> Result<(), JobError> {
        // Only the first run waits: a second one would end at once, for the test to see it.
        if STARTS.fetch_add(1, Ordering::SeqCst) == 0 {
            RELEASE.notified().await;
        }
        Ok(())
    }
}

fn registry() -> JobRegistry {
    JobRegistry::default().register::<Slow>()
}

async fn lease_app() -> TestApp {
    spawn_app_with(|s| {
        s.worker.embedded = false;
        s.worker.job_lease_seconds = 3;
    })
    .await
}

/// The job's `locked_until`, in Unix milliseconds.
async fn locked_until(app: &TestApp) -> i64 {
    app.count(
        "SELECT (extract(epoch FROM locked_until) * 1000)::bigint AS n FROM jobs \
         WHERE kind = 'test.slow'",
    )
    .await
}

#[tokio::test]
async fn a_job_running_longer_than_its_lease_is_not_run_twice() {
    let app = lease_app().await;
    let mut conn = app.pool.get().await.unwrap();
    Slow {}.enqueue(&mut conn).await.unwrap();
    drop(conn);
    let first = Arc::new(app.worker().await);
    let second = app.worker().await;
    let running = {
        let first = Arc::clone(&first);
        tokio::spawn(async move { run_due(first.context(), &registry(), Utc::now()).await })
    };
    eventually("the job starts", async || {
        STARTS.load(Ordering::SeqCst) == 1
    })
    .await;
    let claimed_until = locked_until(&app).await;
    eventually("the lease it was claimed with runs out", async || {
        Utc::now().timestamp_millis() > claimed_until + 500
    })
    .await;

    let taken = run_due(second.context(), &registry(), Utc::now()).await;
    assert_eq!(taken.unwrap(), 0, "another worker claims nothing");
    assert!(
        locked_until(&app).await > Utc::now().timestamp_millis(),
        "renewed"
    );
    RELEASE.notify_one();
    assert_eq!(running.await.unwrap().unwrap(), 1);
    assert_eq!(STARTS.load(Ordering::SeqCst), 1, "run once");
    let done = "SELECT count(*) AS n FROM jobs WHERE kind = 'test.slow' \
                AND done_at IS NOT NULL AND attempts = 1 AND locked_until IS NULL";
    assert_eq!(app.count(done).await, 1);
}

#[tokio::test]
async fn the_job_of_a_stopped_worker_is_claimed_again_once_its_lease_runs_out() {
    let app = lease_app().await;
    // Claimed by a worker that stopped: its lease still runs, then it has run out.
    app.execute(
        "INSERT INTO jobs (kind, payload, attempts, locked_until) \
         VALUES ('newsletter.confirm', '{}', 1, now() + interval '1 minute')",
    )
    .await;
    let worker = app.worker().await;
    let registry = JobRegistry::default();
    assert_eq!(
        run_due(worker.context(), &registry, Utc::now())
            .await
            .unwrap(),
        0,
        "still leased"
    );
    let later = Utc::now() + chrono::Duration::minutes(2);
    assert_eq!(
        run_due(worker.context(), &registry, later).await.unwrap(),
        1,
        "taken over"
    );
    let attempts = "SELECT attempts::bigint AS n FROM jobs WHERE kind = 'newsletter.confirm'";
    assert_eq!(app.count(attempts).await, 2);
}
