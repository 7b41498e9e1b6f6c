//! A send followed live: the JSON view of its progress beside the newsletter's page, its counts
//! read against the delivery ledger from scheduled to sent, and refused without a session or
//! for a newsletter that does not exist.

use reqwest::StatusCode;
use serde_json::Value;
use sillage::newsletter::sending::delivery::run_batch;

use crate::newsletter_delivery::{compose, drain, due, ledger, send, subscriber, worker};
use crate::support::{TestApp, attrs, new_client, spawn_app, spawn_app_with_smtp, texts};

/// The JSON view of newsletter `id`'s progress, checked against its ledger.
async fn progress(app: &TestApp, id: i64) -> Value {
    let response = app.get(&format!("/admin/newsletters/{id}/progress")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("application/json"), "{kind}");
    let json: Value = response.json().await.unwrap();
    for status in ["sent", "failed", "pending", "skipped"] {
        assert_eq!(
            json[status],
            ledger(app, id, status).await,
            "{status}: {json}"
        );
    }
    json
}

#[tokio::test]
async fn the_progress_view_follows_the_ledger_from_scheduled_to_sent() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    for n in 0..4 {
        subscriber(&app, &format!("r{n}@example.org"), "subscribed", &[]).await;
    }
    let id = compose(&app, "Suivi", &[]).await;
    let (at, local) = due();
    assert_eq!(
        send(&app, id, "scheduled", &local).await.status(),
        StatusCode::SEE_OTHER
    );

    let scheduled = progress(&app, id).await;
    assert_eq!(scheduled["status"], "scheduled");
    assert_eq!(scheduled["label"], "Programmée");
    assert_eq!(scheduled["live"], true);
    assert_eq!(scheduled["summary"], "L’envoi n’a pas encore commencé.");
    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    assert_eq!(
        attrs(&page, "[data-live-progress]", "data-live-progress"),
        [format!("/admin/newsletters/{id}/progress")],
        "the page asks its JSON view while the send is scheduled"
    );
    assert_eq!(
        texts(&page, "[data-live-refresh] a"),
        ["Actualiser la progression"],
        "without JavaScript, a refresh link"
    );

    let ctx = worker(&app, &sink).await;
    let mut conn = app.pool.get().await.unwrap();
    sillage::newsletter::sending::ledger::start_due(&mut conn, at, 3)
        .await
        .unwrap();
    drop(conn);
    sink.refuse_next(1, 550);
    assert_eq!(run_batch(ctx.context(), at, 3).await.unwrap(), 3);
    let sending = progress(&app, id).await;
    assert_eq!(
        (&sending["status"], &sending["live"], &sending["planned"]),
        (&Value::from("sending"), &Value::from(true), &Value::from(4))
    );
    assert_eq!(
        sending["summary"],
        "2 messages envoyés sur 4, 1 en échec, 1 en attente."
    );
    assert_eq!((&sending["done"], &sending["max"]), (&3.into(), &4.into()));

    drain(&ctx, at).await;
    let sent = progress(&app, id).await;
    assert_eq!(
        (&sent["status"], &sent["label"], &sent["live"]),
        (&"sent".into(), &"Envoyée".into(), &false.into())
    );
    assert_eq!(
        sent["summary"],
        "3 messages envoyés sur 4, 1 en échec, 0 en attente."
    );
    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    assert!(
        attrs(&page, "[data-live-progress]", "data-live-progress").is_empty(),
        "a finished send is not asked again"
    );
    assert_eq!(
        texts(&page, "#progress-summary"),
        ["3 messages envoyés sur 4, 1 en échec, 0 en attente."]
    );
    assert_eq!(attrs(&page, "progress[data-live-bar]", "value"), ["4"]);
}

#[tokio::test]
async fn the_progress_view_is_refused_without_a_session_and_unknown_for_a_bad_id() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let id = compose(&app, "Suivi", &[]).await;
    let draft: Value = app
        .get(&format!("/admin/newsletters/{id}/progress"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (&draft["status"], &draft["live"]),
        (&"draft".into(), &false.into())
    );
    for path in [
        "/admin/newsletters/999999/progress",
        "/admin/newsletters/abc/progress",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let anonymous = new_client()
        .get(format!("{}/admin/newsletters/{id}/progress", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(
        anonymous.status(),
        StatusCode::FORBIDDEN,
        "no redirect to the login page for a script"
    );
    let body = anonymous.text().await.unwrap();
    assert!(
        !body.contains("\"planned\""),
        "nothing of the send leaks: {body}"
    );
}
