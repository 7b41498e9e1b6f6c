//! Newsletter delivery against a real SMTP server on loopback: the worker's steps are driven
//! with a `now` two days ahead, so the app's own worker (on the real clock) never interferes.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use sillage::jobs::JobContext;
use sillage::settings::{MailTransport, SmtpTls};
use sillage::worker::Worker;

pub use crate::support::newsletters::{compose, due, send, subscriber};
use crate::support::smtp::SmtpSink;
use crate::support::{TestApp, spawn_app_with_smtp, test_settings, texts};

/// Inserts a theme; returns its id.
pub async fn theme(app: &TestApp, slug: &str) -> i64 {
    app.count(&format!("WITH t AS (INSERT INTO themes (slug, name, description, position) VALUES ('{slug}', '{slug}', '', 0) RETURNING id) SELECT id AS n FROM t")).await
}

/// A worker of its own (another node) on the app's database and the sink.
pub async fn worker(app: &TestApp, sink: &SmtpSink) -> Worker {
    let mut settings = test_settings(&app.database.url);
    settings.mail.transport = MailTransport::Smtp;
    settings.smtp.host = "127.0.0.1".into();
    settings.smtp.port = sink.port;
    settings.smtp.tls = SmtpTls::None;
    settings.smtp.rate = 1000;
    let pool = sillage::db::build_pool(&app.database.url, 2, Duration::from_secs(5)).unwrap();
    Worker::new(JobContext::open(&settings, pool).await.unwrap())
}

/// Steps the worker at `now` until it finds nothing more to deliver.
pub async fn drain(ctx: &Worker, now: DateTime<Utc>) {
    while ctx
        .step(now, Duration::from_secs(1))
        .await
        .unwrap()
        .deliveries
        > 0
    {}
}

/// The ledger's rows of newsletter `id` in `status`.
pub async fn ledger(app: &TestApp, id: i64, status: &str) -> i64 {
    app.count(&format!(
        "SELECT count(*) AS n FROM deliveries WHERE newsletter_id = {id} AND status = '{status}'"
    ))
    .await
}

/// Every recipient so far, sorted.
pub fn recipients(sink: &SmtpSink) -> Vec<String> {
    let mut to: Vec<String> = sink.messages().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    to
}

#[tokio::test]
async fn a_scheduled_send_reaches_the_confirmed_subscribers_of_its_themes_once_each() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    let (brands, tech) = (theme(&app, "marques").await, theme(&app, "techno").await);
    subscriber(&app, "tout@example.org", "subscribed", &[]).await;
    subscriber(&app, "marques@example.org", "subscribed", &[brands]).await;
    subscriber(&app, "techno@example.org", "subscribed", &[tech]).await;
    subscriber(&app, "attente@example.org", "pending", &[]).await;
    subscriber(&app, "parti@example.org", "unsubscribed", &[]).await;
    let id = compose(&app, "Les marques en été", &[brands]).await;
    let (at, local) = due();
    assert_eq!(send(&app, id, "scheduled", &local).await.status(), 303);

    let ctx = worker(&app, &sink).await;
    drain(&ctx, at - TimeDelta::minutes(1)).await;
    assert_eq!(
        ledger(&app, id, "pending").await,
        0,
        "nothing before its time"
    );
    // Two ticks and a second node at the due minute start the send once.
    let other = worker(&app, &sink).await;
    let (a, b) = tokio::join!(
        ctx.step(at, Duration::from_secs(1)),
        other.step(at, Duration::from_secs(1))
    );
    assert_eq!(a.unwrap().sends_started + b.unwrap().sends_started, 1);
    drain(&ctx, at).await;
    drain(&other, at + TimeDelta::seconds(30)).await;

    assert_eq!(
        recipients(&sink),
        ["marques@example.org", "tout@example.org"]
    );
    assert_eq!(ledger(&app, id, "sent").await, 2);
    let mail = &sink.messages()[0];
    let unsubscribe = mail.link("/newsletter/unsubscribe/");
    assert_eq!(
        mail.header("List-Unsubscribe").unwrap(),
        format!("<{unsubscribe}>")
    );
    assert_eq!(
        mail.header("List-Unsubscribe-Post").unwrap(),
        "List-Unsubscribe=One-Click"
    );
    assert!(
        mail.header("Auto-Submitted").is_none(),
        "a newsletter is not auto-submitted"
    );
    assert!(mail.link("/newsletter/preferences/").contains('.'));
    let message_id = mail.header("Message-ID").unwrap();
    assert!(
        message_id.starts_with(&format!("<newsletter.{id}.")),
        "{message_id}"
    );
    let parsed = mail.parsed();
    assert_eq!(parsed.subject(), Some("Les marques en été"));
    assert!(
        parsed
            .body_html(0)
            .unwrap()
            .contains("<strong>lecteurs</strong>")
    );
    assert!(parsed.body_html(0).unwrap().contains(&unsubscribe));

    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    assert_eq!(texts(&page, "[data-count=planned]"), ["2"]);
    assert_eq!(texts(&page, "[data-count=sent]"), ["2"]);
}

#[tokio::test]
async fn temporary_refusals_are_retried_until_delivered_and_none_twice() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    for n in 0..5 {
        subscriber(&app, &format!("r{n}@example.org"), "subscribed", &[]).await;
    }
    let id = compose(&app, "Retry", &[]).await;
    let (at, local) = due();
    send(&app, id, "scheduled", &local).await;
    sink.refuse_next(2, 451);
    let ctx = worker(&app, &sink).await;
    drain(&ctx, at).await;
    assert_eq!(ledger(&app, id, "sent").await, 3);
    assert_eq!(
        ledger(&app, id, "pending").await,
        2,
        "deferred with a backoff"
    );
    drain(&ctx, at + TimeDelta::seconds(10)).await;
    assert_eq!(
        ledger(&app, id, "pending").await,
        2,
        "not before the backoff"
    );
    drain(&ctx, at + TimeDelta::minutes(5)).await;
    assert_eq!(ledger(&app, id, "sent").await, 5);
    let to = recipients(&sink);
    assert_eq!(to.len(), 5);
    assert!(to.windows(2).all(|w| w[0] != w[1]), "none twice: {to:?}");
}

#[tokio::test]
async fn a_permanent_refusal_fails_that_delivery_and_counts_a_hard_bounce() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    for n in 0..4 {
        subscriber(&app, &format!("r{n}@example.org"), "subscribed", &[]).await;
    }
    let id = compose(&app, "Bounce", &[]).await;
    let (at, local) = due();
    send(&app, id, "scheduled", &local).await;
    sink.refuse_next(1, 550);
    drain(&worker(&app, &sink).await, at).await;
    assert_eq!(
        (
            ledger(&app, id, "sent").await,
            ledger(&app, id, "failed").await
        ),
        (3, 1)
    );
    assert_eq!(
        app.count("SELECT sum(hard_bounces) AS n FROM readers")
            .await,
        1
    );
    let page = app.page(&format!("/admin/newsletters/{id}")).await;
    assert_eq!(texts(&page, "[data-count=failed]"), ["1"]);
    assert!(page.contains("550"), "the report gives the reason");
}

#[tokio::test]
async fn connections_dropped_by_the_server_mid_send_are_retried_and_nobody_gets_it_twice() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    for n in 0..10 {
        subscriber(&app, &format!("r{n}@example.org"), "subscribed", &[]).await;
    }
    let id = compose(&app, "Coupure", &[]).await;
    let (at, local) = due();
    send(&app, id, "scheduled", &local).await;
    let ctx = worker(&app, &sink).await;
    sink.refuse_next(3, 421);
    drain(&ctx, at).await;
    assert_eq!(
        ledger(&app, id, "sent").await,
        7,
        "three connections dropped"
    );
    assert_eq!(
        ledger(&app, id, "pending").await,
        3,
        "the dropped ones wait for a retry"
    );
    drain(&ctx, at + TimeDelta::hours(1)).await;
    assert_eq!(ledger(&app, id, "sent").await, 10);
    let mut to = recipients(&sink);
    assert_eq!(to.len(), 10, "none twice: {to:?}");
    to.dedup();
    assert_eq!(to.len(), 10, "everyone once");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM deliveries WHERE newsletter_id = {id} AND attempts = 2"
        ))
        .await,
        3,
        "each dropped delivery took a second attempt"
    );
}
