//! Login throttling: too many failures for one account, or from one address range, within the
//! window hold further attempts back, whether the password is right or not.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::login_failures;
use crate::settings::SecuritySettings;

/// Whether attempts for `email` or from `network` are held back now.
pub async fn is_held_back(
    conn: &mut AsyncPgConnection,
    limits: &SecuritySettings,
    email: &str,
    network: &str,
) -> QueryResult<bool> {
    let since = Utc::now() - Duration::minutes(limits.login_window_minutes);
    let for_account: i64 = login_failures::table
        .filter(login_failures::email.eq(email))
        .filter(login_failures::failed_at.gt(since))
        .count()
        .get_result(conn)
        .await?;
    if for_account >= limits.login_max_failures_per_account {
        return Ok(true);
    }
    let for_network: i64 = login_failures::table
        .filter(login_failures::client_network.eq(network))
        .filter(login_failures::failed_at.gt(since))
        .count()
        .get_result(conn)
        .await?;
    Ok(for_network >= limits.login_max_failures_per_network)
}

/// Records one failed attempt (and forgets those older than a day).
pub async fn record_failure(
    conn: &mut AsyncPgConnection,
    email: &str,
    network: &str,
) -> QueryResult<()> {
    diesel::delete(
        login_failures::table.filter(login_failures::failed_at.lt(Utc::now() - Duration::days(1))),
    )
    .execute(conn)
    .await?;
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::email.eq(email),
            login_failures::client_network.eq(network),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Forgets the account's failures after a successful login.
pub async fn clear(conn: &mut AsyncPgConnection, email: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::email.eq(email)))
        .execute(conn)
        .await
        .map(|_| ())
}
