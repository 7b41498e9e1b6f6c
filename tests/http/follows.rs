//! Thread follows: the follow bar, its confirmation through the shared reader identity, the
//! thread unsubscribe links and the preferences page, against a real SMTP server on loopback.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::support::smtp::{ReceivedMail, SmtpSink};
use crate::support::{TestApp, csrf_token_named, new_client, path_of, spawn_app_with_smtp, texts};

/// The demo article every test comments on.
pub const ARTICLE: &str = "lfp-ou-nmc-choix-de-chimie";
/// Its title.
pub const TITLE: &str = "LFP ou NMC : le choix de chimie qui dessine la gamme";

/// An app with the demo, no time trap, no author notices and no grouping window.
pub async fn app() -> (TestApp, SmtpSink) {
    app_with(|_| {}).await
}

/// [`app`], changed by `configure`.
pub async fn app_with(
    configure: impl FnOnce(&mut sillage::settings::Settings),
) -> (TestApp, SmtpSink) {
    spawn_app_with_smtp(|s| {
        s.site.demo_on_empty = true;
        s.comments.min_form_seconds = 0;
        s.comments.per_network_per_10_minutes = 100;
        s.comments.notify_author = sillage::settings::AuthorNotice::None;
        s.comments.notify_window_seconds = 0;
        configure(s);
    })
    .await
}

/// `POST /articles/{ARTICLE}/follow` with a fresh form stamp.
pub async fn follow(app: &TestApp, email: &str, mode: &str) -> reqwest::Response {
    let page = app.page(&format!("/articles/{ARTICLE}")).await;
    let stamp = csrf_token_named(&page, "form_ts");
    app.post_form(
        &format!("/articles/{ARTICLE}/follow"),
        &[("email", email), ("mode", mode), ("form_ts", &stamp)],
    )
    .await
}

/// Waits until the job queue has nothing due (every email of what happened has left).
pub async fn settle(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let due = app
            .count("SELECT count(*) AS n FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= now()")
            .await;
        if due == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "{due} jobs still due");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The messages received by `email`, in order.
pub async fn mails_to(app: &TestApp, sink: &SmtpSink, email: &str) -> Vec<ReceivedMail> {
    settle(app).await;
    sink.messages()
        .into_iter()
        .filter(|m| m.to == vec![email.to_owned()])
        .collect()
}

/// Presses the button of the latest confirmation mailed to `email`; returns the page.
pub async fn confirm(app: &TestApp, sink: &SmtpSink, email: &str) -> String {
    let mails = mails_to(app, sink, email).await;
    let confirmation = mails
        .iter()
        .rev()
        .find(|m| m.text().contains("/newsletter/confirm/"))
        .unwrap_or_else(|| panic!("no confirmation for {email}"));
    let response = app
        .post_form(&path_of(&confirmation.link("/newsletter/confirm/")), &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

async fn follow_status(app: &TestApp, email: &str) -> String {
    let n = app.count(&format!("SELECT CASE f.status WHEN 'pending' THEN 1 WHEN 'active' THEN 2 ELSE 3 END::bigint AS n FROM follows f JOIN readers r ON r.id = f.reader_id WHERE r.email = '{email}'")).await;
    ["", "pending", "active", "stopped"][n as usize].to_owned()
}

#[tokio::test]
async fn following_waits_for_the_confirmation_that_activates_it() {
    let (app, sink) = app().await;
    let response = follow(&app, "Suiveuse@Example.org", "all").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[LOCATION],
        format!("/articles/{ARTICLE}#follow")
    );
    let page = app.page(&format!("/articles/{ARTICLE}")).await;
    assert!(page.contains("un e-mail de confirmation vous attend"));
    assert_eq!(follow_status(&app, "suiveuse@example.org").await, "pending");

    let mails = mails_to(&app, &sink, "suiveuse@example.org").await;
    assert_eq!(mails.len(), 1, "only the confirmation");
    let link = mails[0].link("/newsletter/confirm/");
    let shown = app.page(&path_of(&link)).await;
    assert!(texts(&shown, "form button").contains(&"Confirmer".to_owned()));
    assert_eq!(
        follow_status(&app, "suiveuse@example.org").await,
        "pending",
        "GET confirms nobody"
    );
    let confirmed = confirm(&app, &sink, "suiveuse@example.org").await;
    assert_eq!(texts(&confirmed, "h1"), vec!["Adresse confirmée"]);
    assert_eq!(texts(&confirmed, ".confirmed-follows li"), vec![TITLE]);
    assert_eq!(follow_status(&app, "suiveuse@example.org").await, "active");

    // The same answer for a confirmed address, and nothing mailed to it.
    let again = follow(&app, "suiveuse@example.org", "replies").await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(again.headers()[LOCATION], response.headers()[LOCATION]);
    assert_eq!(mails_to(&app, &sink, "suiveuse@example.org").await.len(), 1);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM follows WHERE mode = 'replies' AND status = 'active'")
            .await,
        1,
        "the latest wish wins"
    );
}

#[tokio::test]
async fn an_unconfirmed_address_gets_one_confirmation_however_often_it_follows() {
    let (app, sink) = app().await;
    for _ in 0..3 {
        let response = follow(&app, "presse@example.org", "all").await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let mails = mails_to(&app, &sink, "presse@example.org").await;
    assert_eq!(mails.len(), 1, "one confirmation per 15 minutes");
    assert_eq!(
        mails[0].header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    assert_eq!(follow_status(&app, "presse@example.org").await, "pending");
}

#[tokio::test]
async fn bad_follow_input_comes_back_with_a_message_and_stores_nothing() {
    let (app, sink) = app().await;
    let long = format!("{}@example.org", "a".repeat(250));
    let cases = [
        (
            "pas-une-adresse",
            "all",
            "Saisissez une adresse e-mail valide.",
        ),
        (long.as_str(), "all", "Saisissez une adresse e-mail valide."),
        (
            "a@example.org\r\nBcc: b@example.org",
            "all",
            "Saisissez une adresse e-mail valide.",
        ),
        ("ok@example.org", "tout", "Choisissez « Tous les nouveaux"),
        ("ok@example.org", "", "Choisissez « Tous les nouveaux"),
    ];
    for (email, mode, message) in cases {
        let response = follow(&app, email, mode).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{email:?} {mode:?}"
        );
        let html = response.text().await.unwrap();
        assert!(
            texts(&html, "#follow .field-error")
                .iter()
                .any(|t| t.starts_with(message)),
            "{email:?} {mode:?}: {:?}",
            texts(&html, "#follow .field-error")
        );
        let doc = scraper::Html::parse_document(&html);
        let input = scraper::Selector::parse("#follow-email").unwrap();
        let kept = doc.select(&input).next().unwrap().value().attr("value");
        // HTML turns a typed CR LF into LF; the rest is kept as typed.
        assert_eq!(
            kept,
            Some(email.replace("\r\n", "\n").as_str()),
            "what was typed is kept"
        );
    }
    let unknown = app
        .post_form(
            "/articles/pas-un-article/follow",
            &[("email", "ok@example.org"), ("mode", "all")],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("SELECT count(*) AS n FROM follows").await, 0);
    assert_eq!(app.count("SELECT count(*) AS n FROM readers").await, 0);
    assert_eq!(app.count("SELECT count(*) AS n FROM jobs").await, 0);
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn tampered_and_unknown_unfollow_links_are_refused() {
    let (app, sink) = app().await;
    follow(&app, "lea@example.org", "all").await;
    confirm(&app, &sink, "lea@example.org").await;
    let id = app.count("SELECT id AS n FROM follows").await;
    for token in [
        "1.abc".to_owned(),
        format!("{id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        "x.y".to_owned(),
        "999999.abc".to_owned(),
    ] {
        let path = format!("/follows/unsubscribe/{token}");
        assert_eq!(app.get(&path).await.status(), StatusCode::NOT_FOUND);
        let post = new_client()
            .post(format!("{}{path}", app.address))
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(post.status(), StatusCode::NOT_FOUND, "{token}");
    }
    assert_eq!(follow_status(&app, "lea@example.org").await, "active");
}

#[tokio::test]
async fn confirming_once_activates_the_newsletter_and_the_follow_listed_in_preferences() {
    let (app, sink) = app().await;
    follow(&app, "lea@example.org", "replies").await;
    let page = app.page("/newsletter").await;
    let stamp = csrf_token_named(&page, "form_ts");
    app.post_form(
        "/newsletter",
        &[("email", "lea@example.org"), ("form_ts", &stamp)],
    )
    .await;
    let confirmed = confirm(&app, &sink, "lea@example.org").await;
    assert_eq!(texts(&confirmed, "h1"), vec!["Abonnement confirmé"]);
    assert_eq!(texts(&confirmed, ".confirmed-follows li"), vec![TITLE]);
    let welcome = mails_to(&app, &sink, "lea@example.org").await;
    assert_eq!(
        welcome.len(),
        2,
        "one confirmation for both, then the welcome"
    );
    let preferences = path_of(&welcome[1].link("/newsletter/preferences/"));
    let html = app.page(&preferences).await;
    assert!(texts(&html, ".follows li")[0].contains(TITLE));
    let stop = crate::support::attrs(&html, ".follows form", "action");
    assert_eq!(stop.len(), 1);
    assert_eq!(app.post_form(&stop[0], &[]).await.status(), StatusCode::OK);
    assert_eq!(follow_status(&app, "lea@example.org").await, "stopped");
    assert!(texts(&app.page(&preferences).await, ".follows li").is_empty());

    follow(&app, "lea@example.org", "all").await;
    assert_eq!(follow_status(&app, "lea@example.org").await, "active");
    app.post_form(&preferences, &[("action", "erase")]).await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM follows").await,
        0,
        "erasing the reader removes their follows"
    );
}
