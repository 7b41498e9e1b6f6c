//! Newsletters made for a test: subscribers written straight into the database, a newsletter
//! composed and its send posted through the admin forms as a browser would, a due time ahead.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

use crate::support::{TestApp, csrf_token_named};

/// Inserts a reader with a subscription in `status`, following `themes` (none: all).
pub async fn subscriber(app: &TestApp, email: &str, status: &str, themes: &[i64]) -> i64 {
    let confirmed = if status == "pending" { "NULL" } else { "now()" };
    let id = app.count(&format!("WITH r AS (INSERT INTO readers (email, confirmed_at, link_salt) VALUES ('{email}', {confirmed}, decode('00112233445566778899aabbccddeeff', 'hex')) RETURNING id) SELECT id AS n FROM r")).await;
    app.execute(&format!("INSERT INTO newsletter_subscriptions (reader_id, status, all_themes, consent_text, consent_at, consent_network, subscribed_at) VALUES ({id}, '{status}', {}, 'ok', now(), '127.0.0.0/24', now())", themes.is_empty())).await;
    for theme in themes {
        app.execute(&format!(
            "INSERT INTO subscription_themes (reader_id, theme_id) VALUES ({id}, {theme})"
        ))
        .await;
    }
    id
}

/// Composes a newsletter through the admin form; returns its id.
pub async fn compose(app: &TestApp, subject: &str, themes: &[i64]) -> i64 {
    let csrf = app.csrf().await;
    let themes: Vec<String> = themes.iter().map(i64::to_string).collect();
    let mut form = vec![
        ("csrf_token", csrf.as_str()),
        ("subject", subject),
        ("preheader", "Le résumé"),
        ("body", "Bonjour, **lecteurs** !"),
    ];
    form.extend(themes.iter().map(|t| ("themes", t.as_str())));
    let response = app.post_form("/admin/newsletters/new", &form).await;
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location.rsplit('/').next().unwrap().parse().unwrap()
}

/// Sends the newsletter's form as a browser would (its idempotency key included).
pub async fn send(app: &TestApp, id: i64, when: &str, at: &str) -> reqwest::Response {
    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    let key = csrf_token_named(&page, "idempotency_key");
    let csrf = csrf_token_named(&page, "csrf_token");
    let form = [
        ("csrf_token", csrf.as_str()),
        ("idempotency_key", key.as_str()),
        ("when", when),
        ("scheduled_at", at),
    ];
    app.post_form(&format!("/admin/newsletters/{id}/send"), &form)
        .await
}

/// A due time two days ahead, on the minute, and the same typed in the site's time zone.
pub fn due() -> (DateTime<Utc>, String) {
    let at = (Utc::now() + TimeDelta::days(2))
        .duration_trunc(TimeDelta::minutes(1))
        .unwrap();
    let local = at
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    (at, local)
}
