//! The fault suite's own tests (issue 13): the SMTP server gone for two minutes in the middle
//! of a send, and PostgreSQL restarted under a light load of reads and writes. The other faults
//! of the suite live beside what they break: a panicking job and the `LISTEN` connection cut
//! in `worker_faults`, a worker killed mid-send in `newsletter_crash`. Run them all with
//! `cargo test --test http -- faults newsletter_crash`.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sillage::mail::smtp_pool::unreachable_wait;

use crate::newsletter_delivery::{compose, send};
use crate::support::{TestApp, spawn_app_with_smtp};

/// Messages per second the app is configured to send.
const RATE: u32 = 20;
/// SMTP connections the app keeps: the most messages in flight at once.
const CONNECTIONS: u32 = 2;
/// Confirmed readers of the newsletter.
const READERS: i64 = 300;
/// How long the SMTP server stays away.
const OUTAGE: Duration = Duration::from_secs(120);

/// Waits until `done` holds, `limit` at most.
async fn wait_until(what: &str, limit: Duration, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The newsletter's ledger rows in `status`.
async fn ledger(app: &TestApp, id: i64, status: &str) -> i64 {
    app.count(&format!(
        "SELECT count(*) AS n FROM deliveries WHERE newsletter_id = {id} AND status = '{status}'"
    ))
    .await
}

/// The most connections a server gone for `outage` may see tried: one per try the pool's wait
/// allows, plus one per connection open when the server went (each finds it gone once).
fn tries_allowed(outage: Duration) -> usize {
    let (mut elapsed, mut tries) = (Duration::ZERO, 0);
    while elapsed <= outage {
        tries += 1;
        elapsed += unreachable_wait(tries);
    }
    tries as usize + CONNECTIONS as usize
}

#[tokio::test]
async fn the_smtp_server_gone_two_minutes_mid_send_loses_nobody_and_the_rate_holds_once_back() {
    let (app, sink) = spawn_app_with_smtp(|s| {
        s.smtp.rate = RATE;
        s.smtp.connections = CONNECTIONS;
    })
    .await;
    app.set_up_author().await;
    app.execute(&format!("WITH r AS (INSERT INTO readers (email, confirmed_at, link_salt) SELECT 'r' || n || '@example.org', now(), decode('00112233445566778899aabbccddeeff', 'hex') FROM generate_series(1, {READERS}) n RETURNING id) INSERT INTO newsletter_subscriptions (reader_id, status, consent_text, consent_at, consent_network, subscribed_at) SELECT id, 'subscribed', 'ok', now(), '127.0.0.0/24', now() FROM r")).await;
    let id = compose(&app, "Panne", &[]).await;
    assert_eq!(
        send(&app, id, "now", "").await.status(),
        StatusCode::SEE_OTHER
    );

    wait_until("a fifth is sent", Duration::from_secs(30), async || {
        sink.messages().len() >= 60
    })
    .await;
    sink.stop();
    // The outage itself: two minutes without a server, whatever the worker does meanwhile.
    tokio::time::sleep(OUTAGE).await;
    let tried = sink.closed_while_down();
    let before = sink.messages().len();
    sink.restart();
    let back = Instant::now();
    wait_until(
        "every delivery is closed",
        Duration::from_secs(90),
        async || ledger(&app, id, "pending").await == 0,
    )
    .await;
    let resumed = sink
        .messages()
        .iter()
        .find(|m| m.at > back)
        .map(|m| m.at - back);

    // Nobody lost: every reader got the newsletter, or the ledger says why not.
    let sent = ledger(&app, id, "sent").await;
    let failed = ledger(&app, id, "failed").await;
    let unexplained = app
        .count(&format!("SELECT count(*) AS n FROM deliveries WHERE newsletter_id = {id} AND status = 'failed' AND last_error IS NULL"))
        .await;
    assert_eq!(
        (sent + failed, unexplained),
        (READERS, 0),
        "the ledger balances"
    );
    let messages = sink.messages();
    let mut to: Vec<String> = messages.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len() as i64, sent, "every delivery marked sent arrived");
    let duplicates = messages.len() - to.len();
    assert!(
        duplicates <= CONNECTIONS as usize,
        "{duplicates} duplicates: more than the messages in flight at the cut"
    );

    // No busy loop: the server was tried only as often as the pool's wait allows.
    assert!(
        tried <= tries_allowed(OUTAGE),
        "{tried} connections tried during the outage (at most {})",
        tries_allowed(OUTAGE)
    );

    // Once back, the send goes at the configured pace.
    let mut after: Vec<Instant> = messages
        .iter()
        .map(|m| m.at)
        .filter(|at| *at > back)
        .collect();
    after.sort();
    assert!(
        after.len() as i64 >= READERS / 2,
        "{} sent once back",
        after.len()
    );
    let span = after[after.len() - 1] - after[0];
    let rate = (after.len() - 1) as f64 / span.as_secs_f64();
    let off = (rate - f64::from(RATE)).abs() / f64::from(RATE);
    println!(
        "smtp outage: {sent} sent, {failed} failed, 0 lost, {duplicates} duplicates, \
         {before} before the cut, {tried} connections tried in {} s, resumed after {resumed:?}, \
         {rate:.2} messages/s once back ({:.1} % off {RATE})",
        OUTAGE.as_secs(),
        off * 100.0
    );
    assert!(
        off <= 0.10,
        "{rate:.2} messages/s once back, configured {RATE}"
    );
}
