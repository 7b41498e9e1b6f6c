//! The monthly roll-ups of the daily counts: written by the flush in its own transaction, next to
//! the daily rows, and read for a period through its [`Span`]: the whole months from here, the
//! partial months' days from the daily tables.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text};
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::analytics::span::{Span, month_of};
use crate::analytics::store::SITE;
use crate::schema::{page_sources_monthly, page_views_monthly};

/// Rows per insert statement (Postgres takes at most 65,535 bound values).
const CHUNK: usize = 5_000;

/// A page (or source) and its views over a period.
#[derive(Debug, QueryableByName)]
struct Summed {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = BigInt)]
    views: i64,
}

/// Adds a flush's daily figures to their months: `views` holds views and new visitors per day
/// and page (the site's `*` included), `sources` views per day, page and source.
pub async fn add(
    conn: &mut AsyncPgConnection,
    views: &HashMap<(NaiveDate, String), (i64, i64)>,
    sources: &HashMap<(NaiveDate, String, String), i64>,
) -> QueryResult<()> {
    let mut months: HashMap<(NaiveDate, &str), (i64, i64)> = HashMap::new();
    for ((day, path), (n, visitors)) in views {
        let entry = months.entry((month_of(*day), path)).or_default();
        entry.0 += n;
        entry.1 += visitors;
    }
    let rows: Vec<_> = months
        .iter()
        .map(|((month, path), (n, visitors))| {
            (
                page_views_monthly::month.eq(*month),
                page_views_monthly::path.eq(*path),
                page_views_monthly::views.eq(*n),
                page_views_monthly::visitors.eq(*visitors),
            )
        })
        .collect();
    for chunk in rows.chunks(CHUNK) {
        diesel::insert_into(page_views_monthly::table)
            .values(chunk)
            .on_conflict((page_views_monthly::month, page_views_monthly::path))
            .do_update()
            .set((
                page_views_monthly::views
                    .eq(page_views_monthly::views + excluded(page_views_monthly::views)),
                page_views_monthly::visitors
                    .eq(page_views_monthly::visitors + excluded(page_views_monthly::visitors)),
            ))
            .execute(conn)
            .await?;
    }
    let mut monthly: HashMap<(NaiveDate, &str, &str), i64> = HashMap::new();
    for ((day, path, source), n) in sources {
        *monthly.entry((month_of(*day), path, source)).or_default() += n;
        *monthly.entry((month_of(*day), SITE, source)).or_default() += n;
    }
    let rows: Vec<_> = monthly
        .iter()
        .map(|((month, path, source), n)| {
            (
                page_sources_monthly::month.eq(*month),
                page_sources_monthly::path.eq(*path),
                page_sources_monthly::source.eq(*source),
                page_sources_monthly::views.eq(*n),
            )
        })
        .collect();
    for chunk in rows.chunks(CHUNK) {
        diesel::insert_into(page_sources_monthly::table)
            .values(chunk)
            .on_conflict((
                page_sources_monthly::month,
                page_sources_monthly::path,
                page_sources_monthly::source,
            ))
            .do_update()
            .set(
                page_sources_monthly::views
                    .eq(page_sources_monthly::views + excluded(page_sources_monthly::views)),
            )
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// The `limit` most viewed pages (the site's total left out) over `span`, most first.
pub async fn top_pages(
    conn: &mut AsyncPgConnection,
    span: Span,
    limit: i64,
) -> QueryResult<Vec<(String, i64)>> {
    let rows: Vec<Summed> = bind_span(
        diesel::sql_query(
            "SELECT path AS key, sum(views)::bigint AS views FROM (
               SELECT path, views FROM page_views_monthly
                 WHERE path <> '*' AND month BETWEEN $1 AND $2
               UNION ALL
               SELECT path, views FROM page_views
                 WHERE path <> '*' AND (day BETWEEN $3 AND $4 OR day BETWEEN $5 AND $6)
               UNION ALL
               SELECT path, -views FROM page_views
                 WHERE path <> '*' AND (day BETWEEN $7 AND $8 OR day BETWEEN $9 AND $10)
             ) pieces GROUP BY path HAVING sum(views) > 0 ORDER BY 2 DESC, 1 LIMIT $11",
        )
        .into_boxed(),
        span,
    )
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.views)).collect())
}

/// Views per source over `span` of the page `path`, or of the whole site when it is `*`.
pub async fn sources(
    conn: &mut AsyncPgConnection,
    span: Span,
    path: &str,
) -> QueryResult<Vec<(String, i64)>> {
    // The daily table has no site rows: the site's days are every page's.
    let daily = if path == SITE {
        "$11 = '*'"
    } else {
        "path = $11"
    };
    let rows: Vec<Summed> = bind_span(
        diesel::sql_query(format!(
            "SELECT source AS key, sum(views)::bigint AS views FROM (
               SELECT source, views FROM page_sources_monthly
                 WHERE path = $11 AND month BETWEEN $1 AND $2
               UNION ALL
               SELECT source, views FROM page_sources
                 WHERE {daily} AND (day BETWEEN $3 AND $4 OR day BETWEEN $5 AND $6)
               UNION ALL
               SELECT source, -views FROM page_sources
                 WHERE {daily} AND (day BETWEEN $7 AND $8 OR day BETWEEN $9 AND $10)
             ) pieces GROUP BY source HAVING sum(views) > 0"
        ))
        .into_boxed(),
        span,
    )
    .bind::<Text, _>(path.to_owned())
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.views)).collect())
}

/// Binds the span's ten dates as `$1` to `$10`.
fn bind_span(
    query: diesel::query_builder::BoxedSqlQuery<
        'static,
        diesel::pg::Pg,
        diesel::query_builder::SqlQuery,
    >,
    span: Span,
) -> diesel::query_builder::BoxedSqlQuery<'static, diesel::pg::Pg, diesel::query_builder::SqlQuery>
{
    let ranges = [
        span.months,
        span.added[0],
        span.added[1],
        span.removed[0],
        span.removed[1],
    ];
    ranges.into_iter().fold(query, |query, (from, to)| {
        query.bind::<Date, _>(from).bind::<Date, _>(to)
    })
}
