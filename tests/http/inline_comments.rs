//! Inline comments: a passage quoted through the form's `anchor` (a text-quote selector), its
//! marker once approved, the inline tab, bad anchors, and quotes whose passage is gone.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::articles::{DISCUSSED, publish_discussed};
use crate::support::forms::post_comment;
use crate::support::{TestApp, attrs, csrf_token, new_client, spawn_app_with, texts};

const ARTICLE: &str = DISCUSSED;

async fn app() -> TestApp {
    let mut app = spawn_app_with(|s| {
        s.comments.min_form_seconds = 0;
        s.comments.per_network_per_10_minutes = 100;
    })
    .await;
    publish_discussed(&mut app).await;
    app
}

async fn comment(app: &TestApp, body: &str, anchor: &str) -> reqwest::Response {
    post_comment(
        app,
        &app.client,
        ARTICLE,
        &[("body", body), ("anchor", anchor)],
    )
    .await
}

/// The first paragraph of the article: its id and text.
async fn first_paragraph(app: &TestApp) -> (String, String) {
    let html = app.page(&format!("/articles/{ARTICLE}")).await;
    let id = attrs(&html, ".article__body p[id^='p-']", "id")[0].clone();
    let text = texts(&html, &format!("#{id}"))[0].clone();
    (id, text)
}

async fn stranger_page(app: &TestApp) -> String {
    new_client()
        .get(format!("{}/articles/{ARTICLE}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_inline_comment_keeps_its_quote_and_marks_its_passage_once_approved() {
    let app = app().await;
    let (paragraph, text) = first_paragraph(&app).await;
    let words: Vec<&str> = text.split_whitespace().collect();
    let exact = words[2..6].join(" ");
    let prefix = format!("{} ", words[..2].join(" "));
    let anchor = json!({ "p": paragraph, "exact": format!(" {exact}\n"), "prefix": prefix });
    let response = comment(
        &app,
        "Ce passage me semble discutable.",
        &anchor.to_string(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let stored = app
        .count(&format!(
            "SELECT count(*) AS n FROM comments WHERE anchor::jsonb = '{}'::jsonb",
            json!({ "p": paragraph, "exact": exact, "prefix": prefix, "suffix": "" })
                .to_string()
                .replace('\'', "''")
        ))
        .await;
    assert_eq!(stored, 1, "the selector is stored normalised, as JSON");

    let before = stranger_page(&app).await;
    assert!(
        texts(&before, ".inline-marker").is_empty(),
        "a pending inline comment marks nothing"
    );
    app.approve_all().await;
    let html = stranger_page(&app).await;
    let id = app.count("SELECT max(id) AS n FROM comments").await;
    assert_eq!(
        texts(&html, &format!("#{paragraph} .inline-marker")),
        vec!["1"]
    );
    assert_eq!(
        attrs(&html, &format!("#{paragraph} .inline-marker"), "href"),
        vec![format!("#inline-comment-{id}")]
    );
    let entry = texts(&html, &format!("#inline-comment-{id}"))[0].clone();
    assert!(
        entry.contains(&exact) && entry.contains("discutable"),
        "{entry}"
    );
    assert!(!entry.contains("passage modifié"), "{entry}");
    assert!(texts(&html, &format!("#comment-{id} .comment__quote"))[0].contains(&exact));
    assert!(texts(&html, ".comments__tabs")[0].contains("Commentaires en ligne (1)"));
}

#[tokio::test]
async fn bad_anchors_are_refused_and_the_comment_comes_back_as_typed() {
    let app = app().await;
    let (paragraph, _) = first_paragraph(&app).await;
    let long = "a".repeat(501);
    let cases = [
        ("le prix du LFP".to_owned(), "n’a pas pu être lu"),
        (
            json!({ "p": "intro", "exact": "x" }).to_string(),
            "n’a pas pu être lu",
        ),
        (
            json!({ "p": paragraph, "exact": "  " }).to_string(),
            "n’a pas pu être lu",
        ),
        (
            json!({ "p": paragraph, "exact": "x", "admin": true }).to_string(),
            "n’a pas pu être lu",
        ),
        (
            json!({ "p": paragraph, "exact": long }).to_string(),
            "trop long",
        ),
        (
            json!({ "p": paragraph, "exact": "x", "prefix": "b".repeat(65) }).to_string(),
            "trop long",
        ),
        ("{".repeat(5_000), "trop long"),
    ];
    for (anchor, message) in cases {
        let response = comment(&app, "Mon texte à garder", &anchor).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{anchor}"
        );
        let html = response.text().await.unwrap();
        assert!(
            texts(&html, "#anchor-error")[0].contains(message),
            "{anchor}"
        );
        assert_eq!(texts(&html, "#comment-body"), vec!["Mon texte à garder"]);
        assert_eq!(
            attrs(&html, "input#comment-anchor", "value"),
            vec![anchor.clone()],
            "the anchor comes back in a field the reader can clear"
        );
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM comments").await, 0);
}

#[tokio::test]
async fn markup_in_a_quote_is_stored_as_text_and_rendered_inert() {
    let app = app().await;
    let (paragraph, _) = first_paragraph(&app).await;
    let exact = "<script>alert(1)</script><img src=x onerror=alert(1)>\"><b>";
    let anchor = json!({ "p": paragraph, "exact": exact });
    let response = comment(&app, "Test", &anchor.to_string()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.approve_all().await;
    let html = stranger_page(&app).await;
    assert!(!html.contains("<script>alert(1)"), "no script tag");
    assert!(!html.contains("<img src=x"), "no image tag");
    let entry = texts(&html, ".inline-comment")[0].clone();
    assert!(entry.contains(exact), "the quote shows as typed: {entry}");
    assert!(
        entry.contains("passage modifié/supprimé"),
        "a quote not in the article is flagged: {entry}"
    );
    assert!(texts(&html, ".inline-marker").is_empty());
}

#[tokio::test]
async fn a_quote_survives_an_edit_elsewhere_and_is_flagged_once_its_passage_is_gone() {
    let app = app().await;
    let (paragraph, text) = first_paragraph(&app).await;
    let exact: String = text
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    let anchor = json!({ "p": paragraph, "exact": exact });
    comment(&app, "Sur ce point", &anchor.to_string()).await;
    app.approve_all().await;
    let id = app.count("SELECT max(id) AS n FROM comments").await;

    // The paragraph is reworded around the quote: its id (a hash of its text) changes.
    app.execute(&format!(
        "UPDATE articles SET body_html = replace(body_html, 'id=\"{paragraph}\">', 'id=\"p-feedf00d\">Nouveau début. ') WHERE slug = '{ARTICLE}'"
    ))
    .await;
    let html = stranger_page(&app).await;
    assert_eq!(
        attrs(&html, &format!("#inline-comment-{id}"), "data-paragraph"),
        vec!["p-feedf00d"],
        "found again in the article as it reads now"
    );
    assert_eq!(texts(&html, "#p-feedf00d .inline-marker"), vec!["1"]);

    app.execute(&format!(
        "UPDATE articles SET body_html = '<p id=\"p-00000001\">Tout a changé.</p>' WHERE slug = '{ARTICLE}'"
    ))
    .await;
    let html = stranger_page(&app).await;
    let entry = texts(&html, &format!("#inline-comment-{id}"))[0].clone();
    assert!(
        entry.contains(&exact) && entry.contains("passage modifié/supprimé"),
        "{entry}"
    );
    assert!(texts(&html, ".inline-marker").is_empty());

    let author = TestApp {
        client: new_client(),
        ..app
    };
    author.set_up_author().await;
    let inbox = author.page("/admin/comments?status=approved").await;
    let row = texts(&inbox, &format!("#comment-{id}"))[0].clone();
    assert!(
        row.contains(&exact) && row.contains("passage modifié/supprimé"),
        "{row}"
    );
    assert!(!csrf_token(&inbox).is_empty());
}

#[tokio::test]
async fn pages_with_inline_comments_markers_and_more_threads_are_valid_html() {
    let mut app = spawn_app_with(|s| {
        s.comments.min_form_seconds = 0;
        s.comments.threads_per_page = 1;
    })
    .await;
    publish_discussed(&mut app).await;
    let (paragraph, text) = first_paragraph(&app).await;
    let exact: String = text
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    comment(
        &app,
        "Bien vu",
        &json!({ "p": paragraph, "exact": exact }).to_string(),
    )
    .await;
    comment(
        &app,
        "Disparu",
        &json!({ "p": paragraph, "exact": "<b>rien</b>" }).to_string(),
    )
    .await;
    app.approve_all().await;
    let first = stranger_page(&app).await;
    assert_eq!(texts(&first, ".inline-marker"), vec!["1"]);
    let more = attrs(&first, "a.comments__more", "data-next")[0].clone();
    let later = app.page(&more).await;
    crate::support::tools::assert_valid_html(&[first, later]);
}
