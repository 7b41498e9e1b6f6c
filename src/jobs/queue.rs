//! The queue's storage: rows claimed with `FOR UPDATE SKIP LOCKED` under a lease committed
//! before any work, completed, or failed with exponential backoff.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::db::fixed::{FixedSql, fixed};
use crate::schema::jobs;

/// A job taken from the queue.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct QueuedJob {
    /// Primary key.
    pub id: i64,
    /// What to do, e.g. `newsletter.confirm`.
    pub kind: String,
    /// Its arguments.
    pub payload: serde_json::Value,
    /// Attempts so far, this one included.
    pub attempts: i32,
    /// Attempts allowed.
    pub max_attempts: i32,
}

/// A job queued, and the workers of every node woken (at the commit of the caller's
/// transaction) when it is new: one statement.
struct Enqueue;

impl FixedSql for Enqueue {
    const SQL: &'static str = "\
WITH queued AS (
    INSERT INTO jobs (kind, payload, dedupe_key, run_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT DO NOTHING RETURNING id)
SELECT pg_notify('sillage_jobs', '')::text FROM queued";
}

/// Inserts a job due at `run_at` (a no-op when `dedupe_key` was already used) and wakes the
/// workers; [`crate::jobs::Job::enqueue`] is the typed way in.
pub(crate) async fn insert(
    conn: &mut AsyncPgConnection,
    kind: &str,
    payload: serde_json::Value,
    dedupe_key: Option<&str>,
    run_at: DateTime<Utc>,
) -> QueryResult<bool> {
    // Only news wakes the workers: a repeated enqueue must not keep them busy.
    let inserted = fixed::<Enqueue, _>(|sql| {
        sql.bind::<Text, _>(kind)
            .bind::<Jsonb, _>(payload)
            .bind::<Nullable<Text>, _>(dedupe_key)
            .bind::<Timestamptz, _>(run_at)
    })
    .execute(conn)
    .await?;
    Ok(inserted == 1)
}

/// How many jobs whose dedupe key starts with `key_prefix` (plain text, no `%` or `_`) were
/// enqueued since `since`: rate limits count them.
pub async fn count_since(
    conn: &mut AsyncPgConnection,
    key_prefix: &str,
    since: DateTime<Utc>,
) -> QueryResult<i64> {
    jobs::table
        .filter(jobs::dedupe_key.like(format!("{key_prefix}%")))
        .filter(jobs::created_at.ge(since))
        .count()
        .get_result(conn)
        .await
}

/// When the next waiting job can be claimed (a delayed one, one backing off, or one whose
/// lease runs out), if any.
pub async fn next_due(conn: &mut AsyncPgConnection) -> QueryResult<Option<DateTime<Utc>>> {
    use diesel::sql_types::{Nullable, Timestamptz};
    jobs::table
        .filter(jobs::done_at.is_null())
        .filter(jobs::failed_at.is_null())
        .select(diesel::dsl::sql::<Nullable<Timestamptz>>(
            "min(GREATEST(run_at, COALESCE(locked_until, run_at)))",
        ))
        .first(conn)
        .await
}

/// Claims up to `limit` due jobs for this worker, committing their `lease` at once. Each claim
/// counts an attempt, so a job's `attempts` also names the claim that holds it.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    limit: i64,
    lease: Duration,
) -> QueryResult<Vec<QueuedJob>> {
    conn.transaction(async |conn| {
        let ids: Vec<i64> = jobs::table
            .filter(jobs::done_at.is_null())
            .filter(jobs::failed_at.is_null())
            .filter(jobs::run_at.le(now))
            .filter(jobs::locked_until.is_null().or(jobs::locked_until.lt(now)))
            .order(jobs::run_at)
            .limit(limit)
            .select(jobs::id)
            .for_update()
            .skip_locked()
            .load(conn)
            .await?;
        diesel::update(jobs::table.filter(jobs::id.eq_any(ids)))
            .set((
                jobs::locked_until.eq(now + lease),
                jobs::attempts.eq(jobs::attempts + 1),
            ))
            .returning(QueuedJob::as_returning())
            .get_results(conn)
            .await
    })
    .await
}

/// The row of `job` while its claim still holds it: an outcome is never written over the claim
/// of a worker that took the job over.
fn held(job: &QueuedJob) -> HeldJob {
    jobs::table
        .find(job.id)
        .filter(jobs::attempts.eq(job.attempts))
}

/// The query of [`held`].
type HeldJob =
    diesel::dsl::Filter<diesel::dsl::Find<jobs::table, i64>, diesel::dsl::Eq<jobs::attempts, i32>>;

/// Marks a job done; its payload (which may hold a link token) is cleared.
pub async fn complete(
    conn: &mut AsyncPgConnection,
    job: &QueuedJob,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(held(job))
        .set((
            jobs::done_at.eq(now),
            jobs::locked_until.eq(None::<DateTime<Utc>>),
            jobs::payload.eq(serde_json::json!({})),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min … capped at 6 hours.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    Duration::seconds(30i64.saturating_mul(2i64.saturating_pow(exponent))).min(Duration::hours(6))
}

/// Records a failure: retried later, or failed for good once out of attempts or `permanent`.
pub async fn fail(
    conn: &mut AsyncPgConnection,
    job: &QueuedJob,
    error: &str,
    permanent: bool,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    let give_up = permanent || job.attempts >= job.max_attempts;
    if give_up {
        diesel::update(held(job))
            .set((
                jobs::failed_at.eq(now),
                jobs::last_error.eq(error),
                jobs::locked_until.eq(None::<DateTime<Utc>>),
            ))
            .execute(conn)
            .await?;
    } else {
        diesel::update(held(job))
            .set((
                jobs::run_at.eq(now + backoff(job.attempts)),
                jobs::last_error.eq(error),
                jobs::locked_until.eq(None::<DateTime<Utc>>),
            ))
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// A job that failed at least once and is not done: failed for good, or waiting to be retried.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct TroubledJob {
    /// Primary key.
    pub id: i64,
    /// What it does.
    pub kind: String,
    /// Attempts so far.
    pub attempts: i32,
    /// Attempts allowed.
    pub max_attempts: i32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it failed for good, if it did.
    pub failed_at: Option<DateTime<Utc>>,
    /// When it runs next, while it is retried.
    pub run_at: DateTime<Utc>,
}

/// The jobs failed for good and those being retried, the most recent first.
pub async fn troubled(conn: &mut AsyncPgConnection, limit: i64) -> QueryResult<Vec<TroubledJob>> {
    jobs::table
        .filter(jobs::done_at.is_null())
        .filter(jobs::last_error.is_not_null())
        .order((jobs::failed_at.desc().nulls_last(), jobs::run_at.desc()))
        .limit(limit)
        .select(TroubledJob::as_select())
        .load(conn)
        .await
}

/// How many jobs failed for good.
pub async fn failed_count(conn: &mut AsyncPgConnection) -> QueryResult<i64> {
    jobs::table
        .filter(jobs::done_at.is_null())
        .filter(jobs::failed_at.is_not_null())
        .count()
        .get_result(conn)
        .await
}

/// Puts a job failed for good back in the queue with its attempts renewed, due at `now`;
/// `false` when no such failed job exists.
pub async fn requeue(
    conn: &mut AsyncPgConnection,
    id: i64,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::done_at.is_null())
            .filter(jobs::failed_at.is_not_null()),
    )
    .set((
        jobs::failed_at.eq(None::<DateTime<Utc>>),
        jobs::attempts.eq(0),
        jobs::run_at.eq(now),
    ))
    .execute(conn)
    .await?;
    if updated == 1 {
        wake_workers(conn).await?;
    }
    Ok(updated == 1)
}

/// Wakes the workers of every node (at the commit of the caller's transaction).
async fn wake_workers(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    diesel::sql_query("NOTIFY sillage_jobs")
        .execute(conn)
        .await
        .map(|_| ())
}
