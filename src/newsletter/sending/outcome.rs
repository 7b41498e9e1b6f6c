//! What became of each claimed delivery, written back to the ledger as it comes: sent with
//! the server's answer, retried after a backoff, failed with a hard bounce, or handed back
//! untouched by a worker that is stopping.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::jobs::backoff;
use crate::newsletter::sending::ledger::Claimed;
use crate::schema::{deliveries, readers};

/// Attempts before a temporary failure becomes final.
const MAX_ATTEMPTS: i32 = 8;

/// Closes a pending delivery in `status`.
pub(super) async fn finish(
    conn: &mut AsyncPgConnection,
    newsletter_id: i64,
    reader_id: i64,
    status: &str,
    response: Option<&str>,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(deliveries::table.find((newsletter_id, reader_id)))
        .filter(deliveries::status.eq("pending"))
        .set((
            deliveries::status.eq(status),
            deliveries::smtp_response.eq(response),
            deliveries::last_error.eq(error),
            deliveries::finished_at.eq(now),
            deliveries::locked_until.eq(None::<DateTime<Utc>>),
        ))
        .execute(conn)
        .await
}

/// Records that the SMTP server accepted the message, with its answer.
pub async fn record_sent(
    conn: &mut AsyncPgConnection,
    claimed: &Claimed,
    response: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    finish(
        conn,
        claimed.newsletter_id,
        claimed.reader_id,
        "sent",
        Some(response),
        None,
        now,
    )
    .await
    .map(|_| ())
}

/// Records a temporary failure (4xx, dropped connection): retried after a backoff, failed for
/// good once out of attempts.
pub async fn record_retry(
    conn: &mut AsyncPgConnection,
    claimed: &Claimed,
    error: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    if claimed.attempts >= MAX_ATTEMPTS {
        return finish(
            conn,
            claimed.newsletter_id,
            claimed.reader_id,
            "failed",
            None,
            Some(error),
            now,
        )
        .await
        .map(|_| ());
    }
    diesel::update(deliveries::table.find((claimed.newsletter_id, claimed.reader_id)))
        .filter(deliveries::status.eq("pending"))
        .set((
            deliveries::run_at.eq(now + backoff(claimed.attempts)),
            deliveries::last_error.eq(error),
            deliveries::locked_until.eq(None::<DateTime<Utc>>),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Records a permanent refusal (5xx): the delivery fails at once and the address counts a
/// hard bounce.
pub async fn record_bounce(
    conn: &mut AsyncPgConnection,
    claimed: &Claimed,
    error: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    conn.transaction(async |conn| {
        let failed = finish(
            conn,
            claimed.newsletter_id,
            claimed.reader_id,
            "failed",
            None,
            Some(error),
            now,
        )
        .await?;
        if failed == 1 {
            diesel::update(deliveries::table.find((claimed.newsletter_id, claimed.reader_id)))
                .set(deliveries::bounced.eq(true))
                .execute(conn)
                .await?;
            diesel::update(readers::table.find(claimed.reader_id))
                .set(readers::hard_bounces.eq(readers::hard_bounces + 1))
                .execute(conn)
                .await?;
        }
        Ok(())
    })
    .await
}

/// Hands a claimed delivery back untouched (its worker is stopping before sending it): the
/// lease ends at once and the attempt does not count.
pub async fn release(conn: &mut AsyncPgConnection, claimed: &Claimed) -> QueryResult<()> {
    diesel::update(deliveries::table.find((claimed.newsletter_id, claimed.reader_id)))
        .filter(deliveries::status.eq("pending"))
        .set((
            deliveries::locked_until.eq(None::<DateTime<Utc>>),
            deliveries::attempts.eq(deliveries::attempts - 1),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}
