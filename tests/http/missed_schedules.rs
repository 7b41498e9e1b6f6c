//! The scheduler's watch: what missed its time while no worker ran is mailed to the author,
//! once.

use chrono::{TimeDelta, Utc};
use sillage::worker::missed::report_overdue_sends;

use crate::newsletter_delivery::{compose, due, send, subscriber, worker};
use crate::support::{AUTHOR_EMAIL, spawn_app_with_smtp};

#[tokio::test]
async fn a_send_missed_by_more_than_an_hour_is_mailed_to_the_author_once() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    subscriber(&app, "lecteur@example.org", "subscribed", &[]).await;
    let id = compose(&app, "Les nouvelles de novembre", &[]).await;
    let (at, local) = due();
    send(&app, id, "scheduled", &local).await;
    // The scheduler looks two hours after the due time, twice (two ticks, or two nodes); the
    // test's drain sends what they queue.
    let late = at + TimeDelta::hours(2);
    let mut conn = app.pool.get().await.unwrap();
    let queued = [
        report_overdue_sends(&mut conn, late).await.unwrap(),
        report_overdue_sends(&mut conn, late).await.unwrap(),
    ];
    drop(conn);
    assert_eq!(queued, [1, 0], "reported once");
    app.drain(Utc::now()).await;
    let messages: Vec<_> = sink
        .messages()
        .into_iter()
        .filter(|m| m.to.iter().any(|to| to == AUTHOR_EMAIL))
        .collect();
    assert_eq!(messages.len(), 1, "one notice: {messages:?}");
    let notice = &messages[0];
    let subject = notice.parsed().subject().unwrap_or_default().to_owned();
    assert!(subject.contains("Envoi manqué"), "{subject}");
    assert!(subject.contains("Les nouvelles de novembre"), "{subject}");
    assert!(
        notice
            .link(&format!("/admin/newsletters/{id}"))
            .starts_with("http")
    );
    assert_eq!(
        notice.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM deliveries WHERE newsletter_id = {id}"
        ))
        .await,
        0,
        "a send that late is not started"
    );
}

#[tokio::test]
async fn a_send_cancelled_before_the_notice_goes_out_is_not_reported() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    subscriber(&app, "lecteur@example.org", "subscribed", &[]).await;
    let id = compose(&app, "Annulée", &[]).await;
    let (at, local) = due();
    send(&app, id, "scheduled", &local).await;
    app.execute(&format!(
        "UPDATE newsletters SET cancelled_at = now() WHERE id = {id}"
    ))
    .await;
    let ctx = worker(&app, &sink).await;
    ctx.step(at + TimeDelta::hours(2), std::time::Duration::from_secs(1))
        .await
        .unwrap();
    app.drain(at + TimeDelta::hours(2)).await;
    assert!(sink.messages().is_empty(), "nothing to report");
}

#[tokio::test]
async fn an_article_published_late_is_reported_to_the_author() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    let response = app.publish("Un retard fâcheux", "Du texte.", &[]).await;
    assert_eq!(response.status(), 303);
    // As if the server had been down at its due time, an hour ago.
    app.execute("UPDATE articles SET status = 'scheduled', published_at = NULL, publish_at = now() - interval '1 hour'")
        .await;
    app.execute("NOTIFY sillage_schedule").await;
    let messages = sink.wait_for(1).await;
    let subject = messages[0]
        .parsed()
        .subject()
        .unwrap_or_default()
        .to_owned();
    assert!(subject.contains("Publication en retard"), "{subject}");
    assert!(subject.contains("Un retard fâcheux"), "{subject}");
    assert!(messages[0].text().contains("/articles/un-retard-facheux"));
    assert_eq!(
        app.count("SELECT count(*) AS n FROM articles WHERE status = 'published'")
            .await,
        1
    );
}
