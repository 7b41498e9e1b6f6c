//! The author's decisions on a send: accept it (now or at a time) under the send form's
//! idempotency key, pause, resume, cancel.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::newsletter::sending::ledger;
use crate::schema::{deliveries, newsletters};

/// When the author wants the newsletter to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendWhen {
    /// At once.
    Now,
    /// At this instant.
    At(DateTime<Utc>),
}

/// What became of a send request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// The ledger is written; the workers deliver.
    Started,
    /// Scheduled (or rescheduled).
    Scheduled,
    /// This very form was already accepted (a double click): nothing more happens.
    Repeated,
    /// The send already started, or was cancelled: nothing happens.
    TooLate,
}

/// Accepts a send of newsletter `id` from the form carrying `key`.
pub async fn accept_send(
    conn: &mut AsyncPgConnection,
    id: i64,
    key: &str,
    when: SendWhen,
    now: DateTime<Utc>,
    max_bounces: i32,
) -> QueryResult<Accepted> {
    conn.transaction(async |conn| {
        // The row lock serialises two clicks arriving together.
        let (send_key, started, cancelled): (
            Option<String>,
            Option<DateTime<Utc>>,
            Option<DateTime<Utc>>,
        ) = newsletters::table
            .find(id)
            .select((
                newsletters::send_key,
                newsletters::started_at,
                newsletters::cancelled_at,
            ))
            .for_update()
            .first(conn)
            .await?;
        if send_key.as_deref() == Some(key) {
            return Ok(Accepted::Repeated);
        }
        if started.is_some() || cancelled.is_some() {
            return Ok(Accepted::TooLate);
        }
        let at = match when {
            SendWhen::Now => now,
            SendWhen::At(at) => at,
        };
        diesel::update(newsletters::table.find(id))
            .set((
                newsletters::send_key.eq(key),
                newsletters::scheduled_at.eq(at),
            ))
            .execute(conn)
            .await?;
        if when == SendWhen::Now {
            ledger::start(conn, id, now, max_bounces).await?;
            return Ok(Accepted::Started);
        }
        // The workers sleep until the next thing due: a new time wakes them to look again.
        diesel::sql_query("NOTIFY sillage_schedule")
            .execute(conn)
            .await?;
        Ok(Accepted::Scheduled)
    })
    .await
}

/// Pauses a running send: workers claim nothing more of it. False when not running.
pub async fn pause(conn: &mut AsyncPgConnection, id: i64, now: DateTime<Utc>) -> QueryResult<bool> {
    diesel::update(newsletters::table.find(id))
        .filter(newsletters::started_at.is_not_null())
        .filter(newsletters::cancelled_at.is_null())
        .filter(newsletters::paused_at.is_null())
        .set(newsletters::paused_at.eq(now))
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// Resumes a paused send and wakes the workers. False when not paused.
pub async fn resume(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<bool> {
    let resumed = diesel::update(newsletters::table.find(id))
        .filter(newsletters::paused_at.is_not_null())
        .filter(newsletters::cancelled_at.is_null())
        .set(newsletters::paused_at.eq(None::<DateTime<Utc>>))
        .execute(conn)
        .await?;
    diesel::sql_query("NOTIFY sillage_jobs")
        .execute(conn)
        .await?;
    Ok(resumed == 1)
}

/// Cancels a send not yet finished: nothing more goes out; the rows not in a worker's hands
/// are skipped now, the others when their lease is next claimed. False when nothing to cancel.
pub async fn cancel(
    conn: &mut AsyncPgConnection,
    id: i64,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    conn.transaction(async |conn| {
        let unfinished = diesel::dsl::exists(
            deliveries::table
                .filter(deliveries::newsletter_id.eq(id))
                .filter(deliveries::status.eq("pending")),
        );
        let cancelled = diesel::update(newsletters::table.find(id))
            .filter(newsletters::cancelled_at.is_null())
            .filter(newsletters::started_at.is_null().or(unfinished))
            .set(newsletters::cancelled_at.eq(now))
            .execute(conn)
            .await?;
        if cancelled == 0 {
            return Ok(false);
        }
        diesel::update(deliveries::table.filter(deliveries::newsletter_id.eq(id)))
            .filter(deliveries::status.eq("pending"))
            .filter(
                deliveries::locked_until
                    .is_null()
                    .or(deliveries::locked_until.lt(now)),
            )
            .set((
                deliveries::status.eq("skipped"),
                deliveries::last_error.eq("cancelled"),
                deliveries::finished_at.eq(now),
            ))
            .execute(conn)
            .await?;
        Ok(true)
    })
    .await
}
