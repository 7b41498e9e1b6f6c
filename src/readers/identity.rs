//! The verified reader identity shared by every reader feature (newsletter, thread follows):
//! an address is recorded once, and a confirmation link is mailed to it within the limits.
//! Confirming the address activates whatever the reader asked for meanwhile.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::auth::token::{hash_token, random_token};
use crate::domain::EmailAddress;
use crate::jobs::Job;
use crate::readers::emails;
use crate::readers::model::ConfirmLimits;
use crate::schema::{confirmation_tokens, readers};

/// A reader as recorded by [`record_reader`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordedReader {
    /// The reader's id.
    pub id: i64,
    /// Whether the address is already confirmed.
    pub confirmed: bool,
}

fn random_error(error: impl ToString) -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(error.to_string().into())
}

/// Records the address (once) and serialises what follows for that address until the end of
/// the caller's transaction, so that the confirmation limits are exact. Call it inside a
/// transaction.
pub async fn record_reader(
    conn: &mut AsyncPgConnection,
    email: &EmailAddress,
) -> QueryResult<RecordedReader> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(random_error)?;
    let (id, confirmed_at): (i64, Option<DateTime<Utc>>) = diesel::insert_into(readers::table)
        .values((
            readers::email.eq(email.as_str()),
            readers::link_salt.eq(salt.to_vec()),
        ))
        .on_conflict(readers::email)
        .do_update()
        .set(readers::email.eq(diesel::upsert::excluded(readers::email)))
        .returning((readers::id, readers::confirmed_at))
        .get_result(conn)
        .await?;
    diesel::sql_query("SELECT pg_advisory_xact_lock(7, hashtext($1))")
        .bind::<diesel::sql_types::Text, _>(email.as_str())
        .execute(conn)
        .await?;
    Ok(RecordedReader {
        id,
        confirmed: confirmed_at.is_some(),
    })
}

/// Records the address as confirmed at `at` (unless it was confirmed earlier) for a reader
/// someone vouches for: the author adding a consented subscriber, or an import of confirmed
/// subscriptions. Returns the reader's id.
pub async fn record_confirmed_reader(
    conn: &mut AsyncPgConnection,
    email: &EmailAddress,
    at: DateTime<Utc>,
) -> QueryResult<i64> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(random_error)?;
    diesel::insert_into(readers::table)
        .values((
            readers::email.eq(email.as_str()),
            readers::link_salt.eq(salt.to_vec()),
            readers::confirmed_at.eq(at),
        ))
        .on_conflict(readers::email)
        .do_update()
        .set(readers::confirmed_at.eq(diesel::dsl::sql::<
            diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
        >(
            "coalesce(readers.confirmed_at, excluded.confirmed_at)"
        )))
        .returning(readers::id)
        .get_result(conn)
        .await
}

/// What became of a confirmation link asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmationLink {
    /// A new link is queued for mailing.
    Queued,
    /// None: a link that is still unused left less than the minimum interval ago (it confirms
    /// this request too).
    Recent,
    /// None: the day's confirmations to this address are used up.
    DailyLimit,
}

/// Queues a new confirmation link for the reader unless an unused one left less than
/// `limits.min_interval` ago or `limits.max_per_day` already left today.
/// Call it inside the transaction of [`record_reader`].
pub async fn queue_confirmation(
    conn: &mut AsyncPgConnection,
    reader_id: i64,
    limits: ConfirmLimits,
    now: DateTime<Utc>,
) -> QueryResult<ConfirmationLink> {
    let sent = |since: DateTime<Utc>| {
        confirmation_tokens::table
            .filter(confirmation_tokens::reader_id.eq(reader_id))
            .filter(confirmation_tokens::created_at.gt(since))
    };
    // A link already pressed does not hold the next one back: the reader got it.
    let unused_recent: i64 = sent(now - limits.min_interval)
        .filter(confirmation_tokens::used_at.is_null())
        .count()
        .get_result(conn)
        .await?;
    if unused_recent > 0 {
        return Ok(ConfirmationLink::Recent);
    }
    let today: i64 = sent(now - Duration::days(1))
        .count()
        .get_result(conn)
        .await?;
    if today >= limits.max_per_day {
        return Ok(ConfirmationLink::DailyLimit);
    }
    let token = random_token().map_err(random_error)?;
    diesel::insert_into(confirmation_tokens::table)
        .values((
            confirmation_tokens::token_hash.eq(hash_token(&token)),
            confirmation_tokens::reader_id.eq(reader_id),
            confirmation_tokens::expires_at.eq(now + limits.lifetime),
            confirmation_tokens::created_at.eq(now),
        ))
        .execute(conn)
        .await?;
    emails::SendConfirmation { reader_id, token }
        .enqueue(conn)
        .await?;
    Ok(ConfirmationLink::Queued)
}
