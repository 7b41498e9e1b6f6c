//! The worker keeps time: it sleeps until the next thing due rather than until its next poll.

use crate::newsletter_delivery::{compose, due, send, subscriber};
use crate::support::spawn_app_with_smtp;

#[tokio::test]
async fn a_scheduled_send_starts_within_two_seconds_of_its_time_not_at_the_next_poll() {
    // A poll every two minutes: only the schedule itself can start the send in time.
    let (app, sink) = spawn_app_with_smtp(|s| {
        s.worker.poll_interval_seconds = 120;
        s.smtp.rate = 1000;
    })
    .await;
    app.set_up_author().await;
    subscriber(&app, "lea@example.org", "subscribed", &[]).await;
    let id = compose(&app, "Le numéro de décembre", &[]).await;
    assert_eq!(send(&app, id, "scheduled", &due().1).await.status(), 303);
    // The same send, now due in three seconds (the form takes whole minutes).
    app.execute(&format!(
        "UPDATE newsletters SET scheduled_at = now() + interval '3 seconds' WHERE id = {id}"
    ))
    .await;
    app.execute("NOTIFY sillage_schedule").await;
    assert_eq!(sink.wait_for(1).await[0].to, vec!["lea@example.org"]);
    let late_ms = app
        .count(&format!(
            "SELECT (extract(epoch FROM started_at - scheduled_at) * 1000)::bigint AS n \
             FROM newsletters WHERE id = {id}"
        ))
        .await;
    assert!(
        (0..2000).contains(&late_ms),
        "started {late_ms} ms after its time"
    );
}
