//! Quality bars checked on the served pages: valid HTML (W3C Nu checker) and the weight of the
//! article page.

use reqwest::StatusCode;

use crate::support::tools::assert_valid_html;
use crate::support::{TestApp, attrs, new_client, spawn_app_with};

const ARTICLE: &str = "/articles/modele-agence-qui-paie-la-distribution";

/// The main pages, each with the status it answers.
const PAGES: [(&str, u16); 8] = [
    ("/", 200),
    (ARTICLE, 200),
    ("/series/strategies-decodees", 200),
    ("/themes/technologie-ve", 200),
    ("/search?q=batterie", 200),
    ("/newsletter", 200),
    ("/cette-page-n-existe-pas", 404),
    ("/admin/login", 200),
];

#[tokio::test]
async fn the_main_pages_are_valid_html() {
    let app = spawn_app_with(|s| s.site.demo_on_empty = true).await;
    // With an author, the login page is a login page (not the first-run setup).
    app.set_up_author().await;
    let reader = new_client();
    let mut pages = Vec::new();
    for (path, status) in PAGES {
        let response = reader
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        pages.push(response.text().await.unwrap());
    }
    // page-N of the report is PAGES[N].
    assert_valid_html(&pages);
}

#[tokio::test]
async fn the_article_page_transfers_under_100_kb_before_images() {
    let app = spawn_app_with(|s| s.site.demo_on_empty = true).await;
    let html = compressed(&app, ARTICLE).await;
    let page = app.page(ARTICLE).await;
    let mut assets = attrs(&page, "link[rel=stylesheet]", "href");
    assets.extend(attrs(&page, "script[src]", "src"));
    assert!(!assets.is_empty());
    let mut total = html;
    for asset in &assets {
        total += compressed(&app, asset).await;
    }
    println!("article page: {total} bytes over the wire before images ({assets:?})");
    assert!(total < 100 * 1024, "{total} bytes");
}

/// The bytes of `path` as served to a browser that accepts compression.
async fn compressed(app: &TestApp, path: &str) -> usize {
    // The test client does not decompress: what it reads is what went over the wire.
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.bytes().await.unwrap().len()
}
