//! Private audience counts: what is counted (a reader's view of a public page, cached or not)
//! and what is not (robots, prefetches, `HEAD`, the admin, errors), the visitors estimated
//! under a salt of the day, referrers grouped, and the dashboard that shows them.

mod beacon;
mod clicks;
mod rollup;

use reqwest::StatusCode;
use reqwest::header::{REFERER, USER_AGENT};

use crate::support::tools::assert_valid_html;
use crate::support::{TestApp, spawn_app_with, texts};

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

async fn visit(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> StatusCode {
    let mut request = reqwest::Client::new().get(format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap().status()
}

async fn views(app: &TestApp, path: &str) -> (i64, i64) {
    let of = |column: &str| {
        format!(
            "SELECT coalesce(sum({column}), 0)::bigint AS n FROM page_views WHERE path = '{path}'"
        )
    };
    (
        app.count(&of("views")).await,
        app.count(&of("visitors")).await,
    )
}

async fn from_source(app: &TestApp, path: &str, source: &str) -> i64 {
    app.count(&format!(
        "SELECT coalesce(sum(views), 0)::bigint AS n FROM page_sources WHERE path = '{path}' AND source = '{source}'"
    ))
    .await
}

#[tokio::test]
async fn readers_views_are_counted_once_each_and_robots_prefetches_and_errors_never() {
    let app = spawn_app_with(|s| s.analytics.flush_seconds = 1).await;
    app.set_up_author().await;
    let published = app
        .publish("Une analyse", "Un paragraphe.", &[("slug", "une-analyse")])
        .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    // Yesterday's salt and marks, as a node left them: the first flush of today drops them.
    app.execute("INSERT INTO visitor_salts (day, salt) VALUES (current_date - 2, decode(repeat('ab', 32), 'hex'))")
        .await;
    app.execute(
        "INSERT INTO visitor_marks (day, path, mark) VALUES (current_date - 2, '*', '\\x01')",
    )
    .await;

    let article = "/articles/une-analyse";
    let reader = [(USER_AGENT.as_str(), FIREFOX)];
    let from_google = [
        (USER_AGENT.as_str(), FIREFOX),
        (REFERER.as_str(), "https://www.google.fr/search?q=batteries"),
    ];
    let robot = [(
        USER_AGENT.as_str(),
        "Mozilla/5.0 (compatible; Googlebot/2.1)",
    )];
    let prefetch = [(USER_AGENT.as_str(), FIREFOX), ("sec-purpose", "prefetch")];
    assert_eq!(visit(&app, article, &from_google).await, StatusCode::OK);
    assert_eq!(visit(&app, article, &reader).await, StatusCode::OK);
    assert_eq!(visit(&app, article, &robot).await, StatusCode::OK);
    assert_eq!(visit(&app, article, &prefetch).await, StatusCode::OK);
    assert_eq!(
        visit(&app, article, &[]).await,
        StatusCode::OK,
        "no user agent"
    );
    assert_eq!(
        visit(&app, "/articles/inconnu", &reader).await,
        StatusCode::NOT_FOUND
    );
    visit(&app, "/admin", &reader).await;
    reqwest::Client::new()
        .head(format!("{}{article}", app.address))
        .header(USER_AGENT, FIREFOX)
        .send()
        .await
        .unwrap();
    assert_eq!(
        visit(&app, "/?utm_source=newsletter", &reader).await,
        StatusCode::OK
    );
    // The last view: once it is written, everything before it is too (one batch at a time).
    assert_eq!(visit(&app, "/search?q=lfp", &reader).await, StatusCode::OK);
    crate::support::eventually("the counts were written", async || {
        views(&app, "/search").await.0 > 0
    })
    .await;

    assert_eq!(views(&app, article).await, (2, 1), "two views, one visitor");
    assert_eq!(views(&app, "/").await, (1, 1));
    assert_eq!(
        views(&app, "*").await,
        (4, 1),
        "the site: one visitor in all"
    );
    assert_eq!(views(&app, "/admin").await, (0, 0));
    assert_eq!(views(&app, "/articles/inconnu").await, (0, 0));
    assert_eq!(from_source(&app, article, "search:google.fr").await, 1);
    assert_eq!(from_source(&app, article, "direct").await, 1);
    assert_eq!(from_source(&app, "/", "newsletter:newsletter").await, 1);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM visitor_salts WHERE day < current_date - 1")
            .await,
        0,
        "an old salt is forgotten"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM visitor_marks WHERE day < current_date - 1")
            .await,
        0,
        "and every mark made under it"
    );

    let dashboard = app.page("/admin").await;
    assert_eq!(texts(&dashboard, "[data-count=views]"), ["4"]);
    assert_eq!(texts(&dashboard, "[data-count=visitors]"), ["1"]);
    let pages = texts(&dashboard, "[data-table=pages] tbody td");
    assert_eq!(&pages[..2], [article, "2"]);
    let sources = texts(&dashboard, "[data-table=sources] tbody td");
    assert!(
        sources
            .windows(2)
            .any(|w| w == ["Moteurs de recherche", "1"]),
        "{sources:?}"
    );
    assert_eq!(
        texts(&dashboard, ".chart rect title").len(),
        30,
        "a bar a day"
    );
    let year = app.page("/admin?days=365").await;
    assert_eq!(texts(&year, ".chart rect title").len(), 365);
    assert_eq!(
        app.get("/admin?days=7").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/admin?days=abc").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_valid_html(&[dashboard]);
}

#[tokio::test]
async fn a_refused_request_says_what_was_wrong_on_its_page() {
    let app = crate::support::spawn_app().await;
    let response = app.get("/?page=abc").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = response.text().await.unwrap();
    assert_eq!(texts(&html, "h1"), ["Requête invalide"]);
    assert_eq!(
        texts(&html, "[data-refusal] code"),
        ["page must be a number from 1 to 10000"]
    );
    // A 400 rendered on purpose with its own text carries no second detail.
    app.set_up_author().await;
    let period = app.get("/admin?days=7").await.text().await.unwrap();
    assert!(texts(&period, "[data-refusal]").is_empty());
    assert_valid_html(&[html]);
}
