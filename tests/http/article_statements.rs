//! An article page missed by the cache (or with the cache off) reads everything it shows in at
//! most four SQL statements, each prepared once per connection and reused by the next view.

use reqwest::StatusCode;

use crate::support::statements::{self, Run};
use crate::support::{TestApp, TestDatabase, new_client, spawn_app_on, texts};

const ARTICLE: &str = "lfp-ou-nmc-choix-de-chimie";
/// The most statements one view may run (the pool's check of a connection idle for a second
/// included).
const MOST: usize = 4;

/// A demo site whose every article view comes from PostgreSQL, on two connections at most.
async fn uncached_app() -> TestApp {
    let database = TestDatabase::create().await;
    statements::watch(&database.url);
    spawn_app_on(database, |s| {
        s.site.demo_on_empty = true;
        s.cache.enabled = false;
        s.analytics.enabled = false;
        s.worker.embedded = false;
        s.database.pool_size = 2;
    })
    .await
}

/// Views the article with `client` and returns the page and the statements the view ran.
async fn view(app: &TestApp, client: &reqwest::Client) -> (String, Vec<Run>) {
    statements::take(&app.database.url);
    let response = client
        .get(format!("{}/articles/{ARTICLE}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    (page, statements::take(&app.database.url))
}

fn assert_few_and_prepared(runs: &[Run], who: &str) {
    eprintln!("{who}'s view: {} statements", runs.len());
    assert!(!runs.is_empty(), "the statements are seen");
    assert!(
        runs.len() <= MOST,
        "{who}'s view ran {} statements: {runs:#?}",
        runs.len()
    );
    let parsed: Vec<&Run> = runs.iter().filter(|run| run.prepared).collect();
    assert!(
        parsed.is_empty(),
        "{who}'s view prepared statements again: {parsed:#?}"
    );
}

#[tokio::test]
async fn an_uncached_article_view_runs_four_statements_prepared_once() {
    let app = uncached_app().await;
    app.execute(
        "INSERT INTO comments (article_id, depth, author_name, author_email, body_markdown, \
             body_html, status, notify, client_network) \
         SELECT id, 0, 'Lectrice', 'l@example.org', 'Bien vu.', '<p>Bien vu.</p>', \
             'approved', 'none', '192.0.2.0/24' FROM articles WHERE slug = 'lfp-ou-nmc-choix-de-chimie'",
    )
    .await;
    let rated = app
        .post_form(&format!("/articles/{ARTICLE}/rating"), &[("stars", "4")])
        .await;
    assert_eq!(rated.status(), StatusCode::SEE_OTHER);

    // The first view stores the body; the first two prepare the statements on each connection
    // of the pool (it hands them out in turn).
    let (first, _) = view(&app, &app.client).await;
    view(&app, &app.client).await;
    for _ in 0..2 {
        let (page, runs) = view(&app, &app.client).await;
        assert_few_and_prepared(&runs, "the reader");
        assert_eq!(
            texts(&page, ".rating__mine").len(),
            1,
            "the reader's own stars"
        );
    }
    assert!(
        texts(&first, ".rating__summary")[0].contains("1"),
        "{first}"
    );

    let anonymous = new_client();
    let (page, runs) = view(&app, &anonymous).await;
    assert_few_and_prepared(&runs, "an anonymous reader");
    assert_eq!(texts(&page, ".comment__author"), vec!["Lectrice"]);
    assert!(
        texts(&page, ".rating__mine").is_empty(),
        "no stars of its own"
    );
}

#[tokio::test]
async fn a_body_changed_behind_the_app_is_rendered_again_by_the_next_view_only() {
    let app = uncached_app().await;
    view(&app, &app.client).await;
    let version =
        "SELECT body_version AS n FROM articles WHERE slug = 'lfp-ou-nmc-choix-de-chimie'";
    let before = app.count(version).await;
    app.execute(&format!(
        "UPDATE articles SET title = title || ' !' WHERE slug = '{ARTICLE}'"
    ))
    .await;
    assert_eq!(
        app.count(version).await,
        before,
        "the title is not the body"
    );

    app.execute(&format!(
        "UPDATE articles SET body_html = '<p id=\"p-00000001\">Tout a changé.</p>' \
         WHERE slug = '{ARTICLE}'"
    ))
    .await;
    assert_eq!(app.count(version).await, before + 1);
    let (page, rendered) = view(&app, &app.client).await;
    assert_eq!(texts(&page, ".article__body p"), vec!["Tout a changé."]);
    assert!(
        rendered.len() > MOST,
        "the outdated body is rendered again: {rendered:#?}"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM article_bodies b JOIN articles a ON a.id = b.article_id \
             WHERE a.slug = '{ARTICLE}' AND b.source_version = a.body_version"
        ))
        .await,
        1,
        "stored with the body's version"
    );
    for _ in 0..2 {
        let (page, runs) = view(&app, &app.client).await;
        assert_eq!(texts(&page, ".article__body p"), vec!["Tout a changé."]);
        assert_few_and_prepared(&runs, "the next view");
    }
}
