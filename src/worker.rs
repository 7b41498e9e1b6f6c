//! The background worker: publishes scheduled articles on time, runs the job queue (emails),
//! starts scheduled newsletter sends and delivers them, and makes the image variants still
//! missing. It sleeps until the next due article (at most the poll interval) and wakes early on
//! `NOTIFY sillage_schedule` or `NOTIFY sillage_jobs`, sent by any node.

pub mod missed;

use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::StreamExt;
use tokio::sync::watch;

use crate::articles::schedule;
use crate::db::DbPool;
use crate::images::variants;
use crate::jobs::runner::{self, JobContext};
use crate::newsletters::automatic::digest;
use crate::newsletters::{delivery, ledger};

/// Newsletter deliveries claimed at once: small, so that a crash leaves few messages in doubt
/// and several workers share a send.
const DELIVERY_BATCH: i64 = 50;

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

/// Runs one step at `now`: publishes what is due, runs due jobs, says when to look again.
pub async fn step(
    ctx: &JobContext,
    now: chrono::DateTime<Utc>,
    max_sleep: Duration,
) -> anyhow::Result<Outcome> {
    let (published, sleep) = publish_step(&ctx.pool, now, max_sleep).await?;
    let jobs = runner::run_due(ctx, now).await?;
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
    // A delayed job (a grouped notification, a retry) wakes the worker when it is due.
    let next_job = crate::jobs::next_due(&mut conn)
        .await?
        .map_or(sleep, |due| (due - now).to_std().unwrap_or(Duration::ZERO));
    // A full batch may mean more work waiting: look again at once.
    let sleep = if jobs + deliveries > 0 || backfilled {
        Duration::ZERO
    } else {
        sleep.min(next_job.max(Duration::from_millis(200)))
    };
    Ok(Outcome {
        published,
        jobs,
        sends_started,
        deliveries,
        sleep,
    })
}

/// Runs the worker until `shutdown` turns true; work in hand is finished first.
pub async fn run(
    ctx: JobContext,
    database_url: String,
    poll: Duration,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    tracing::info!("worker started");
    // A step in progress hears of the stop at once: deliveries not yet begun are handed back.
    let stopper = ctx.clone();
    let mut stop_signal = shutdown.clone();
    tokio::spawn(async move {
        if stop_signal.wait_for(|stop| *stop).await.is_ok() {
            stopper.stop();
        }
    });
    plan_digest(&ctx).await;
    let mut listener = listen(&database_url).await;
    loop {
        let sleep = match step(&ctx, Utc::now(), poll).await {
            Ok(outcome) => outcome.sleep,
            Err(error) => {
                tracing::error!(error = ?error, "worker step failed; retrying");
                Duration::from_secs(5)
            }
        };
        if *shutdown.borrow() {
            break;
        }
        let woken = async {
            match listener.as_mut() {
                Some(conn) => {
                    let mut stream = std::pin::pin!(conn.notifications_stream());
                    stream.next().await.is_some_and(|n| n.is_ok())
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = shutdown.changed() => break,
            _ = tokio::time::sleep(sleep) => {}
            alive = woken => if !alive {
                tracing::warn!("lost the notification connection; polling until it is back");
                listener = listen(&database_url).await;
            },
        }
    }
    tracing::info!("worker stopped");
    Ok(())
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

async fn listen(database_url: &str) -> Option<AsyncPgConnection> {
    let attempt = async {
        let mut conn = AsyncPgConnection::establish(database_url).await?;
        diesel::sql_query("LISTEN sillage_schedule")
            .execute(&mut conn)
            .await?;
        diesel::sql_query("LISTEN sillage_jobs")
            .execute(&mut conn)
            .await?;
        anyhow::Ok(conn)
    };
    match attempt.await {
        Ok(conn) => Some(conn),
        Err(error) => {
            tracing::warn!(error = %error, "cannot listen for notifications; polling only");
            None
        }
    }
}
