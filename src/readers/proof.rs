//! Proof that a request comes from a reader: the browser whose signed reader cookie pressed one
//! of the reader's confirmation links. Knowing an address proves nothing; a request without
//! that proof for a confirmed address waits for a new confirmation by email.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::domain::EmailAddress;
use crate::schema::{reader_browsers, readers};

/// Records that the browser `browser_id` proved it holds the reader's address.
pub async fn prove(
    conn: &mut AsyncPgConnection,
    browser_id: &str,
    reader_id: i64,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(reader_browsers::table)
        .values((
            reader_browsers::browser_id.eq(browser_id),
            reader_browsers::reader_id.eq(reader_id),
            reader_browsers::proved_at.eq(now),
        ))
        .on_conflict((reader_browsers::browser_id, reader_browsers::reader_id))
        .do_update()
        .set(reader_browsers::proved_at.eq(now))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Whether `browser_id` (a verified reader cookie, if the request had one) proved it holds
/// `email`, a confirmed address.
pub async fn proves(
    conn: &mut AsyncPgConnection,
    browser_id: Option<&str>,
    email: &EmailAddress,
) -> QueryResult<bool> {
    let Some(browser_id) = browser_id else {
        return Ok(false);
    };
    diesel::select(diesel::dsl::exists(
        reader_browsers::table
            .inner_join(readers::table)
            .filter(reader_browsers::browser_id.eq(browser_id))
            .filter(readers::email.eq(email.as_str()))
            .filter(readers::confirmed_at.is_not_null()),
    ))
    .get_result(conn)
    .await
}
