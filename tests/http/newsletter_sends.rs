//! The author's control of a send (pause, resume, several workers, unsubscriptions in the
//! middle, double clicks) and the newsletter forms' bad input.

use chrono::{TimeDelta, Utc};
use reqwest::StatusCode;
use sillage::newsletter::sending::delivery::run_batch;

use crate::newsletter_delivery::{compose, drain, due, ledger, send, subscriber, theme, worker};
use crate::support::{spawn_app_with_smtp, texts};

async fn post_control(app: &crate::support::TestApp, id: i64, action: &str) {
    let csrf = app.csrf().await;
    let response = app
        .post_form(
            &format!("/admin/newsletters/{id}/{action}"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{action}");
}

#[tokio::test]
async fn a_send_paused_at_a_third_resumes_after_a_restart_without_duplicates() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    for n in 0..10 {
        subscriber(&app, &format!("r{n}@example.org"), "subscribed", &[]).await;
    }
    let id = compose(&app, "Pause", &[]).await;
    let (at, local) = due();
    send(&app, id, "scheduled", &local).await;
    let ctx = worker(&app, &sink).await;
    let mut conn = app.pool.get().await.unwrap();
    sillage::newsletter::sending::ledger::start_due(&mut conn, at, 3)
        .await
        .unwrap();
    drop(conn);
    assert_eq!(run_batch(ctx.context(), at, 3).await.unwrap(), 3);
    post_control(&app, id, "pause").await;
    assert!(
        app.page(&format!("/admin/newsletters/{id}"))
            .await
            .contains("En pause")
    );
    drain(&ctx, at + TimeDelta::minutes(10)).await;
    assert_eq!(sink.messages().len(), 3, "nothing goes out while paused");
    // The worker restarts (a new process: nothing kept in memory) before the author resumes.
    drop(ctx);
    let ctx = worker(&app, &sink).await;
    drain(&ctx, at + TimeDelta::minutes(10)).await;
    assert_eq!(
        sink.messages().len(),
        3,
        "a restart does not resume a paused send"
    );
    post_control(&app, id, "resume").await;
    drain(&ctx, at + TimeDelta::minutes(10)).await;
    let mut to: Vec<String> = sink.messages().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    to.dedup();
    assert_eq!((to.len(), sink.messages().len()), (10, 10));
}

#[tokio::test]
async fn two_workers_share_one_send_and_an_unsubscribe_in_the_middle_is_honoured() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    let mut readers = Vec::new();
    for n in 0..12 {
        readers.push(subscriber(&app, &format!("r{n}@example.org"), "subscribed", &[]).await);
    }
    let id = compose(&app, "Partage", &[]).await;
    let (at, local) = due();
    send(&app, id, "scheduled", &local).await;
    let (one, two) = (worker(&app, &sink).await, worker(&app, &sink).await);
    let mut conn = app.pool.get().await.unwrap();
    sillage::newsletter::sending::ledger::start_due(&mut conn, at, 3)
        .await
        .unwrap();
    drop(conn);
    let (a, b) = tokio::join!(
        run_batch(one.context(), at, 4),
        run_batch(two.context(), at, 4)
    );
    assert_eq!(
        (a.unwrap(), b.unwrap()),
        (4, 4),
        "SKIP LOCKED: disjoint batches"
    );
    // A reader still waiting unsubscribes through their own one-click link.
    let waiting = app.count(&format!("SELECT min(reader_id) AS n FROM deliveries WHERE newsletter_id = {id} AND status = 'pending'")).await;
    let salt = [
        0x00u8, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
        0xff,
    ];
    let token = one.context().links.token(waiting, &salt);
    let response = app
        .post_form(&format!("/newsletter/unsubscribe/{token}"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let (a, b) = tokio::join!(drain(&one, at), drain(&two, at));
    let _ = (a, b);
    assert_eq!(ledger(&app, id, "skipped").await, 1);
    assert_eq!(ledger(&app, id, "sent").await, 11);
    let mut to: Vec<String> = sink.messages().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    to.dedup();
    assert_eq!((to.len(), sink.messages().len()), (11, 11), "each once");
    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    assert_eq!(texts(&page, "[data-count=planned]"), ["12"]);
    assert_eq!(texts(&page, "[data-count=skipped]"), ["1"]);
}

#[tokio::test]
async fn a_double_click_on_send_sends_once() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    for n in 0..3 {
        subscriber(&app, &format!("r{n}@example.org"), "subscribed", &[]).await;
    }
    let id = compose(&app, "Double", &[]).await;
    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    let key = crate::support::csrf_token_named(&page, "idempotency_key");
    let csrf = app.csrf().await;
    let form = [
        ("csrf_token", csrf.as_str()),
        ("idempotency_key", key.as_str()),
        ("when", "now"),
        ("scheduled_at", ""),
    ];
    let path = format!("/admin/newsletters/{id}/send");
    let (first, second) = tokio::join!(app.post_form(&path, &form), app.post_form(&path, &form));
    assert_eq!(
        (first.status(), second.status()),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER)
    );
    app.drain(Utc::now()).await;
    assert_eq!(sink.messages().len(), 3);
    assert_eq!(ledger(&app, id, "sent").await, 3);
    // Another form after the start is refused with a message.
    let form = [
        ("csrf_token", csrf.as_str()),
        ("idempotency_key", "another"),
        ("when", "now"),
    ];
    let late = app.post_form(&path, &form).await;
    assert_eq!(late.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(texts(&late.text().await.unwrap(), "#send-error").len(), 1);
}

#[tokio::test]
async fn bad_input_comes_back_with_its_fields_and_nothing_is_saved() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    let csrf = app.csrf().await;
    for (subject, themes, field) in [
        ("", "", "subject"),
        ("Bonjour\r\nBcc: x@example.org", "", "subject"),
        ("Bonjour", "99999", "themes"),
    ] {
        let form = [
            ("csrf_token", csrf.as_str()),
            ("subject", subject),
            ("body", "Le corps gardé"),
            ("themes", themes),
        ];
        let response = app.post_form("/admin/newsletters/new", &form).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{subject:?}"
        );
        let html = response.text().await.unwrap();
        assert!(html.contains("Le corps gardé"), "fields kept");
        assert_eq!(texts(&html, &format!("#{field}-error")).len(), 1, "{field}");
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM newsletters").await, 0);

    let id = compose(&app, "Personne", &[]).await;
    let none = send(&app, id, "now", "").await;
    assert_eq!(
        none.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no recipients"
    );
    subscriber(&app, "r@example.org", "subscribed", &[]).await;
    for (at, field) in [
        ("demain midi", "scheduled_at"),
        ("2020-01-01T10:00", "scheduled_at"),
    ] {
        let response = send(&app, id, "scheduled", at).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{at}");
        let html = response.text().await.unwrap();
        assert!(html.contains(at), "date kept");
        assert_eq!(texts(&html, &format!("#{field}-error")).len(), 1);
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM deliveries").await, 0);
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn a_send_more_than_an_hour_late_waits_for_the_author() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    let tech = theme(&app, "techno").await;
    subscriber(&app, "r@example.org", "subscribed", &[tech]).await;
    let id = compose(&app, "En retard", &[tech]).await;
    let (at, local) = due();
    send(&app, id, "scheduled", &local).await;
    let ctx = worker(&app, &sink).await;
    drain(&ctx, at + TimeDelta::minutes(61)).await;
    assert_eq!(app.count("SELECT count(*) AS n FROM deliveries").await, 0);
    // The author may already have the notice of the missed schedule; the reader has nothing.
    let to: Vec<String> = sink.messages().into_iter().flat_map(|m| m.to).collect();
    assert!(!to.iter().any(|t| t.contains("r@example.org")), "{to:?}");
}

#[tokio::test]
async fn the_smtp_transport_must_be_configured_to_send() {
    let (app, _sink) =
        spawn_app_with_smtp(|s| s.mail.transport = sillage::settings::MailTransport::File).await;
    app.set_up_author().await;
    subscriber(&app, "r@example.org", "subscribed", &[]).await;
    let id = compose(&app, "Sans SMTP", &[]).await;
    assert_eq!(
        send(&app, id, "now", "").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM deliveries").await, 0);
}

#[tokio::test]
async fn a_rescheduled_send_goes_out_at_its_new_time_only() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    subscriber(&app, "r@example.org", "subscribed", &[]).await;
    let id = compose(&app, "Reportée", &[]).await;
    let (first, first_local) = due();
    assert_eq!(
        send(&app, id, "scheduled", &first_local).await.status(),
        StatusCode::SEE_OTHER
    );
    // Put off by a day: a new form (a new idempotency key) before the send starts.
    let later = first + TimeDelta::days(1);
    let later_local = later
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    assert_eq!(
        send(&app, id, "scheduled", &later_local).await.status(),
        StatusCode::SEE_OTHER
    );
    let ctx = worker(&app, &sink).await;
    drain(&ctx, first + TimeDelta::minutes(1)).await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM deliveries").await,
        0,
        "nothing at the first time"
    );
    drain(&ctx, later + TimeDelta::minutes(1)).await;
    assert_eq!(ledger(&app, id, "sent").await, 1);
    let to: Vec<String> = sink.messages().into_iter().flat_map(|m| m.to).collect();
    assert_eq!(to, ["r@example.org"]);
}
