//! Benchmark (not a timed test): seeds two years of daily counts for 1,000 published articles
//! (views, visitors and a source for each article and day, the site's totals and their monthly
//! roll-ups, ratings, comments and attributed subscriptions), then times the queries behind the dashboard `/admin` and an
//! article's stats page for each period. Prints the median and the slowest of a few runs.
//! `cargo bench --bench analytics_pages`; `SILLAGE_BENCH_ARTICLES` changes the number of
//! articles. Target: under 50 ms each.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test or a benchmark stops by panicking"
)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use sillage::analytics::Audience;
use sillage::analytics::article_report::ArticleReport;
use sillage::schema::page_views;
use support::TestDatabase;

const DAYS: i64 = 730;
const RUNS: usize = 7;

async fn run(conn: &mut AsyncPgConnection, sql: &str) {
    diesel::sql_query(sql).execute(conn).await.unwrap();
}

/// Median and slowest of `RUNS` timings, in milliseconds.
fn figures(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(times[times.len() / 2]), ms(times[times.len() - 1]))
}

#[tokio::main]
async fn main() {
    let articles: i64 = std::env::var("SILLAGE_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    let database = TestDatabase::create().await;
    let pool = sillage::db::build_pool(&database.url, 2, Duration::from_secs(5)).unwrap();
    let mut conn = pool.get().await.unwrap();
    let seeding = Instant::now();
    run(&mut conn, &format!("INSERT INTO articles (slug, title, status, published_at) SELECT 'article-' || n, 'Article ' || n, 'published', now() - interval '2 years' FROM generate_series(1, {articles}) n")).await;
    run(&mut conn, &format!("INSERT INTO page_views (day, path, views, visitors) SELECT current_date - d, '/articles/' || a.slug, 1 + (a.id * 7 + d) % 50, 1 + (a.id * 7 + d) % 30 FROM articles a, generate_series(0, {}) d", DAYS - 1)).await;
    run(&mut conn, "INSERT INTO page_views (day, path, views, visitors) SELECT day, '*', sum(views), sum(visitors) FROM page_views GROUP BY day").await;
    run(&mut conn, "INSERT INTO page_sources (day, path, source, views) SELECT day, path, (ARRAY['search:google.fr', 'direct', 'social:x.com', 'site:autoplus.fr'])[1 + (views % 4)], views FROM page_views WHERE path <> '*'").await;
    run(&mut conn, "INSERT INTO page_views_monthly (month, path, views, visitors) SELECT date_trunc('month', day)::date, path, sum(views), sum(visitors) FROM page_views GROUP BY 1, 2").await;
    run(&mut conn, "INSERT INTO page_sources_monthly (month, path, source, views) SELECT date_trunc('month', day)::date, path, source, sum(views) FROM page_sources GROUP BY 1, 2, 3 UNION ALL SELECT date_trunc('month', day)::date, '*', source, sum(views) FROM page_sources GROUP BY 1, 3").await;
    run(&mut conn, "INSERT INTO ratings (article_id, reader_id, stars, client_network, created_at, updated_at) SELECT a.id, 'lecteur-' || a.id || '-' || lpad(r::text, 16, '0'), 1 + (a.id + r) % 5, '192.0.2.0/24', now() - (r || ' days')::interval, now() FROM articles a, generate_series(1, 20) r").await;
    run(&mut conn, "INSERT INTO comments (article_id, depth, author_name, author_email, body_markdown, body_html, status, notify, client_network, created_at) SELECT a.id, 0, 'Lecteur', 'l@example.org', 'Merci', '<p>Merci</p>', 'approved', 'none', '192.0.2.0/24', now() - (c * 7 || ' days')::interval FROM articles a, generate_series(1, 20) c").await;
    run(&mut conn, &format!("INSERT INTO readers (email, confirmed_at, link_salt) SELECT 'r' || n || '@example.org', now(), decode('00112233445566778899aabbccddeeff', 'hex') FROM generate_series(1, {}) n", articles * 5)).await;
    run(&mut conn, &format!("INSERT INTO newsletter_subscriptions (reader_id, status, consent_text, consent_at, consent_network, subscribed_at, source_article_id) SELECT r.id, 'subscribed', 'ok', now(), '192.0.2.0/24', now() - (r.id % {DAYS} || ' days')::interval, (SELECT min(id) FROM articles) + r.id % {articles} FROM readers r")).await;
    run(&mut conn, "ANALYZE").await;
    let rows: i64 = page_views::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    println!(
        "seeded {articles} articles x {DAYS} days ({rows} page-day rows) in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    let today = Utc::now().date_naive();
    let article_id: i64 = articles / 2;
    let path = format!("/articles/article-{article_id}");
    for days in [30, 90, 365] {
        let mut dashboard = Vec::new();
        let mut article = Vec::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            Audience::over(&mut conn, days, today).await.unwrap();
            dashboard.push(start.elapsed());
            let start = Instant::now();
            ArticleReport::over(&mut conn, article_id, &path, days, today, chrono_tz::UTC)
                .await
                .unwrap();
            article.push(start.elapsed());
        }
        let (d_median, d_max) = figures(dashboard);
        let (a_median, a_max) = figures(article);
        println!(
            "{days:>3} days: dashboard {d_median:.1} ms (slowest {d_max:.1}), article stats {a_median:.1} ms (slowest {a_max:.1})"
        );
    }
}
