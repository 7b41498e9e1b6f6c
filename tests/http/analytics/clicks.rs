//! Counted newsletter links (`analytics.newsletter_clicks`): on, a send's links go through
//! signed redirects that count one click per send and link and lead to the link; a forged or
//! unknown token is "not found", never a redirect; off, the links are left as written.

use chrono::Utc;
use reqwest::StatusCode;
use sillage::mail::link_key::LinkKey;

use crate::newsletter_delivery::{send, subscriber};
use crate::support::smtp::SmtpSink;
use crate::support::{TestApp, path_of, spawn_app_with_smtp, texts};

const ANALYSIS: &str = "https://exemple.fr/analyse?x=1&y=2";
const OTHER: &str = "https://autre.fr";

/// Composes, sends and delivers a newsletter with two links to two readers; its id.
async fn send_with_links(app: &TestApp) -> i64 {
    app.set_up_author().await;
    subscriber(app, "a@example.org", "subscribed", &[]).await;
    subscriber(app, "b@example.org", "subscribed", &[]).await;
    let csrf = app.csrf().await;
    let body = format!("Lire [l’analyse]({ANALYSIS}) puis <{OTHER}> et [encore]({ANALYSIS}).");
    let response = app
        .post_form(
            "/admin/newsletters/new",
            &[
                ("csrf_token", csrf.as_str()),
                ("subject", "Des liens"),
                ("preheader", "Le résumé"),
                ("body", body.as_str()),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let id = location.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(
        send(app, id, "now", "").await.status(),
        StatusCode::SEE_OTHER
    );
    app.drain(Utc::now()).await;
    id
}

/// The redirects a text part carries, in order.
fn redirects(text: &str) -> Vec<String> {
    text.match_indices("http")
        .map(|(at, _)| {
            text[at..]
                .split(|c: char| c.is_whitespace() || c == ')' || c == '>')
                .next()
                .unwrap()
                .to_owned()
        })
        .filter(|link| link.contains("/n/"))
        .collect()
}

fn html_of(sink: &SmtpSink, index: usize) -> String {
    sink.messages()[index]
        .parsed()
        .body_html(0)
        .unwrap()
        .into_owned()
}

#[tokio::test]
async fn counted_links_redirect_count_once_per_click_and_refuse_forged_tokens() {
    let (app, sink) = spawn_app_with_smtp(|s| {
        s.analytics.newsletter_clicks = true;
        s.worker.embedded = false;
    })
    .await;
    let id = send_with_links(&app).await;
    assert_eq!(sink.messages().len(), 2);
    for index in 0..2 {
        let html = html_of(&sink, index);
        assert!(
            !html.contains(r#"href="https://exemple.fr"#)
                && !html.contains(r#"href="https://autre.fr"#),
            "{html}"
        );
        let text = sink.messages()[index].text();
        assert!(!text.contains(ANALYSIS) && !text.contains(OTHER), "{text}");
    }
    let text = sink.messages()[0].text();
    let links = redirects(&text);
    assert_eq!(links.len(), 3, "{text}");
    assert_eq!(links[0], links[2], "one link, one redirect");
    assert_eq!(
        redirects(&sink.messages()[1].text()),
        links,
        "no reader in the token"
    );

    for (link, to) in [
        (&links[0], ANALYSIS),
        (&links[0], ANALYSIS),
        (&links[1], OTHER),
    ] {
        let response = app.get(&path_of(link)).await;
        assert_eq!(response.status(), StatusCode::FOUND);
        assert_eq!(response.headers()["location"], to);
    }
    let clicks = |position: i32| {
        format!(
            "SELECT clicks AS n FROM newsletter_links WHERE newsletter_id = {id} AND position = {position}"
        )
    };
    assert_eq!(app.count(&clicks(0)).await, 2);
    assert_eq!(app.count(&clicks(1)).await, 1);

    // Forged, altered or unknown tokens: the "not found" page, and nothing counted.
    let token = path_of(&links[0]).trim_start_matches("/n/").to_owned();
    let mut conn = app.pool.get().await.unwrap();
    let key = LinkKey::new(
        sillage::secrets::get_or_create(&mut conn, "reader_links")
            .await
            .unwrap(),
    );
    drop(conn);
    let unrecorded = sillage::newsletter::clicks::token(&key, id, 9);
    let other_send = sillage::newsletter::clicks::token(&key, id + 1, 0);
    let forger = sillage::newsletter::clicks::token(&LinkKey::new(vec![1; 32]), id, 0);
    for bad in [
        token.replacen("0.", "1.", 1),
        format!("{token}x"),
        forger,
        unrecorded,
        other_send,
        "abc".to_owned(),
        format!("0.{id}.{}", "A".repeat(43)),
    ] {
        let response = app.get(&format!("/n/{bad}")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{bad}");
        assert!(response.headers().get("location").is_none());
        assert!(response.text().await.unwrap().contains("<html"));
    }
    assert_eq!(app.count(&clicks(0)).await, 2);

    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    assert_eq!(
        texts(&page, "[data-table=clicks] tbody td"),
        [ANALYSIS, "2", OTHER, "1"]
    );
    let privacy = app.page("/confidentialite").await;
    assert_eq!(texts(&privacy, "[data-privacy=clicks]").len(), 1);
    crate::support::tools::assert_valid_html(&[page, privacy]);
}

#[tokio::test]
async fn without_the_setting_links_are_sent_as_written() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    let id = send_with_links(&app).await;
    assert_eq!(sink.messages().len(), 2);
    let text = sink.messages()[0].text();
    assert!(text.contains(ANALYSIS) && text.contains(OTHER), "{text}");
    assert!(redirects(&text).is_empty());
    let html = html_of(&sink, 0);
    assert!(
        html.contains("href=\"https://exemple.fr/analyse?x=1&amp;y=2\""),
        "{html}"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM newsletter_links")
            .await,
        0
    );
    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    assert!(texts(&page, "[data-table=clicks]").is_empty());
    let privacy = app.page("/confidentialite").await;
    assert!(texts(&privacy, "[data-privacy=clicks]").is_empty());
}
