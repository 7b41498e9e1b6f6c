//! Newsletter signup with double opt-in, against a real SMTP server on loopback.

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::support::forms;
use crate::support::site::create_themes;
use crate::support::smtp::SmtpSink;
use crate::support::{TestApp, one_click, path_of, spawn_app_with_smtp, texts};

async fn sign_up(app: &TestApp, email: &str, extra: &[(&str, &str)]) -> reqwest::Response {
    forms::sign_up(app, &app.client, email, extra).await
}

async fn status_of(app: &TestApp, email: &str) -> String {
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        status: String,
    }
    let mut conn = app.pool.get().await.unwrap();
    diesel::sql_query("SELECT s.status FROM newsletter_subscriptions s JOIN readers r ON r.id = s.reader_id WHERE r.email = $1")
        .bind::<diesel::sql_types::Text, _>(email)
        .get_result::<Row>(&mut conn)
        .await
        .map(|r| r.status)
        .unwrap_or_else(|_| "none".into())
}

/// The confirmation emails queued so far: every email leaves through a job, so none queued is
/// none sent.
async fn confirmations_queued(app: &TestApp) -> i64 {
    app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'newsletter.confirm'")
        .await
}

async fn confirm_through_mail(app: &TestApp, sink: &SmtpSink, email: &str) -> String {
    sign_up(app, email, &[]).await;
    let mails = sink.wait_for(1).await;
    let confirmation = mails
        .iter()
        .rev()
        .find(|m| m.to.contains(&email.to_owned()))
        .unwrap();
    let path = path_of(&confirmation.link("/newsletter/confirm/"));
    app.post_form(&path, &[]).await;
    let mails = sink.wait_for(2).await;
    let welcome = mails
        .iter()
        .rev()
        .find(|m| m.to.contains(&email.to_owned()))
        .unwrap();
    welcome.link("/newsletter/unsubscribe/")
}

#[tokio::test]
async fn signup_confirmation_welcome_and_one_click_unsubscribe() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    let response = sign_up(&app, "Lectrice@Example.org", &[("name", "Léa")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[LOCATION], "/newsletter?sent=1");
    assert!(
        app.page("/newsletter?sent=1")
            .await
            .contains("Vérifiez votre boîte de réception")
    );

    let mails = sink.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    let confirmation = &mails[0];
    assert_eq!(confirmation.to, vec!["lectrice@example.org"]);
    let parsed = confirmation.parsed();
    assert!(
        parsed
            .subject()
            .unwrap()
            .starts_with("Confirmez votre abonnement")
    );
    assert!(parsed.body_html(0).is_some(), "multipart with an HTML part");
    assert_eq!(status_of(&app, "lectrice@example.org").await, "pending");

    let link = confirmation.link("/newsletter/confirm/");
    assert!(
        link.starts_with("http://127.0.0.1:8080/"),
        "absolute link from the base URL: {link}"
    );
    let path = path_of(&link);
    let page = app.page(&path).await;
    assert!(
        texts(&page, "form button").contains(&"Confirmer".to_owned()),
        "GET shows a button"
    );
    assert_eq!(
        status_of(&app, "lectrice@example.org").await,
        "pending",
        "GET confirms nobody"
    );
    let confirmed = app.post_form(&path, &[]).await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    assert!(
        confirmed
            .text()
            .await
            .unwrap()
            .contains("Abonnement confirmé")
    );
    assert_eq!(status_of(&app, "lectrice@example.org").await, "subscribed");
    assert_eq!(
        app.post_form(&path, &[]).await.status(),
        StatusCode::OK,
        "pressing twice is harmless"
    );

    let mails = sink.wait_for(2).await;
    assert_eq!(
        mails.len(),
        2,
        "one welcome, however often the button was pressed"
    );
    let welcome = &mails[1];
    assert!(welcome.text().contains("Bonjour Léa"));
    let unsubscribe = welcome.link("/newsletter/unsubscribe/");
    assert_eq!(
        welcome.header("List-Unsubscribe").unwrap(),
        format!("<{unsubscribe}>")
    );
    assert_eq!(
        welcome.header("List-Unsubscribe-Post").unwrap(),
        "List-Unsubscribe=One-Click"
    );

    // RFC 8058: a cookieless POST from the mail provider.
    let one_click = one_click(&app, &unsubscribe).await;
    assert_eq!(one_click.status(), StatusCode::OK);
    assert_eq!(
        status_of(&app, "lectrice@example.org").await,
        "unsubscribed"
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM newsletter_subscriptions WHERE consent_network = '127.0.0.0/24' AND consent_text LIKE 'J’accepte%'").await, 1, "consent recorded with a truncated address");
}

#[tokio::test]
async fn ten_signups_in_a_minute_send_one_email_and_say_so() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    let first = sign_up(&app, "pressee@example.org", &[]).await;
    assert_eq!(first.headers()[LOCATION], "/newsletter?sent=1");
    for _ in 0..9 {
        let response = sign_up(&app, "pressee@example.org", &[]).await;
        assert_eq!(response.headers()[LOCATION], "/newsletter?signup=recent");
    }
    let answer = app.page("/newsletter?signup=recent").await;
    let notice = texts(&answer, ".flash");
    assert!(
        notice[0].contains("il y a quelques minutes et n’a pas encore servi"),
        "never “a link was sent” when none was: {notice:?}"
    );
    assert_eq!(confirmations_queued(&app).await, 1, "one email, ever");
    assert_eq!(sink.wait_for(1).await.len(), 1);
    assert_eq!(app.count("SELECT count(*) AS n FROM readers").await, 1);
    // The one link sent confirms the signup asked again.
    let path = path_of(&sink.messages()[0].link("/newsletter/confirm/"));
    app.post_form(&path, &[]).await;
    assert_eq!(status_of(&app, "pressee@example.org").await, "subscribed");
    sink.wait_for(2).await;
}

#[tokio::test]
async fn a_days_worth_of_links_used_up_is_said_plainly() {
    let (app, sink) = spawn_app_with_smtp(|s| {
        s.newsletter.confirm_max_per_day = 1;
        s.newsletter.confirm_min_interval_minutes = 0;
    })
    .await;
    sign_up(&app, "pressee@example.org", &[]).await;
    let again = sign_up(&app, "pressee@example.org", &[]).await;
    assert_eq!(again.headers()[LOCATION], "/newsletter?signup=limit");
    let answer = app.page("/newsletter?signup=limit").await;
    assert!(texts(&answer, ".flash")[0].contains("aucun nouveau lien n’est parti"));
    assert_eq!(confirmations_queued(&app).await, 1, "one email, ever");
    assert_eq!(sink.wait_for(1).await.len(), 1);
}

#[tokio::test]
async fn a_subscribed_address_tells_a_stranger_nothing_and_its_reader_the_truth() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    confirm_through_mail(&app, &sink, "abonne@example.org").await;
    let before = sink.messages().len();
    // From the browser that confirmed it: already subscribed, nothing mailed.
    let again = sign_up(&app, "abonne@example.org", &[]).await;
    assert_eq!(again.headers()[LOCATION], "/newsletter?signup=already");
    assert_eq!(confirmations_queued(&app).await, 1, "nothing more mailed");
    // From any other browser: the answer of a new address, and a link really leaves.
    let stranger = TestApp {
        client: crate::support::new_client(),
        ..app
    };
    let other = sign_up(&stranger, "abonne@example.org", &[]).await;
    assert_eq!(other.headers()[LOCATION], "/newsletter?sent=1");
    let mails = sink.wait_for(before + 1).await;
    assert!(mails[before].text().contains("/newsletter/confirm/"));
    assert_eq!(
        status_of(&stranger, "abonne@example.org").await,
        "subscribed"
    );
}

#[tokio::test]
async fn bad_addresses_and_names_come_back_with_a_message() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    let long = format!("{}@example.org", "a".repeat(300));
    for (email, name) in [
        ("pas-une-adresse", ""),
        (long.as_str(), ""),
        ("a@b.c\r\nBcc: x@y.z", ""),
        ("ok@example.org", "Léa\r\nBcc: x@y.z"),
    ] {
        let response = sign_up(&app, email, &[("name", name)]).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{email:?} {name:?}"
        );
        let html = response.text().await.unwrap();
        assert!(!texts(&html, ".field-error").is_empty());
    }
    let unknown_theme = sign_up(&app, "ok@example.org", &[("themes", "99999")]).await;
    assert_eq!(unknown_theme.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("SELECT count(*) AS n FROM readers").await, 0);
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn robots_get_the_usual_answer_and_nothing_else() {
    let (app, sink) = spawn_app_with_smtp(|s| s.newsletter.min_form_seconds = 30).await;
    let filled_honeypot = sign_up(
        &app,
        "robot@example.org",
        &[("website", "http://spam.example")],
    )
    .await;
    assert_eq!(filled_honeypot.headers()[LOCATION], "/newsletter?sent=1");
    let too_fast = sign_up(&app, "robot2@example.org", &[]).await;
    assert_eq!(too_fast.headers()[LOCATION], "/newsletter?sent=1");
    let no_stamp = app
        .post_form("/newsletter", &[("email", "robot3@example.org")])
        .await;
    assert_eq!(no_stamp.headers()[LOCATION], "/newsletter?sent=1");
    let forged = app
        .post_form(
            "/newsletter",
            &[("email", "robot4@example.org"), ("form_ts", "1.forged")],
        )
        .await;
    assert_eq!(forged.headers()[LOCATION], "/newsletter?sent=1");
    assert_eq!(app.count("SELECT count(*) AS n FROM readers").await, 0);
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn signups_from_one_network_are_limited() {
    let (app, _sink) = spawn_app_with_smtp(|s| s.newsletter.signups_per_network_per_hour = 2).await;
    for n in 0..2 {
        assert_eq!(
            sign_up(&app, &format!("n{n}@example.org"), &[])
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
    }
    let third = sign_up(&app, "n3@example.org", &[]).await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.text().await.unwrap().contains("Trop d’inscriptions"));
}

#[tokio::test]
async fn unknown_tampered_and_expired_links_are_refused() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    let unsubscribe = confirm_through_mail(&app, &sink, "lien@example.org").await;
    let path = path_of(&unsubscribe);
    let tampered = format!("{}x", path);
    for bad in [
        "/newsletter/confirm/inconnu",
        "/newsletter/confirm/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "/newsletter/unsubscribe/1.abc",
        "/newsletter/preferences/nope",
        tampered.as_str(),
    ] {
        let response = app.get(bad).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{bad}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Lien expiré ou invalide"),
            "{bad}"
        );
        assert_eq!(
            app.post_form(bad, &[]).await.status(),
            StatusCode::NOT_FOUND,
            "POST {bad}"
        );
    }
    assert_eq!(
        status_of(&app, "lien@example.org").await,
        "subscribed",
        "nothing changed"
    );

    sign_up(&app, "expire@example.org", &[]).await;
    let mails = sink.wait_for(3).await;
    let link = mails
        .iter()
        .find(|m| m.to == vec!["expire@example.org".to_owned()])
        .unwrap()
        .link("/newsletter/confirm/");
    app.count("SELECT 0::bigint AS n").await;
    {
        use diesel_async::RunQueryDsl;
        let mut conn = app.pool.get().await.unwrap();
        diesel::sql_query(
            "UPDATE confirmation_tokens SET expires_at = now() - interval '1 minute'",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
    assert_eq!(
        app.post_form(&path_of(&link), &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(status_of(&app, "expire@example.org").await, "pending");
}

#[tokio::test]
async fn the_preferences_page_saves_exports_and_erases() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    let theme = create_themes(&app).await.remove(0);
    let unsubscribe = confirm_through_mail(&app, &sink, "prefs@example.org").await;
    let preferences = path_of(&unsubscribe).replace("/unsubscribe/", "/preferences/");
    let page = app.page(&preferences).await;
    assert!(page.contains("prefs@example.org"));
    let saved = app
        .post_form(
            &preferences,
            &[("action", "save"), ("name", "Paul"), ("themes", &theme)],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM subscription_themes")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM newsletter_subscriptions WHERE NOT all_themes")
            .await,
        1
    );
    let export = app.post_form(&preferences, &[("action", "export")]).await;
    assert!(
        export.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let data: serde_json::Value = export.json().await.unwrap();
    assert_eq!(data["email"], "prefs@example.org");
    assert_eq!(data["name"], "Paul");
    assert_eq!(data["newsletter"]["status"], "subscribed");
    let erased = app.post_form(&preferences, &[("action", "erase")]).await;
    assert!(erased.text().await.unwrap().contains("Données effacées"));
    assert_eq!(app.count("SELECT count(*) AS n FROM readers").await, 0);
    assert_eq!(
        app.get(&preferences).await.status(),
        StatusCode::NOT_FOUND,
        "the link dies with the data"
    );
}

#[tokio::test]
async fn a_temporary_smtp_refusal_is_retried_until_delivered() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    sink.refuse_next(1, 451);
    sign_up(&app, "patient@example.org", &[]).await;
    let now = chrono::Utc::now();
    app.drain(now).await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs WHERE attempts = 1 AND last_error IS NOT NULL")
            .await,
        1,
        "the first attempt failed and waits for its retry"
    );
    assert!(sink.messages().is_empty());
    app.drain(now + chrono::Duration::minutes(2)).await;
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs WHERE done_at IS NOT NULL AND attempts = 2")
            .await,
        1
    );
}

#[tokio::test]
async fn a_permanent_smtp_refusal_fails_the_job_at_once() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    sink.refuse_next(1, 550);
    sign_up(&app, "inconnu@example.org", &[]).await;
    app.drain(chrono::Utc::now() + chrono::Duration::days(1))
        .await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs WHERE failed_at IS NOT NULL")
            .await,
        1,
        "the job failed"
    );
    assert!(sink.messages().is_empty());
    assert_eq!(
        app.count("SELECT attempts::bigint AS n FROM jobs").await,
        1,
        "no retry after a 5xx"
    );
}

#[tokio::test]
async fn forged_preferences_keep_only_known_themes_and_printable_names() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    create_themes(&app).await;
    let unsubscribe = confirm_through_mail(&app, &sink, "forge@example.org").await;
    let preferences = path_of(&unsubscribe).replace("/unsubscribe/", "/preferences/");
    let saved = app
        .post_form(
            &preferences,
            &[
                ("action", "save"),
                ("name", "Paul\r\nBcc: x@y.z"),
                ("themes", "999999"),
                ("themes", "abc"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM subscription_themes")
            .await,
        0,
        "unknown themes are not stored"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM readers WHERE name = 'PaulBcc: x@y.z'")
            .await,
        1,
        "control characters are dropped"
    );
    let forged = format!("{preferences}x");
    assert_eq!(
        app.post_form(&forged, &[("action", "erase")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM readers").await,
        1,
        "a tampered link erases nothing"
    );
}

#[tokio::test]
async fn a_site_in_english_mails_its_readers_in_english() {
    let (app, sink) = spawn_app_with_smtp(|s| s.site.locale = sillage::i18n::Locale::En).await;
    confirm_through_mail(&app, &sink, "reader@example.org").await;
    let mails = sink.wait_for(2).await;
    let (confirmation, welcome) = (mails[0].parsed(), mails[1].parsed());
    let text = confirmation.body_text(0).unwrap();
    assert!(text.starts_with("Hello,"), "{text}");
    assert!(text.contains("open this link, then press the “Confirm” button"));
    assert!(!text.contains("Bonjour"));
    let html = confirmation.body_html(0).unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("Confirm my subscription"));
    let welcome_text = welcome.body_text(0).unwrap();
    assert!(welcome_text.contains("Unsubscribe in one click:"));
    assert!(!welcome_text.contains("désabonner"));
}
