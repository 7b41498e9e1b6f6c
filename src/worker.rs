//! The background worker: publishes scheduled articles on time, runs the job queue (emails),
//! starts scheduled newsletter sends and delivers them, and makes the image variants still
//! missing. It sleeps until the next due article (at most the poll interval) and wakes early on
//! `NOTIFY sillage_schedule` or `NOTIFY sillage_jobs`, sent by any node. Its loop is
//! supervised: a panic restarts it, and its heartbeat tells `/health` that it goes round.

pub mod events;
pub mod heartbeat;
pub mod listener;
pub mod missed;
pub mod registry;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use tokio::sync::watch;
use tracing::Instrument;

use crate::articles::schedule;
use crate::db::DbPool;
use crate::images::variants;
use crate::jobs::{self, JobContext, JobRegistry};
use crate::newsletter::automatic::digest;
use crate::newsletter::sending::delivery;
use crate::newsletter::sending::ledger;
use crate::worker::heartbeat::Heartbeat;
use crate::worker::listener::Listener;

/// Newsletter deliveries claimed at once: small, so that a crash leaves few messages in doubt
/// and several workers share a send.
const DELIVERY_BATCH: i64 = 50;

/// How much longer than its poll interval the worker may go without a loop before `/health`
/// calls it stalled: the default job lease (a job running longer keeps its lease, but its step
/// shows as stalled until it ends).
const STALE_MARGIN: Duration = Duration::from_secs(5 * 60);

/// What one step of the worker did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Articles published by this step.
    pub published: usize,
    /// Jobs run by this step.
    pub jobs: usize,
    /// Scheduled newsletter sends started by this step.
    pub sends_started: usize,
    /// Newsletter deliveries claimed by this step.
    pub deliveries: usize,
    /// How long until the next look.
    pub sleep: Duration,
}

/// Publishes what is due at `now` and says when to look at the schedule again.
pub async fn publish_step(
    pool: &DbPool,
    now: chrono::DateTime<Utc>,
    max_sleep: Duration,
) -> anyhow::Result<(usize, Duration)> {
    let mut conn = pool
        .get()
        .await
        .context("no database connection for the worker")?;
    let published = schedule::publish_due(&mut conn, now).await?.len();
    let sleep = match schedule::next_due(&mut conn).await? {
        Some(due) => (due - now)
            .to_std()
            .unwrap_or(Duration::ZERO)
            .min(max_sleep),
        None => max_sleep,
    };
    Ok((published, sleep.max(Duration::from_millis(200))))
}

/// The worker of one process: the jobs it knows, their context, its pace and its heartbeat.
#[derive(Clone)]
pub struct Worker {
    ctx: JobContext,
    registry: Arc<JobRegistry>,
    poll: Duration,
    heartbeat: Heartbeat,
}

impl Worker {
    /// A worker running every registered job type ([`registry::job_registry`]) with `ctx`.
    pub fn new(ctx: JobContext) -> Self {
        let poll = Duration::from_secs(ctx.settings.worker.poll_interval_seconds);
        Self {
            ctx,
            registry: Arc::new(registry::job_registry()),
            poll,
            heartbeat: Heartbeat::new(poll + STALE_MARGIN),
        }
    }

    /// Its heartbeat, for `/health`.
    pub fn heartbeat(&self) -> Heartbeat {
        self.heartbeat.clone()
    }

    /// Its jobs' context.
    pub fn context(&self) -> &JobContext {
        &self.ctx
    }

    /// Runs one step at `now`: publishes what is due, runs due jobs, says when to look again.
    pub async fn step(
        &self,
        now: chrono::DateTime<Utc>,
        max_sleep: Duration,
    ) -> anyhow::Result<Outcome> {
        let ctx = &self.ctx;
        let (published, sleep) = publish_step(&ctx.pool, now, max_sleep).await?;
        let jobs_run = jobs::run_due(ctx, &self.registry, now).await?;
        let sends_started = {
            let mut conn = ctx.pool.get().await?;
            let started =
                ledger::start_due(&mut conn, now, ctx.settings.newsletter.max_hard_bounces).await?;
            missed::report_overdue_sends(&mut conn, now).await?;
            started
        };
        let deliveries = delivery::run_batch(ctx, now, DELIVERY_BATCH).await?;
        // Images stored before variants existed, one per step so that publishing is never late.
        let mut conn = ctx.pool.get().await.context("no database connection")?;
        let backfilled = variants::backfill_one(&mut conn).await?;
        // A delayed job (a grouped notification, a retry) or a scheduled send wakes the worker
        // when it is due, not at its next poll.
        let until = |due: chrono::DateTime<Utc>| (due - now).to_std().unwrap_or(Duration::ZERO);
        let next_job = jobs::next_due(&mut conn).await?.map_or(sleep, until);
        let next_send = ledger::next_scheduled(&mut conn, now)
            .await?
            .map_or(sleep, until);
        // A full batch may mean more work waiting: look again at once.
        // An SMTP server waited for is tried again when its wait ends.
        let next_mail = ctx.mailer.unreachable_for().unwrap_or(sleep);
        let sleep = if jobs_run + deliveries > 0 || backfilled {
            Duration::ZERO
        } else {
            sleep.min(
                next_job
                    .min(next_send)
                    .min(next_mail)
                    .max(Duration::from_millis(200)),
            )
        };
        Ok(Outcome {
            published,
            jobs: jobs_run,
            sends_started,
            deliveries,
            sleep,
        })
    }

    /// Runs the worker (looking at least every `worker.poll_interval_seconds`) until
    /// `shutdown` turns true; work in hand is finished first. The loop
    /// runs in a task of its own: should it panic, it is started again after a pause.
    pub async fn run(
        self,
        database_url: String,
        mut shutdown: watch::Receiver<bool>,
    ) -> anyhow::Result<()> {
        tracing::info!("worker started");
        // A step in progress hears of the stop at once: deliveries not yet begun are handed back.
        let stopper = self.ctx.clone();
        let mut stop_signal = shutdown.clone();
        tokio::spawn(async move {
            if stop_signal.wait_for(|stop| *stop).await.is_ok() {
                stopper.stop();
            }
        });
        plan_digest(&self.ctx).await;
        let mut restarts = 0u32;
        loop {
            let worker = self.clone();
            let task = tokio::spawn(worker.run_loop(database_url.clone(), shutdown.clone()));
            match task.await {
                Ok(result) => {
                    tracing::info!("worker stopped");
                    return result;
                }
                Err(error) => {
                    restarts += 1;
                    let pause = Duration::from_secs(u64::from(restarts.min(30)));
                    tracing::error!(error = %error, restarts, "the worker loop died; starting it again");
                    tokio::select! {
                        _ = shutdown.wait_for(|stop| *stop) => return Ok(()),
                        _ = tokio::time::sleep(pause) => {}
                    }
                }
            }
        }
    }

    async fn run_loop(
        self,
        database_url: String,
        mut shutdown: watch::Receiver<bool>,
    ) -> anyhow::Result<()> {
        let mut listener = Listener::open(&database_url).await;
        loop {
            let now = Utc::now();
            let outcome = self
                .step(now, self.poll)
                .instrument(tracing::info_span!("worker_step"))
                .await;
            let sleep = match outcome {
                Ok(outcome) => outcome.sleep,
                Err(error) => {
                    tracing::error!(error = ?error, "worker step failed; retrying");
                    Duration::from_secs(5)
                }
            };
            self.heartbeat.beat(Utc::now());
            if *shutdown.borrow() {
                return Ok(());
            }
            let wake = tokio::time::Instant::now() + sleep;
            let wake = listener.retry_at().map_or(wake, |retry| wake.min(retry));
            tokio::select! {
                _ = shutdown.changed() => return Ok(()),
                _ = tokio::time::sleep_until(wake) => {}
                _ = listener.notified() => {}
            }
            listener.reconnect_if_due().await;
        }
    }
}

/// Queues the next weekly digest if it is missing (a first start, or jobs lost).
async fn plan_digest(ctx: &JobContext) {
    let zone = ctx.settings.site.timezone;
    let planned = match ctx.pool.get().await {
        Ok(mut conn) => digest::plan_at_start(&mut conn, Utc::now(), zone)
            .await
            .map_err(anyhow::Error::from),
        Err(error) => Err(error.into()),
    };
    if let Err(error) = planned {
        tracing::error!(error = ?error, "cannot plan the weekly digest at start");
    }
}
