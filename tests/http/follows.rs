//! Thread follows: the follow bar, its confirmation through the shared reader identity, the
//! thread unsubscribe links and the preferences page, against a real SMTP server on loopback.

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::support::articles::{DISCUSSED, DISCUSSED_TITLE, publish_discussed};
use crate::support::smtp::{ReceivedMail, SmtpSink};
use crate::support::{
    TestApp, csrf_token_named, eventually, new_client, path_of, spawn_app_with_smtp, texts,
};

/// The article every test comments on, made by the test.
pub const ARTICLE: &str = DISCUSSED;
/// Its title.
pub const TITLE: &str = DISCUSSED_TITLE;

/// An app with the discussed article, no time trap, no author notices and no grouping window.
pub async fn app() -> (TestApp, SmtpSink) {
    app_with(|_| {}).await
}

/// [`app`], changed by `configure`.
pub async fn app_with(
    configure: impl FnOnce(&mut sillage::settings::Settings),
) -> (TestApp, SmtpSink) {
    let (mut app, sink) = spawn_app_with_smtp(|s| {
        s.comments.min_form_seconds = 0;
        s.comments.per_network_per_10_minutes = 100;
        s.comments.notify_author = sillage::settings::AuthorNotice::None;
        s.comments.notify_window_seconds = 0;
        configure(s);
    })
    .await;
    publish_discussed(&mut app).await;
    (app, sink)
}

/// `POST /articles/{ARTICLE}/follow` with a fresh form stamp.
pub async fn follow(app: &TestApp, email: &str, mode: &str) -> reqwest::Response {
    follow_from(app, &app.client, email, mode).await
}

/// [`follow`] from the browser `client` (its own cookies).
pub async fn follow_from(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    mode: &str,
) -> reqwest::Response {
    let page = page_from(app, client, &format!("/articles/{ARTICLE}")).await;
    let stamp = csrf_token_named(&page, "form_ts");
    client
        .post(format!("{}/articles/{ARTICLE}/follow", app.address))
        .form(&[("email", email), ("mode", mode), ("form_ts", &stamp)])
        .send()
        .await
        .expect("POST follow")
}

/// `GET path` from the browser `client`, expecting 200.
pub async fn page_from(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let response = client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.text().await.expect("body")
}

/// `POST /newsletter` from the browser `client` with a fresh form stamp.
pub async fn sign_up_from(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    name: &str,
) -> reqwest::Response {
    let page = page_from(app, client, "/newsletter").await;
    let stamp = csrf_token_named(&page, "form_ts");
    client
        .post(format!("{}/newsletter", app.address))
        .form(&[("email", email), ("name", name), ("form_ts", &stamp)])
        .send()
        .await
        .expect("POST newsletter")
}

/// Waits until the job queue has nothing due (every email of what happened has left).
pub async fn settle(app: &TestApp) {
    let due = "SELECT count(*) AS n FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= now()";
    eventually("no job is left due", async || app.count(due).await == 0).await;
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
        format!("/articles/{ARTICLE}#follow-answer")
    );
    let page = app.page(&format!("/articles/{ARTICLE}")).await;
    assert!(texts(&page, "#follow-answer")[0].contains("un e-mail de confirmation vous attend"));
    assert_eq!(follow_status(&app, "suiveuse@example.org").await, "pending");

    let mails = mails_to(&app, &sink, "suiveuse@example.org").await;
    assert_eq!(mails.len(), 1, "only the confirmation");
    let subject = mails[0].parsed().subject().unwrap_or_default().to_owned();
    assert!(
        subject.starts_with("Confirmez le suivi de la discussion"),
        "{subject}"
    );
    let text = mails[0].text();
    assert!(text.contains(&format!("«\u{a0}{TITLE}\u{a0}»")), "{text}");
    assert!(
        !text.contains("abonnement"),
        "a follow is no subscription: {text}"
    );
    let link = mails[0].link("/newsletter/confirm/");
    let shown = app.page(&path_of(&link)).await;
    assert_eq!(texts(&shown, "h1"), ["Confirmer le suivi de la discussion"]);
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

    // From the browser that confirmed the address, it is the reader: at once, nothing mailed.
    let again = follow(&app, "suiveuse@example.org", "replies").await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(again.headers()[LOCATION], response.headers()[LOCATION]);
    let page = app.page(&format!("/articles/{ARTICLE}")).await;
    assert_eq!(
        texts(&page, "#follow-answer"),
        vec!["C’est fait : vous suivez cette discussion."]
    );
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
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs WHERE kind <> 'article.published'")
            .await,
        0,
        "no job but the fixture's publication"
    );
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

#[tokio::test]
async fn a_stranger_cannot_switch_back_on_a_thread_the_reader_stopped() {
    let (app, sink) = app().await;
    follow(&app, "lea@example.org", "all").await;
    confirm(&app, &sink, "lea@example.org").await;
    // Léa stops following, as the link of any notification does.
    app.execute("UPDATE follows SET status = 'stopped', stopped_at = now()")
        .await;

    let stranger = new_client();
    let response = follow_from(&app, &stranger, "lea@example.org", "all").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let answer = page_from(&app, &stranger, &format!("/articles/{ARTICLE}")).await;
    assert!(
        texts(&answer, "#follow-answer")[0].contains("un e-mail de confirmation vous attend"),
        "the stranger learns nothing of the address"
    );
    assert_eq!(
        follow_status(&app, "lea@example.org").await,
        "pending",
        "knowing the address switches nothing on: it waits for Léa"
    );
    let mails = mails_to(&app, &sink, "lea@example.org").await;
    assert_eq!(mails.len(), 2, "Léa is asked to confirm again");
    assert!(mails[1].text().contains("/newsletter/confirm/"));

    // Léa's own confirmation switches it back on.
    confirm(&app, &sink, "lea@example.org").await;
    assert_eq!(follow_status(&app, "lea@example.org").await, "active");
}

#[tokio::test]
async fn a_stranger_cannot_make_a_confirmed_reader_follow_a_thread() {
    let (app, sink) = app().await;
    // Léa confirmed her address (through the newsletter) and follows nothing.
    sign_up_from(&app, &app.client, "lea@example.org", "Léa").await;
    confirm(&app, &sink, "lea@example.org").await;
    let before = mails_to(&app, &sink, "lea@example.org").await.len();

    follow_from(&app, &new_client(), "lea@example.org", "all").await;
    assert_eq!(follow_status(&app, "lea@example.org").await, "pending");
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comment_notifications")
            .await,
        0
    );
    let mails = mails_to(&app, &sink, "lea@example.org").await;
    assert_eq!(mails.len(), before + 1, "a confirmation, nothing else");
    assert!(mails[before].text().contains("/newsletter/confirm/"));

    // From her own browser the same request is hers: active at once.
    follow(&app, "lea@example.org", "all").await;
    assert_eq!(follow_status(&app, "lea@example.org").await, "active");
    assert_eq!(
        mails_to(&app, &sink, "lea@example.org").await.len(),
        before + 1
    );
}

#[tokio::test]
async fn a_confirmed_reader_signing_up_from_her_browser_is_subscribed_and_welcomed() {
    let (app, sink) = app().await;
    follow(&app, "lea@example.org", "all").await;
    confirm(&app, &sink, "lea@example.org").await;

    // Minutes later, the footer's newsletter form, from the same browser.
    let response = sign_up_from(&app, &app.client, "lea@example.org", "").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = response.headers()[LOCATION].to_str().unwrap().to_owned();
    let answer = app.page(&to).await;
    assert_eq!(
        texts(&answer, ".flash"),
        vec!["C’est fait : votre abonnement est actif, et un e-mail de bienvenue est en route."]
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM newsletter_subscriptions WHERE status = 'subscribed' AND subscribed_at IS NOT NULL AND consent_text LIKE 'J’accepte%' AND consent_network = '127.0.0.0/24'").await,
        1,
        "subscribed, with the consent of this form"
    );
    let mails = mails_to(&app, &sink, "lea@example.org").await;
    assert_eq!(mails.len(), 2, "the confirmation, then the welcome");
    assert!(mails[1].text().contains("/newsletter/unsubscribe/"));
    assert!(!mails[1].text().contains("/newsletter/confirm/"));

    // Asking again changes nothing and says so.
    let again = sign_up_from(&app, &app.client, "lea@example.org", "").await;
    let to = again.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(texts(&app.page(&to).await, ".flash")[0].contains("déjà abonnée"));
    assert_eq!(mails_to(&app, &sink, "lea@example.org").await.len(), 2);
}

async fn name_of(app: &TestApp, email: &str) -> String {
    let names = ["", "Léa", "Mallory"];
    let n = app
        .count(&format!("SELECT CASE name WHEN 'Léa' THEN 1 WHEN 'Mallory' THEN 2 ELSE 0 END::bigint AS n FROM readers WHERE email = '{email}'"))
        .await;
    names[n as usize].to_owned()
}

#[tokio::test]
async fn a_strangers_signup_changes_nothing_about_a_confirmed_reader_until_she_confirms() {
    let (app, sink) = app().await;
    sign_up_from(&app, &app.client, "lea@example.org", "Léa").await;
    confirm(&app, &sink, "lea@example.org").await;
    assert_eq!(name_of(&app, "lea@example.org").await, "Léa");

    let stranger = new_client();
    let response = sign_up_from(&app, &stranger, "lea@example.org", "Mallory").await;
    assert_eq!(response.headers()[LOCATION], "/newsletter?sent=1");
    assert_eq!(
        name_of(&app, "lea@example.org").await,
        "Léa",
        "her name is hers"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM newsletter_subscriptions WHERE status = 'subscribed'")
            .await,
        1
    );
    let mails = mails_to(&app, &sink, "lea@example.org").await;
    assert_eq!(mails.len(), 3, "confirmation, welcome, a new confirmation");
    assert!(mails[2].text().contains("/newsletter/confirm/"));
    let parsed = mails[2].parsed();
    let to = parsed.to().and_then(|to| to.first()).and_then(|a| a.name());
    assert_eq!(to, Some("Léa"), "her mail still greets her by her name");
}

#[tokio::test]
async fn the_follow_answer_sits_beside_the_follow_bar() {
    let (app, _sink) = app().await;
    let response = follow(&app, "lea@example.org", "all").await;
    let to = response.headers()[LOCATION].to_str().unwrap().to_owned();
    let (path, fragment) = to.split_once('#').unwrap();
    assert_eq!(fragment, "follow-answer");
    let page = app.page(path).await;
    let doc = scraper::Html::parse_document(&page);
    let answer = scraper::Selector::parse("form#follow > #follow-answer[role=status]").unwrap();
    assert_eq!(doc.select(&answer).count(), 1, "the answer is in the bar");
    assert!(
        texts(&page, "main > .flash").is_empty(),
        "and not at the top of the page"
    );
    let again = app.page(path).await;
    assert!(texts(&again, "#follow-answer").is_empty(), "shown once");
}
