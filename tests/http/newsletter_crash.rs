//! A `sillage worker` process killed with SIGKILL in the middle of a send, then started again:
//! nobody is lost, and only the messages in flight at the kill may go out twice, with their
//! original Message-ID.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use sillage::jobs::JobContext;
use sillage::settings::{MailTransport, SmtpTls};
use sillage::worker::Worker;

use crate::newsletter_delivery::drain;
use crate::support::smtp::SmtpSink;
use crate::support::{TestDatabase, eventually_within, test_settings};

/// SMTP connections of the worker process: the most messages in flight at once.
const CONNECTIONS: usize = 2;

fn start_worker(database_url: &str, sink: &SmtpSink) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sillage"));
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("SILLAGE_")) {
        command.env_remove(key);
    }
    command
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .env("SILLAGE_DATABASE__URL", database_url)
        .env("SILLAGE_MAIL__TRANSPORT", "smtp")
        .env("SILLAGE_SMTP__HOST", "127.0.0.1")
        .env("SILLAGE_SMTP__PORT", sink.port.to_string())
        .env("SILLAGE_SMTP__TLS", "none")
        .env("SILLAGE_SMTP__RATE", "40")
        .env("SILLAGE_SMTP__CONNECTIONS", CONNECTIONS.to_string())
        .arg("worker")
        .stdout(Stdio::null())
        .spawn()
        .expect("the worker starts")
}

/// Waits until `done` holds, 30 s at most.
async fn wait_until(what: &str, done: impl AsyncFnMut() -> bool) {
    eventually_within(what, Duration::from_secs(30), done).await;
}

async fn count(pool: &sillage::db::DbPool, sql: &str) -> i64 {
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = pool.get().await.unwrap();
    diesel::sql_query(sql)
        .get_result::<Count>(&mut conn)
        .await
        .unwrap()
        .n
}

/// A database with `planned` confirmed subscribers and one newsletter to them; returns the
/// database, its pool and the newsletter's id.
async fn seed(planned: i64) -> (TestDatabase, sillage::db::DbPool, i64) {
    let database = TestDatabase::create().await;
    let pool = sillage::db::build_pool(&database.url, 2, Duration::from_secs(5)).unwrap();
    for sql in [
        format!("WITH r AS (INSERT INTO readers (email, confirmed_at, link_salt) SELECT 'r' || n || '@example.org', now(), decode('00112233445566778899aabbccddeeff', 'hex') FROM generate_series(1, {planned}) n RETURNING id) SELECT count(*) AS n FROM r"),
        "WITH s AS (INSERT INTO newsletter_subscriptions (reader_id, status, consent_text, consent_at, consent_network, subscribed_at) SELECT id, 'subscribed', 'ok', now(), '127.0.0.0/24', now() FROM readers RETURNING reader_id) SELECT count(*) AS n FROM s".into(),
        "WITH n AS (INSERT INTO newsletters (subject, body_markdown, body_html, body_text) VALUES ('Crash', 'Bonjour', '<p>Bonjour</p>', 'Bonjour') RETURNING id) SELECT id AS n FROM n".into(),
    ] {
        count(&pool, &sql).await;
    }
    let id = count(&pool, "SELECT max(id) AS n FROM newsletters").await;
    (database, pool, id)
}

/// Starts the send of newsletter `id` (the ledger is written).
async fn start_send(pool: &sillage::db::DbPool, id: i64) {
    let mut conn = pool.get().await.unwrap();
    sillage::newsletter::sending::ledger::start(&mut conn, id, Utc::now(), 3)
        .await
        .unwrap();
}

/// A worker of this test process on the sink, to finish a send.
async fn finishing_worker(
    database: &TestDatabase,
    pool: &sillage::db::DbPool,
    sink: &SmtpSink,
) -> Worker {
    let mut settings = test_settings(&database.url);
    settings.mail.transport = MailTransport::Smtp;
    settings.smtp.host = "127.0.0.1".into();
    settings.smtp.port = sink.port;
    settings.smtp.tls = SmtpTls::None;
    Worker::new(JobContext::open(&settings, pool.clone()).await.unwrap())
}

/// The distinct recipients of what the sink received.
fn distinct_recipients(sink: &SmtpSink) -> usize {
    let mut to: Vec<String> = sink.messages().iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    to.dedup();
    to.len()
}

#[tokio::test]
async fn a_worker_killed_mid_send_loses_nobody_and_duplicates_only_what_was_in_flight() {
    // No app here: its own worker would share the send; only the worker processes deliver.
    let planned = 120;
    let (database, pool, id) = seed(planned).await;
    let sink = SmtpSink::start();
    let mut process = start_worker(&database.url, &sink);
    start_send(&pool, id).await;
    wait_until("a third is sent", async || sink.messages().len() >= 40).await;
    kill(Pid::from_raw(process.id() as i32), Signal::SIGKILL).unwrap();
    process.wait().unwrap();

    let mut restarted = start_worker(&database.url, &sink);
    // The rows leased by the killed process come back when their lease expires.
    let free = "SELECT count(*) AS n FROM deliveries WHERE status = 'pending' AND (locked_until IS NULL OR locked_until < now())";
    wait_until("only the killed worker's rows wait", async || {
        count(&pool, free).await == 0
    })
    .await;
    kill(Pid::from_raw(restarted.id() as i32), Signal::SIGTERM).unwrap();
    restarted.wait().unwrap();
    let ctx = finishing_worker(&database, &pool, &sink).await;
    drain(&ctx, Utc::now() + TimeDelta::minutes(3)).await;

    let sent = count(
        &pool,
        &format!(
            "SELECT count(*) AS n FROM deliveries WHERE newsletter_id = {id} AND status = 'sent'"
        ),
    )
    .await;
    assert_eq!(sent, planned, "the ledger balances");
    let messages = sink.messages();
    let mut to: Vec<String> = messages.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len() as i64, planned, "nobody lost");
    let duplicates = messages.len() - to.len();
    println!(
        "sigkill mid-send: {planned} readers, 1 kill, {CONNECTIONS} connections: 0 lost, \
         {duplicates} duplicates"
    );
    assert!(
        duplicates <= CONNECTIONS,
        "{duplicates} duplicates for one kill"
    );
    let mut ids: Vec<String> = messages
        .iter()
        .filter_map(|m| m.header("Message-ID"))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        to.len(),
        "a duplicate carries its original Message-ID"
    );
}

#[tokio::test]
async fn sigterm_mid_send_finishes_the_messages_in_flight_and_claims_nothing_new() {
    let planned = 120;
    let (database, pool, id) = seed(planned).await;
    let sink = SmtpSink::start();
    let mut process = start_worker(&database.url, &sink);
    start_send(&pool, id).await;
    wait_until("a third is sent", async || sink.messages().len() >= 40).await;
    kill(Pid::from_raw(process.id() as i32), Signal::SIGTERM).unwrap();
    eventually_within("the worker stops", Duration::from_secs(15), async || {
        process.try_wait().unwrap().is_some()
    })
    .await;
    let status = process.wait().unwrap();
    assert!(status.success(), "a clean stop: {status}");

    let sent = count(
        &pool,
        &format!(
            "SELECT count(*) AS n FROM deliveries WHERE newsletter_id = {id} AND status = 'sent'"
        ),
    )
    .await;
    assert_eq!(
        sink.messages().len() as i64,
        sent,
        "every message that left was recorded before the stop"
    );
    assert!(sent < planned, "stopped in the middle ({sent} sent)");
    let leased = count(
        &pool,
        "SELECT count(*) AS n FROM deliveries WHERE status = 'pending' AND locked_until IS NOT NULL",
    )
    .await;
    assert_eq!(leased, 0, "nothing stays reserved for the stopped worker");

    // Another worker takes over at once (no lease to wait for) and nobody gets two.
    let ctx = finishing_worker(&database, &pool, &sink).await;
    drain(&ctx, Utc::now()).await;
    assert_eq!(sink.messages().len() as i64, planned, "no duplicate");
    assert_eq!(distinct_recipients(&sink) as i64, planned, "nobody lost");
}
