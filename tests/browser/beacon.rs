//! The view beacon in a real browser (`analytics.mode = "beacon"`): a page shown in Chromium
//! reports itself through `site.js`, once, with the page it was reached from.

use crate::driver::Browser;
use crate::support::analytics::{ANALYSED, spawn_beacon_app};

/// A desktop Chromium's user agent: headless Chromium names itself, and robots are not counted.
const CHROME: &str = "--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 \
    (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

#[tokio::test]
async fn a_page_shown_in_a_browser_reports_its_view_once() {
    let app = spawn_beacon_app().await;
    let browser = Browser::start_with(&[CHROME]).await;
    let c = &browser.client;
    c.goto(&format!("{}/?utm_source=newsletter", app.address))
        .await
        .unwrap();
    c.goto(&format!("{}/articles/{ANALYSED}", app.address))
        .await
        .unwrap();
    let counted = |path: &'static str| {
        let app = &app;
        async move {
            app.count(&format!(
                "SELECT coalesce(sum(views), 0)::bigint AS n FROM page_views WHERE path = '{path}'"
            ))
            .await
        }
    };
    crate::support::eventually("both views were reported", async || {
        counted("/").await == 1 && counted("/articles/une-analyse").await == 1
    })
    .await;
    assert_eq!(
        app.count(
            "SELECT coalesce(sum(views), 0)::bigint AS n FROM page_sources \
             WHERE path = '/' AND source = 'newsletter:newsletter'"
        )
        .await,
        1,
        "the home page's campaign, from its query"
    );
    assert_eq!(
        counted("*").await,
        2,
        "two views in all: none counted twice"
    );
}
