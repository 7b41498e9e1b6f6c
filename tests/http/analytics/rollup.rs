//! The monthly roll-up: the flush keeps it equal to the daily rows' sums, the migration fills it
//! from the days counted before it, and the dashboard's figures read through it are the days'.

use chrono::{Duration, Utc};
use diesel_async::SimpleAsyncConnection;
use sillage::analytics::Audience;
use sillage::analytics::ViewCounter;
use sillage::analytics::counter::View;

use crate::support::{TestApp, spawn_app};

/// Rows where the roll-up and the daily sums differ (in either direction).
const VIEWS_DIFFER: &str = "SELECT count(*) AS n FROM (
    (SELECT month, path, views, visitors FROM page_views_monthly
     EXCEPT SELECT date_trunc('month', day)::date, path, sum(views), sum(visitors)
            FROM page_views GROUP BY 1, 2)
    UNION ALL
    (SELECT date_trunc('month', day)::date, path, sum(views), sum(visitors)
            FROM page_views GROUP BY 1, 2
     EXCEPT SELECT month, path, views, visitors FROM page_views_monthly)) d";

const SOURCES_DIFFER: &str = "SELECT count(*) AS n FROM (
    WITH days AS (
        SELECT date_trunc('month', day)::date AS month, path, source, sum(views) AS views
        FROM page_sources GROUP BY 1, 2, 3
        UNION ALL
        SELECT date_trunc('month', day)::date, '*', source, sum(views)
        FROM page_sources GROUP BY 1, 3)
    (SELECT month, path, source, views FROM page_sources_monthly EXCEPT SELECT * FROM days)
    UNION ALL
    (SELECT * FROM days EXCEPT SELECT month, path, source, views FROM page_sources_monthly)) d";

/// Counts views over fourteen months through the node's counter, one flush per day as the
/// days come (a day's flush forgets the salts of the days before it).
async fn count_fourteen_months(app: &TestApp) {
    let counter = ViewCounter::new("localhost".to_owned(), chrono_tz::UTC);
    let today = Utc::now().date_naive();
    let mut conn = app.pool.get().await.unwrap();
    for back in (0..430).rev().step_by(9) {
        let day = today - Duration::days(back);
        for (n, page) in ["/", "/articles/une-analyse", "/articles/une-autre"]
            .iter()
            .enumerate()
        {
            for reader in 0..=(back % 4 + n as i64) {
                counter.record(View {
                    day,
                    path: page,
                    source: ["direct", "search:google.fr", "social:x.com"][reader as usize % 3]
                        .into(),
                    fingerprint: [u8::try_from(reader).unwrap(); 16],
                });
            }
        }
        counter.flush(&mut conn).await.unwrap();
    }
}

#[tokio::test]
async fn the_monthly_roll_up_holds_the_daily_sums_and_the_dashboard_reads_it() {
    let app = spawn_app().await;
    count_fourteen_months(&app).await;
    assert!(
        app.count("SELECT count(*) AS n FROM page_views_monthly")
            .await
            > 40
    );
    assert_eq!(app.count(VIEWS_DIFFER).await, 0);
    assert_eq!(app.count(SOURCES_DIFFER).await, 0);

    let today = Utc::now().date_naive();
    let mut conn = app.pool.get().await.unwrap();
    for days in [30, 90, 365] {
        let first = today - Duration::days(days - 1);
        let audience = Audience::over(&mut conn, days, today).await.unwrap();
        let in_period = |sql: &str| sql.replace("{first}", &first.to_string());
        let top = app
            .count(&in_period(
                "SELECT coalesce(sum(views), 0)::bigint AS n FROM page_views
                 WHERE path = '/articles/une-autre' AND day >= '{first}'",
            ))
            .await;
        assert_eq!(
            audience.top_pages.first(),
            Some(&("/articles/une-autre".to_owned(), top)),
            "{days} days"
        );
        let all_pages: i64 = audience.top_pages.iter().map(|(_, n)| n).sum();
        assert_eq!(all_pages, audience.views, "{days} days: every page's views");
        let searched = app
            .count(&in_period(
                "SELECT coalesce(sum(views), 0)::bigint AS n FROM page_sources
                 WHERE source = 'search:google.fr' AND day >= '{first}'",
            ))
            .await;
        assert!(
            audience
                .top_sources
                .contains(&("search".to_owned(), searched)),
            "{days} days: {:?}",
            audience.top_sources
        );
    }
}

#[tokio::test]
async fn the_roll_up_migration_reverts_and_fills_itself_from_the_days() {
    let app = spawn_app().await;
    count_fourteen_months(&app).await;
    let migration = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations/2026-12-03-190000_monthly_views"
    );
    let read = |name: &str| std::fs::read_to_string(format!("{migration}/{name}")).unwrap();
    let mut conn = app.pool.get().await.unwrap();
    conn.batch_execute(&read("down.sql")).await.unwrap();
    conn.batch_execute(&read("up.sql")).await.unwrap();
    drop(conn);
    assert!(
        app.count("SELECT count(*) AS n FROM page_views_monthly")
            .await
            > 40
    );
    assert_eq!(app.count(VIEWS_DIFFER).await, 0);
    assert_eq!(app.count(SOURCES_DIFFER).await, 0);
}
