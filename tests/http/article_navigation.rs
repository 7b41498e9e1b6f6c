//! An article's table of contents and its links to the neighbouring articles of its series.

use reqwest::StatusCode;

use crate::support::{TestApp, attrs, spawn_app, texts};

#[tokio::test]
async fn three_sections_or_more_get_a_table_of_contents() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let three = "Intro\n\n## Les prix\n\nA\n\n## Les volumes\n\nB\n\n### Détail\n\nC\n\n## Les marges\n\nD\n";
    app.publish("Trois parties", three, &[]).await;
    app.publish("Deux parties", "## Un\n\nA\n\n## Deux\n\nB\n", &[])
        .await;
    let html = app.page("/articles/trois-parties").await;
    assert_eq!(
        texts(&html, "nav.toc li a"),
        vec!["Les prix", "Les volumes", "Les marges"]
    );
    for href in attrs(&html, "nav.toc a", "href") {
        let id = href.strip_prefix('#').unwrap();
        assert_eq!(
            texts(&html, &format!(".article__body h2#{id}")).len(),
            1,
            "{href}"
        );
    }
    let short = app.page("/articles/deux-parties").await;
    assert!(texts(&short, "nav.toc").is_empty());
}

async fn in_series(app: &TestApp, title: &str, series_id: &str) {
    let response = app.publish(title, "Texte", &[("series", series_id)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{title}");
}

#[tokio::test]
async fn articles_of_a_series_link_to_the_previous_and_next_ones() {
    let app = spawn_app().await;
    app.set_up_author().await;
    app.execute("INSERT INTO series (id, slug, name) OVERRIDING SYSTEM VALUE VALUES (7, 'decryptages', 'Décryptages')")
        .await;
    in_series(&app, "Premier volet", "7").await;
    app.publish("Hors série", "Texte", &[]).await;
    in_series(&app, "Deuxième volet", "7").await;
    in_series(&app, "Troisième volet", "7").await;
    let links = |html: &str, rel: &str| attrs(html, &format!(".series-nav a[rel={rel}]"), "href");
    let middle = app.page("/articles/deuxieme-volet").await;
    assert_eq!(links(&middle, "prev"), vec!["/articles/premier-volet"]);
    assert_eq!(links(&middle, "next"), vec!["/articles/troisieme-volet"]);
    assert!(texts(&middle, ".series-nav a[rel=prev]")[0].contains("Premier volet"));
    let first = app.page("/articles/premier-volet").await;
    assert!(links(&first, "prev").is_empty());
    assert_eq!(links(&first, "next"), vec!["/articles/deuxieme-volet"]);
    let last = app.page("/articles/troisieme-volet").await;
    assert_eq!(links(&last, "prev"), vec!["/articles/deuxieme-volet"]);
    assert!(links(&last, "next").is_empty());
    let outside = app.page("/articles/hors-serie").await;
    assert!(texts(&outside, ".series-nav").is_empty());
}
