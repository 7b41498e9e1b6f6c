//! Quality bars checked on the served pages: valid HTML (W3C Nu checker) and the weight of the
//! article page.

use std::process::Command;

use reqwest::StatusCode;

use crate::support::tools::{ScratchDir, vnu_jar};
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
    let jar = vnu_jar();
    let app = spawn_app_with(|s| s.site.demo_on_empty = true).await;
    // With an author, the login page is a login page (not the first-run setup).
    app.set_up_author().await;
    let reader = new_client();
    let dir = ScratchDir::new("vnu");
    let mut files = Vec::new();
    for (n, (path, status)) in PAGES.iter().enumerate() {
        let response = reader
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), *status, "GET {path}");
        let file = dir.0.join(format!("page-{n}.html"));
        std::fs::write(&file, response.text().await.unwrap()).unwrap();
        files.push(file);
    }
    let output = Command::new("java")
        .args(["-jar", &jar, "--errors-only", "--format", "text"])
        .args(&files)
        .output()
        .expect("java runs (Java 11 or later is needed by the Nu checker)");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the Nu checker found errors (page-N is PAGES[N]):\n{report}"
    );
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
