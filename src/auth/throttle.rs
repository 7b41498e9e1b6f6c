//! Login throttling: too many failures for one account, or from one address range, within the
//! window hold further attempts back, whether the password is right or not. An attempt counts
//! as a failure before its password is checked, under a lock on the account and the range, so
//! that parallel attempts cannot all pass the count before any is recorded; a success forgets
//! the account's failures.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::schema::login_failures;
use crate::settings::SecuritySettings;

/// Takes one attempt for `email` from `network`, recorded as a failure until [`clear`]ed;
/// `false` (nothing recorded) when either is held back.
pub async fn take_attempt(
    conn: &mut AsyncPgConnection,
    limits: &SecuritySettings,
    email: &str,
    network: &str,
) -> QueryResult<bool> {
    let since = Utc::now() - Duration::minutes(limits.login_window_minutes);
    conn.transaction(async |conn| {
        // The account first, then the range: every attempt locks in this order.
        for (class, key) in [(13, email), (14, network)] {
            diesel::sql_query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
                .bind::<diesel::sql_types::Integer, _>(class)
                .bind::<Text, _>(key)
                .execute(conn)
                .await?;
        }
        let for_account: i64 = login_failures::table
            .filter(login_failures::email.eq(email))
            .filter(login_failures::failed_at.gt(since))
            .count()
            .get_result(conn)
            .await?;
        let for_network: i64 = login_failures::table
            .filter(login_failures::client_network.eq(network))
            .filter(login_failures::failed_at.gt(since))
            .count()
            .get_result(conn)
            .await?;
        if for_account >= limits.login_max_failures_per_account
            || for_network >= limits.login_max_failures_per_network
        {
            return Ok(false);
        }
        diesel::delete(
            login_failures::table
                .filter(login_failures::failed_at.lt(Utc::now() - Duration::days(1))),
        )
        .execute(conn)
        .await?;
        diesel::insert_into(login_failures::table)
            .values((
                login_failures::email.eq(email),
                login_failures::client_network.eq(network),
            ))
            .execute(conn)
            .await?;
        Ok(true)
    })
    .await
}

/// Forgets the account's failures after a successful login.
pub async fn clear(conn: &mut AsyncPgConnection, email: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::email.eq(email)))
        .execute(conn)
        .await
        .map(|_| ())
}
