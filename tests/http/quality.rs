//! Quality bars checked on the served pages: valid HTML (W3C Nu checker) and the weight of the
//! article page.

use reqwest::StatusCode;

use crate::support::site::{RICH, SERIES, THEMES, publish_site};
use crate::support::tools::assert_valid_html;
use crate::support::{TestApp, attrs, new_client, spawn_app};

/// The rich article's page.
fn article() -> String {
    format!("/articles/{RICH}")
}

/// The main pages, each with the status it answers.
fn main_pages() -> [(String, u16); 8] {
    [
        ("/".to_owned(), 200),
        (article(), 200),
        (format!("/series/{SERIES}"), 200),
        (format!("/themes/{}", THEMES[0].0), 200),
        ("/search?q=batterie".to_owned(), 200),
        ("/newsletter".to_owned(), 200),
        ("/cette-page-n-existe-pas".to_owned(), 404),
        ("/admin/login".to_owned(), 200),
    ]
}

#[tokio::test]
async fn the_main_pages_are_valid_html() {
    let mut app = spawn_app().await;
    // With an author (who published), the login page is a login page, not the first-run setup.
    publish_site(&mut app).await;
    let reader = new_client();
    let mut pages = Vec::new();
    for (path, status) in main_pages() {
        let response = reader
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        pages.push(response.text().await.unwrap());
    }
    // page-N of the report is main_pages()[N].
    assert_valid_html(&pages);
}

#[tokio::test]
async fn the_article_page_transfers_under_100_kb_before_images() {
    let mut app = spawn_app().await;
    // With its neighbours, the article page carries its related cards too.
    publish_site(&mut app).await;
    let html = compressed(&app, &article()).await;
    let page = app.page(&article()).await;
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
