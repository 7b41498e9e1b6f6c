//! Installation secrets, generated on first use and kept in the database so that every node
//! shares them and no secret ships with the code or has a usable default.

use anyhow::Context;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::site_secrets;

/// The secret called `name`: created once (32 random bytes), then always the same.
pub async fn get_or_create(conn: &mut AsyncPgConnection, name: &str) -> anyhow::Result<Vec<u8>> {
    let mut fresh = vec![0u8; 32];
    getrandom::fill(&mut fresh).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    diesel::insert_into(site_secrets::table)
        .values((site_secrets::name.eq(name), site_secrets::value.eq(&fresh)))
        .on_conflict(site_secrets::name)
        .do_nothing()
        .execute(conn)
        .await
        .context("cannot store a new secret")?;
    site_secrets::table
        .find(name)
        .select(site_secrets::value)
        .first(conn)
        .await
        .context("cannot read a secret")
}
