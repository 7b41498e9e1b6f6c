//! The delivery ledger: one row per (newsletter, subscriber), written once in the transaction
//! that starts the send. Rows are claimed in small batches with `FOR UPDATE SKIP LOCKED` under a
//! lease committed before any SMTP traffic, so several workers share a send and a crashed
//! worker's rows return when the lease expires. The author's pause, resume and cancel live here.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int4, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::newsletter::model::{AUDIENCE, LATE};
use crate::newsletter::sending::outcome::finish;
use crate::schema::newsletters;

/// How long claimed rows are reserved for their worker.
const LEASE: Duration = Duration::minutes(2);

/// A delivery claimed by this worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct Claimed {
    /// The newsletter.
    #[diesel(sql_type = BigInt)]
    pub newsletter_id: i64,
    /// The recipient.
    #[diesel(sql_type = BigInt)]
    pub reader_id: i64,
    /// Attempts so far, this one included.
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
}

#[derive(QueryableByName)]
struct Picked {
    #[diesel(sql_type = BigInt)]
    newsletter_id: i64,
    #[diesel(sql_type = BigInt)]
    reader_id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    skip: Option<String>,
}

/// Writes the ledger and moves the newsletter to "sending", once: a second call (another tick,
/// another node, a restart) finds it started and does nothing. Returns the planned count.
pub async fn start(
    conn: &mut AsyncPgConnection,
    id: i64,
    now: DateTime<Utc>,
    max_bounces: i32,
) -> QueryResult<Option<usize>> {
    conn.transaction(async |conn| {
        let started = diesel::update(newsletters::table.find(id))
            .filter(newsletters::started_at.is_null())
            .filter(newsletters::cancelled_at.is_null())
            .set(newsletters::started_at.eq(now))
            .execute(conn)
            .await?;
        if started == 0 {
            return Ok(None);
        }
        let planned = diesel::sql_query(format!(
            "INSERT INTO deliveries (newsletter_id, reader_id, run_at)
             SELECT $1, a.id, $3 FROM ({AUDIENCE}) a ON CONFLICT DO NOTHING"
        ))
        .bind::<BigInt, _>(id)
        .bind::<Int4, _>(max_bounces)
        .bind::<Timestamptz, _>(now)
        .execute(conn)
        .await?;
        diesel::sql_query("NOTIFY sillage_jobs")
            .execute(conn)
            .await?;
        Ok(Some(planned))
    })
    .await
}

/// Starts the scheduled sends due at `now`, except those more than [`LATE`]: returns how many.
pub async fn start_due(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    max_bounces: i32,
) -> QueryResult<usize> {
    let due: Vec<i64> = newsletters::table
        .filter(newsletters::started_at.is_null())
        .filter(newsletters::cancelled_at.is_null())
        .filter(newsletters::scheduled_at.le(now))
        .filter(newsletters::scheduled_at.ge(now - LATE))
        .select(newsletters::id)
        .load(conn)
        .await?;
    let mut started = 0;
    for id in due {
        if start(conn, id, now, max_bounces).await?.is_some() {
            tracing::info!(newsletter_id = id, "scheduled send started");
            started += 1;
        }
    }
    Ok(started)
}

/// When the next scheduled send that [`start_due`] would start falls due, if any (one more
/// than [`LATE`] overdue waits for the author instead).
pub async fn next_scheduled(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> QueryResult<Option<DateTime<Utc>>> {
    newsletters::table
        .filter(newsletters::started_at.is_null())
        .filter(newsletters::cancelled_at.is_null())
        .filter(newsletters::scheduled_at.ge(now - LATE))
        .select(diesel::dsl::min(newsletters::scheduled_at))
        .first(conn)
        .await
}

/// Claims up to `limit` due deliveries of running sends and commits their lease. Rows whose
/// reader unsubscribed (or bounces) since, or whose send was cancelled, are marked skipped.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    limit: i64,
    max_bounces: i32,
) -> QueryResult<Vec<Claimed>> {
    conn.transaction(async |conn| {
        let picked: Vec<Picked> = diesel::sql_query(
            "SELECT d.newsletter_id, d.reader_id,
                CASE WHEN n.cancelled_at IS NOT NULL THEN 'cancelled'
                     WHEN NOT EXISTS (SELECT 1 FROM newsletter_subscriptions s
                         JOIN readers r ON r.id = s.reader_id
                         WHERE s.reader_id = d.reader_id AND s.status = 'subscribed'
                           AND r.hard_bounces < $3) THEN 'unsubscribed' END AS skip
             FROM deliveries d JOIN newsletters n ON n.id = d.newsletter_id
             WHERE d.status = 'pending' AND d.run_at <= $1
               AND (d.locked_until IS NULL OR d.locked_until < $1) AND n.paused_at IS NULL
             ORDER BY d.run_at LIMIT $2
             FOR UPDATE OF d SKIP LOCKED",
        )
        .bind::<Timestamptz, _>(now)
        .bind::<BigInt, _>(limit)
        .bind::<Int4, _>(max_bounces)
        .load(conn)
        .await?;
        let (skipped, ready): (Vec<_>, Vec<_>) = picked.into_iter().partition(|p| p.skip.is_some());
        for row in skipped {
            finish(
                conn,
                row.newsletter_id,
                row.reader_id,
                "skipped",
                None,
                row.skip.as_deref(),
                now,
            )
            .await?;
        }
        let (newsletter_ids, reader_ids): (Vec<i64>, Vec<i64>) =
            ready.iter().map(|p| (p.newsletter_id, p.reader_id)).unzip();
        diesel::sql_query(
            "UPDATE deliveries SET locked_until = $1, attempts = attempts + 1
             WHERE (newsletter_id, reader_id) IN (SELECT * FROM unnest($2::bigint[], $3::bigint[]))
             RETURNING newsletter_id, reader_id, attempts",
        )
        .bind::<Timestamptz, _>(now + LEASE)
        .bind::<Array<BigInt>, _>(newsletter_ids)
        .bind::<Array<BigInt>, _>(reader_ids)
        .load(conn)
        .await
    })
    .await
}
