//! A test newsletter's links: they open a page saying the letter was a test, never "expired
//! or invalid link", and change nothing.

use chrono::Utc;
use reqwest::StatusCode;

use crate::newsletter_delivery::compose;
use crate::support::{one_click, path_of, spawn_app_with_smtp, texts};

/// The link of the text part that goes to `path` (e.g. `/newsletter/preferences/`).
fn link_to(text: &str, path: &str) -> String {
    text.split_whitespace()
        .map(|word| word.trim_matches(|c| c == '<' || c == '>' || c == '(' || c == ')'))
        .find(|word| word.contains(path))
        .unwrap_or_else(|| panic!("no {path} link in {text}"))
        .to_owned()
}

#[tokio::test]
async fn a_test_newsletter_s_links_say_it_was_a_test() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    let id = compose(&app, "Les nouvelles de décembre", &[]).await;
    let csrf = app.csrf().await;
    let response = app
        .post_form(
            &format!("/admin/newsletters/{id}/test"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.drain(Utc::now()).await;
    let text = sink.messages()[0].text();

    let reader = crate::support::new_client();
    let open = async |link: &str| {
        let response = reader
            .get(format!("{}{}", app.address, path_of(link)))
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    };
    let preferences = link_to(&text, "/newsletter/preferences/");
    let (status, html) = open(&preferences).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&html, "main h1"), ["Lien d’une lettre de test"]);
    assert!(html.contains("ce lien ouvre les préférences du lecteur"));
    assert!(!html.contains("Lien expiré ou invalide"));

    let unsubscribe = link_to(&text, "/newsletter/unsubscribe/");
    let (status, html) = open(&unsubscribe).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&html, "main h1"), ["Lien d’une lettre de test"]);
    assert!(html.contains("Personne n’a été désabonné."));
    // The one-click POST a mail provider sends answers the same.
    let clicked = one_click(&app, &unsubscribe).await;
    assert_eq!(clicked.status(), StatusCode::OK);
    assert!(
        clicked
            .text()
            .await
            .unwrap()
            .contains("Personne n’a été désabonné.")
    );

    // Any other token that opens no reader is still a dead link.
    let (status, html) = open("https://x/newsletter/preferences/42.forged").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(texts(&html, "main h1"), ["Lien expiré ou invalide"]);
}
