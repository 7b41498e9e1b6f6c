//! Writing the counts: one transaction per flush, each table (and its monthly roll-up) in
//! batched upserts. A visitor's
//! mark is an HMAC under the day's salt; a new day's first flush drops the salts and marks of
//! the days before.

use std::collections::HashMap;

use anyhow::Context;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::analytics::counter::Pending;
use crate::analytics::rollup;
use crate::schema::{page_sources, page_views, visitor_marks, visitor_salts};

/// The path that holds the whole site's counts.
pub const SITE: &str = "*";

/// Rows per insert statement (Postgres takes at most 65,535 bound values).
const CHUNK: usize = 5_000;

/// Writes `batch`; returns how many page-day rows it touched.
pub async fn write(conn: &mut AsyncPgConnection, batch: &Pending) -> anyhow::Result<usize> {
    conn.transaction(async |conn| {
        let marks = marks(conn, batch).await?;
        let mut new_visitors: HashMap<(NaiveDate, String), i64> = HashMap::new();
        for chunk in marks.chunks(CHUNK) {
            let rows: Vec<_> = chunk
                .iter()
                .map(|(day, path, mark)| {
                    (
                        visitor_marks::day.eq(day),
                        visitor_marks::path.eq(path),
                        visitor_marks::mark.eq(mark),
                    )
                })
                .collect();
            let inserted: Vec<(NaiveDate, String)> = diesel::insert_into(visitor_marks::table)
                .values(&rows)
                .on_conflict_do_nothing()
                .returning((visitor_marks::day, visitor_marks::path))
                .get_results(conn)
                .await?;
            for key in inserted {
                *new_visitors.entry(key).or_default() += 1;
            }
        }
        let mut views: HashMap<(NaiveDate, String), i64> = batch.views.clone();
        for ((day, _), n) in &batch.views {
            *views.entry((*day, SITE.to_owned())).or_default() += n;
        }
        let counts: HashMap<(NaiveDate, String), (i64, i64)> = views
            .into_iter()
            .map(|(key, n)| {
                let visitors = new_visitors.get(&key).copied().unwrap_or(0);
                (key, (n, visitors))
            })
            .collect();
        let rows: Vec<_> = counts
            .iter()
            .map(|((day, path), (n, visitors))| {
                (
                    page_views::day.eq(*day),
                    page_views::path.eq(path.as_str()),
                    page_views::views.eq(*n),
                    page_views::visitors.eq(*visitors),
                )
            })
            .collect();
        for chunk in rows.chunks(CHUNK) {
            diesel::insert_into(page_views::table)
                .values(chunk)
                .on_conflict((page_views::day, page_views::path))
                .do_update()
                .set((
                    page_views::views.eq(page_views::views + excluded(page_views::views)),
                    page_views::visitors.eq(page_views::visitors + excluded(page_views::visitors)),
                ))
                .execute(conn)
                .await?;
        }
        let rows: Vec<_> = batch
            .sources
            .iter()
            .map(|((day, path, source), n)| {
                (
                    page_sources::day.eq(*day),
                    page_sources::path.eq(path.as_str()),
                    page_sources::source.eq(source.as_str()),
                    page_sources::views.eq(*n),
                )
            })
            .collect();
        for chunk in rows.chunks(CHUNK) {
            diesel::insert_into(page_sources::table)
                .values(chunk)
                .on_conflict((page_sources::day, page_sources::path, page_sources::source))
                .do_update()
                .set(page_sources::views.eq(page_sources::views + excluded(page_sources::views)))
                .execute(conn)
                .await?;
        }
        rollup::add(conn, &counts, &batch.sources).await?;
        anyhow::Ok(counts.len())
    })
    .await
}

/// Each visitor's marks (per page and for the whole site) under the salt of their day.
async fn marks(
    conn: &mut AsyncPgConnection,
    batch: &Pending,
) -> anyhow::Result<Vec<(NaiveDate, String, Vec<u8>)>> {
    // Each day's HMAC keyed once: a mark is then a copy of it and two blocks of hashing.
    let mut keyed: HashMap<NaiveDate, Hmac<Sha256>> = HashMap::new();
    let mut marks = Vec::with_capacity(batch.visitors.len() * 2);
    for (day, path, fingerprint) in &batch.visitors {
        if !keyed.contains_key(day) {
            let salt = salt_of(conn, *day).await?;
            let mac = Hmac::<Sha256>::new_from_slice(&salt).context("an HMAC key")?;
            keyed.insert(*day, mac);
        }
        let mut mac = keyed.get(day).context("the day's salt")?.clone();
        mac.update(fingerprint);
        let mark = mac.finalize().into_bytes().to_vec();
        marks.push((*day, path.clone(), mark.clone()));
        marks.push((*day, SITE.to_owned(), mark));
    }
    Ok(marks)
}

/// The salt of `day`, made by the first node that needs it; the salts of earlier days (and
/// with them their marks) are dropped, so yesterday's visitors can no longer be recognised.
async fn salt_of(conn: &mut AsyncPgConnection, day: NaiveDate) -> anyhow::Result<Vec<u8>> {
    diesel::delete(visitor_salts::table.filter(visitor_salts::day.lt(day)))
        .execute(conn)
        .await?;
    let mut fresh = [0u8; 32];
    getrandom::fill(&mut fresh).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    diesel::insert_into(visitor_salts::table)
        .values((
            visitor_salts::day.eq(day),
            visitor_salts::salt.eq(fresh.to_vec()),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(visitor_salts::table
        .find(day)
        .select(visitor_salts::salt)
        .first(conn)
        .await?)
}
