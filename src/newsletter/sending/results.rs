//! What a send did, once delivered: how many messages the receiving servers accepted, how many
//! failed after their retries, how many were refused for good (bounces), all from the delivery
//! ledger, and how many of its readers unsubscribed within a week of it: those who followed
//! its own unsubscribe link, and those of its recipients who left some other way.

use chrono::Duration;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Interval};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// How long after a send an unsubscribe of its recipients counts for it.
pub const UNSUBSCRIBE_WINDOW: Duration = Duration::days(7);

/// A send's results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, QueryableByName)]
pub struct SendResults {
    /// Accepted by the receiving server.
    #[diesel(sql_type = BigInt)]
    pub delivered: i64,
    /// Failed for good after temporary errors.
    #[diesel(sql_type = BigInt)]
    pub failed: i64,
    /// Refused for good by the receiving server.
    #[diesel(sql_type = BigInt)]
    pub bounced: i64,
    /// Unsubscribed within [`UNSUBSCRIBE_WINDOW`] of the send's start.
    #[diesel(sql_type = BigInt)]
    pub unsubscribed: i64,
}

/// The results of newsletter `id` (all zero before it starts).
pub async fn of_send(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<SendResults> {
    diesel::sql_query(
        "SELECT
           count(*) FILTER (WHERE d.status = 'sent') AS delivered,
           count(*) FILTER (WHERE d.status = 'failed' AND NOT d.bounced) AS failed,
           count(*) FILTER (WHERE d.status = 'failed' AND d.bounced) AS bounced,
           (SELECT count(*) FROM newsletter_subscriptions s JOIN newsletters n ON n.id = $1
             WHERE s.unsubscribed_at >= n.started_at AND s.unsubscribed_at < n.started_at + $2
               AND (s.unsubscribed_newsletter_id = n.id
                    OR (s.unsubscribed_newsletter_id IS NULL AND EXISTS (
                        SELECT 1 FROM deliveries r WHERE r.newsletter_id = n.id
                          AND r.reader_id = s.reader_id AND r.status = 'sent')))
           ) AS unsubscribed
         FROM deliveries d WHERE d.newsletter_id = $1",
    )
    .bind::<BigInt, _>(id)
    .bind::<Interval, _>(pg_interval(UNSUBSCRIBE_WINDOW))
    .get_result(conn)
    .await
}

/// The window as Postgres's interval.
fn pg_interval(window: Duration) -> diesel::data_types::PgInterval {
    diesel::data_types::PgInterval::from_days(i32::try_from(window.num_days()).unwrap_or(i32::MAX))
}
