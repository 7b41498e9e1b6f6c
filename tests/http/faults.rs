//! The fault suite's own tests (issue 13): the SMTP server gone for two minutes in the middle
//! of a send, and PostgreSQL restarted under a light load of reads and writes. The other faults
//! of the suite live beside what they break: a panicking job and the `LISTEN` connection cut
//! in `worker_faults`, a worker killed mid-send in `newsletter_crash`. Run them all with
//! `cargo test --test http -- faults newsletter_crash`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sillage::mail::smtp_pool::unreachable_wait;

use crate::newsletter_delivery::{compose, send};
use crate::support::articles::{DISCUSSED, publish_discussed};
use crate::support::postgres::PrivateCluster;
use crate::support::smtp::SmtpSink;
use crate::support::{
    TestApp, TestDatabase, csrf_token_named, eventually_within, mail_to, new_client, spawn_app_on,
    spawn_app_with_smtp,
};

/// Messages per second the app is configured to send.
const RATE: u32 = 20;
/// SMTP connections the app keeps: the most messages in flight at once.
const CONNECTIONS: u32 = 2;
/// Confirmed readers of the newsletter.
const READERS: i64 = 300;
/// How long the SMTP server stays away.
const OUTAGE: Duration = Duration::from_secs(120);

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

    eventually_within("a fifth is sent", Duration::from_secs(30), async || {
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
    eventually_within(
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

/// The article the load reads, rates and comments on.
const ARTICLE: &str = DISCUSSED;
/// Clients reading and writing at once.
const LOADERS: usize = 4;

/// What a reading and writing client saw: the writes the site acknowledged (2xx or 3xx), and
/// the requests that failed while the database was away.
#[derive(Default)]
struct Load {
    comments: Vec<String>,
    ratings: usize,
    reads: usize,
    failed: usize,
}

/// Whether a write was acknowledged.
fn acknowledged(response: &reqwest::Result<reqwest::Response>) -> bool {
    response
        .as_ref()
        .is_ok_and(|r| r.status().is_success() || r.status().is_redirection())
}

/// One reader after another reads the article, comments on it and rates it, until `stop`;
/// `comments` counts the comments acknowledged so far, `loader` tells its comments apart.
async fn read_and_write(
    address: String,
    loader: usize,
    stop: Arc<AtomicBool>,
    comments: Arc<AtomicUsize>,
) -> Load {
    let mut load = Load::default();
    let mut i = 0;
    while !stop.load(Ordering::SeqCst) {
        i += 1;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        let article = format!("{address}/articles/{ARTICLE}");
        let page = match client.get(&article).send().await {
            Ok(page) if page.status() == StatusCode::OK => page.text().await.unwrap_or_default(),
            _ => String::new(),
        };
        if !page.contains("form_ts") {
            load.failed += 1;
            // A light load: a reader every few tens of milliseconds, also while the site fails.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        }
        load.reads += 1;
        let stamp = csrf_token_named(&page, "form_ts");
        let body = format!("Commentaire de charge {loader}-{i}.");
        let form = [
            ("form_ts", stamp.as_str()),
            ("author_name", "Lecteur"),
            ("author_email", "lecteur@example.org"),
            ("body", body.as_str()),
        ];
        let comment = client
            .post(format!("{article}/comments"))
            .form(&form)
            .send()
            .await;
        if acknowledged(&comment) {
            load.comments.push(body);
            comments.fetch_add(1, Ordering::SeqCst);
        } else {
            load.failed += 1;
        }
        let stars = (i % 5 + 1).to_string();
        let rating = client
            .post(format!("{article}/rating"))
            .form(&[("stars", stars.as_str())])
            .send()
            .await;
        if acknowledged(&rating) {
            load.ratings += 1;
        } else {
            load.failed += 1;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    load
}

#[tokio::test]
async fn postgresql_restarted_under_load_keeps_every_acknowledged_write_and_comes_back() {
    let cluster = PrivateCluster::start().await;
    let sink = SmtpSink::start();
    let mut app = spawn_app_on(TestDatabase::of(&cluster), |s| {
        mail_to(s, &sink);
        s.comments.min_form_seconds = 0;
        s.comments.per_network_per_10_minutes = 1_000_000;
        s.security.rating_new_votes_per_network_per_day = 1_000_000;
        // Polling alone would take two minutes: only its notifications wake the worker in time.
        s.worker.poll_interval_seconds = 120;
    })
    .await;
    publish_discussed(&mut app).await;
    let (stop, acked) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    );
    let loads: Vec<_> = (0..LOADERS)
        .map(|n| {
            tokio::spawn(read_and_write(
                app.address.clone(),
                n,
                stop.clone(),
                acked.clone(),
            ))
        })
        .collect();
    eventually_within("the load writes", Duration::from_secs(30), async || {
        acked.load(Ordering::SeqCst) >= 40
    })
    .await;

    let restart = Instant::now();
    cluster.restart().await;
    let restarted = restart.elapsed();
    eventually_within(
        "the site answers again",
        Duration::from_secs(60),
        async || {
            app.client
                .get(format!("{}/health", app.address))
                .send()
                .await
                .is_ok_and(|r| r.status() == StatusCode::OK)
        },
    )
    .await;
    let back = restart.elapsed();
    let before = acked.load(Ordering::SeqCst);
    eventually_within(
        "the load writes again",
        Duration::from_secs(60),
        async || acked.load(Ordering::SeqCst) >= before + 40,
    )
    .await;
    stop.store(true, Ordering::SeqCst);
    let mut load = Load::default();
    for one in loads {
        let one = one.await.unwrap();
        load.comments.extend(one.comments);
        load.ratings += one.ratings;
        load.reads += one.reads;
        load.failed += one.failed;
    }

    // Every acknowledged write is there, once.
    let listed: Vec<String> = load.comments.iter().map(|b| format!("'{b}'")).collect();
    let kept = app
        .count(&format!(
            "SELECT count(*) AS n FROM comments WHERE body_markdown IN ({})",
            listed.join(", ")
        ))
        .await;
    assert_eq!(
        kept,
        load.comments.len() as i64,
        "every acknowledged comment kept, once"
    );
    let ratings = app.count("SELECT count(*) AS n FROM ratings").await;
    assert!(
        ratings >= load.ratings as i64,
        "{ratings} ratings stored, {} acknowledged",
        load.ratings
    );

    // The worker runs a job queued after the restart, woken by its notification.
    let reader = new_client();
    let page = reader
        .get(format!("{}/newsletter", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let stamp = csrf_token_named(&page, "form_ts");
    let signup = reader
        .post(format!("{}/newsletter", app.address))
        .form(&[("email", "lea@example.org"), ("form_ts", stamp.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(signup.status(), StatusCode::SEE_OTHER);
    eventually_within(
        "the confirmation is mailed",
        Duration::from_secs(30),
        async || {
            sink.messages()
                .iter()
                .any(|m| m.to == vec!["lea@example.org".to_owned()])
        },
    )
    .await;
    println!(
        "postgres restart: {} acknowledged writes ({} comments, {} ratings), 0 lost, \
         {} requests failed meanwhile, {} reads, restarted in {:.1} s, site back in {:.1} s",
        load.comments.len() + load.ratings,
        load.comments.len(),
        load.ratings,
        load.failed,
        load.reads,
        restarted.as_secs_f64(),
        back.as_secs_f64()
    );
}
