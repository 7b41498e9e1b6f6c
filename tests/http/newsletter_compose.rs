//! Composing a newsletter from an article, and sending a test of it to the author.

use chrono::Utc;
use reqwest::StatusCode;

use crate::newsletter_delivery::compose;
use crate::support::site::{COMPANION, RICH, publish_site};
use crate::support::{
    AUTHOR_EMAIL, TestApp, attrs, spawn_app, spawn_app_with, spawn_app_with_smtp, texts,
};

const BASE: &str = "https://sillage.example";
/// The article composed from: it has a hero, and links to another article of the site.
const ARTICLE: &str = RICH;

fn field(html: &str, name: &str) -> String {
    attrs(html, &format!("input[name={name}]"), "value")
        .pop()
        .unwrap_or_default()
}

fn body(html: &str) -> String {
    texts(html, "textarea[name=body]").pop().unwrap_or_default()
}

async fn article_id(app: &TestApp, slug: &str) -> i64 {
    app.count(&format!(
        "SELECT id AS n FROM articles WHERE slug = '{slug}'"
    ))
    .await
}

#[tokio::test]
async fn an_article_fills_the_newsletter_as_a_teaser_or_in_full_with_absolute_links() {
    let mut app = spawn_app_with(|s| s.site.base_url = BASE.to_owned()).await;
    publish_site(&mut app).await;
    app.set_up_author().await;
    let id = article_id(&app, ARTICLE).await;
    let blank = app.page("/admin/newsletters/new").await;
    assert_eq!(
        attrs(&blank, "select[name=article] option", "value").len(),
        3
    );

    let teaser = app
        .page(&format!("/admin/newsletters/new?article={id}&mode=teaser"))
        .await;
    let (title, summary): (String, String) = {
        let page = app.page(&format!("/articles/{ARTICLE}")).await;
        (
            texts(&page, "h1").remove(0),
            attrs(&page, "meta[name=description]", "content").remove(0),
        )
    };
    assert_eq!(field(&teaser, "subject"), title);
    assert_eq!(field(&teaser, "preheader"), summary);
    let text = body(&teaser);
    assert!(text.starts_with("# "), "{text}");
    assert!(
        text.contains(&format!("]({BASE}/images/")),
        "the hero, absolute: {text}"
    );
    assert!(
        text.contains(&format!("({BASE}/articles/{ARTICLE})")),
        "{text}"
    );
    assert!(!text.contains("](/"), "no site-relative link: {text}");

    let full = body(
        &app.page(&format!("/admin/newsletters/new?article={id}&mode=full"))
            .await,
    );
    assert!(full.len() > text.len() + 500, "the whole body is there");
    assert!(!full.contains("](/"), "no site-relative link: {full}");
    assert!(
        full.contains(&format!("({BASE}/articles/{COMPANION})")),
        "the body's link to the site, absolute: {full}"
    );
}

#[tokio::test]
async fn a_draft_unknown_or_malformed_article_or_mode_is_refused_calmly() {
    let mut app = spawn_app().await;
    // The other published articles keep the choice of article, and of mode, on the page.
    publish_site(&mut app).await;
    app.set_up_author().await;
    let id = article_id(&app, ARTICLE).await;
    app.execute(&format!(
        "UPDATE articles SET status = 'draft' WHERE slug = '{ARTICLE}'"
    ))
    .await;
    for (query, error) in [
        (
            format!("article={id}&mode=teaser"),
            "Choisissez un article publié.",
        ),
        (
            "article=999999&mode=full".to_owned(),
            "Choisissez un article publié.",
        ),
        ("article=abc".to_owned(), "Choisissez un article publié."),
        (
            "article=99999999999999999999".to_owned(),
            "Choisissez un article publié.",
        ),
        (
            format!("article={}&mode=tout", id + 1),
            "Choisissez l’extrait ou l’article complet.",
        ),
    ] {
        let response = app.get(&format!("/admin/newsletters/new?{query}")).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
        let html = response.text().await.unwrap();
        assert!(
            texts(&html, ".field-error").contains(&error.to_owned()),
            "{query}"
        );
        assert!(
            field(&html, "subject").is_empty(),
            "nothing filled: {query}"
        );
    }
}

#[tokio::test]
async fn a_test_goes_to_the_author_alone_prefixed_and_outside_the_ledger() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    let id = compose(&app, "Les nouvelles de novembre", &[]).await;
    let csrf = app.csrf().await;
    let path = format!("/admin/newsletters/{id}/test");
    let response = app.post_form(&path, &[("csrf_token", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.drain(Utc::now()).await;
    let mails = sink.messages();
    assert_eq!(mails[0].to, vec![AUTHOR_EMAIL.to_owned()]);
    assert_eq!(
        mails[0].parsed().subject().unwrap(),
        "[Test] Les nouvelles de novembre"
    );
    assert!(mails[0].text().contains("Bonjour, **lecteurs** !"));
    assert_eq!(
        app.count("SELECT count(*) AS n FROM deliveries").await,
        0,
        "a test is no delivery"
    );
    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    assert_eq!(texts(&page, ".flash"), vec!["Test envoyé à votre adresse."]);

    let again = app.post_form(&path, &[("csrf_token", &csrf)]).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    assert!(texts(&page, ".flash")[0].starts_with("Un test vient d’être envoyé"));
    app.drain(Utc::now()).await;
    assert_eq!(sink.messages().len(), 1, "a second click sends nothing");

    let forged = app.post_form(&path, &[("csrf_token", "forged")]).await;
    assert!(forged.status().is_client_error());
    let unknown = app
        .post_form("/admin/newsletters/999999/test", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(sink.messages().len(), 1);
}
