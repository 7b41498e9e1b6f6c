//! French spacing on a French site: a space that cannot break before « : ; ? ! % » and inside
//! guillemets, in the interface, in a rendered article (its words only, never its code or its
//! links) and in the emails; an English site's article is left as typed.

use sillage::i18n::Locale;

use crate::support::{TestApp, forms, spawn_app_with, spawn_app_with_smtp};

const BODY: &str = "Pourquoi la chimie ? Réponse : le coût, « surtout » à 40 %.\n\n`clé : valeur` et [la source](https://a.example/doc?page=2).";

async fn article_html(app: &TestApp) -> String {
    app.set_up_author().await;
    let response = app.publish("La chimie", BODY, &[]).await;
    assert_eq!(response.status(), 303);
    app.page("/articles/la-chimie").await
}

#[tokio::test]
async fn a_french_article_s_words_take_french_spacing_and_its_code_and_links_do_not() {
    let app = spawn_app_with(|_| {}).await;
    let html = article_html(&app).await;
    assert!(
        html.contains(
            "Pourquoi la chimie\u{202f}? Réponse&nbsp;: le coût, «&nbsp;surtout&nbsp;» à 40&nbsp;%."
        ),
        "{html}"
    );
    assert!(html.contains("<code>clé : valeur</code>"), "code as typed");
    assert!(html.contains("href=\"https://a.example/doc?page=2\""));
    assert!(
        html.contains("publications\u{202f}? Abonnez-vous"),
        "the interface's own strings too"
    );
}

#[tokio::test]
async fn an_english_article_is_left_as_typed() {
    let app = spawn_app_with(|s| s.site.locale = Locale::En).await;
    let html = article_html(&app).await;
    assert!(
        html.contains("Pourquoi la chimie ? Réponse : le coût, « surtout » à 40 %."),
        "{html}"
    );
}

#[tokio::test]
async fn a_french_email_keeps_its_punctuation_with_its_words() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    forms::sign_up(&app, &app.client, "lea@example.org", &[]).await;
    let text = sink.wait_for(1).await[0].text();
    assert!(text.contains("«\u{a0}Confirmer\u{a0}»"), "{text}");
    assert!(!text.contains(" :") && !text.contains("« "), "{text}");
}
