//! Benchmark (not a timed test): one newsletter to 10,000 confirmed subscribers, delivered by
//! two workers through the pooled SMTP transport to an SMTP sink on loopback. Prints emails per
//! second and this process's peak memory. `cargo bench --bench newsletter_delivery`;
//! `SILLAGE_BENCH_SUBSCRIBERS` changes the count, `SILLAGE_BENCH_CONNECTIONS` the SMTP
//! connections per worker (default 8).
//!
//! The sink is Postfix's `smtp-sink` (Debian package `postfix`) when it is installed, started
//! on a free port and stopped at the end: it answers as fast as a real relay can. Otherwise the
//! in-process test server is used, which serves one connection per thread, keeps every message
//! in memory and caps the figure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test or a benchmark stops by panicking"
)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use diesel_async::RunQueryDsl;
use sillage::jobs::JobContext;
use sillage::newsletter::sending::delivery::run_batch;
use sillage::newsletter::sending::ledger;
use sillage::settings::{MailTransport, SmtpTls};
use support::{TestDatabase, smtp::SmtpSink, test_settings};

/// Where the messages go.
enum Sink {
    /// Postfix's `smtp-sink`, a child process stopped on drop.
    Postfix { child: Child, port: u16 },
    /// The in-process test server (slow: one thread per connection).
    InProcess(SmtpSink),
}

impl Sink {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let postfix = Command::new("smtp-sink")
            .args(["-u", "nobody", &format!("127.0.0.1:{port}"), "256"])
            .stdout(Stdio::null())
            .spawn();
        match postfix {
            Ok(child) => {
                let deadline = Instant::now() + Duration::from_secs(5);
                while TcpStream::connect(("127.0.0.1", port)).is_err() {
                    assert!(Instant::now() < deadline, "smtp-sink did not start");
                    std::thread::sleep(Duration::from_millis(20));
                }
                Sink::Postfix { child, port }
            }
            Err(_) => Sink::InProcess(SmtpSink::start()),
        }
    }

    fn port(&self) -> u16 {
        match self {
            Sink::Postfix { port, .. } => *port,
            Sink::InProcess(sink) => sink.port,
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Sink::Postfix { .. } => "Postfix smtp-sink",
            Sink::InProcess(_) => "in-process test server, holding every message in memory",
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Sink::Postfix { child, .. } = self {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

const BATCH: i64 = 50;

async fn worker_loop(ctx: JobContext) -> usize {
    let mut claimed = 0;
    loop {
        let n = run_batch(&ctx, Utc::now(), BATCH).await.expect("a batch");
        if n == 0 {
            return claimed;
        }
        claimed += n;
    }
}

#[tokio::main]
async fn main() {
    let count: i64 = std::env::var("SILLAGE_BENCH_SUBSCRIBERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let database = TestDatabase::create().await;
    let sink = Sink::start();
    let mut settings = test_settings(&database.url);
    settings.mail.transport = MailTransport::Smtp;
    settings.smtp.host = "127.0.0.1".into();
    settings.smtp.port = sink.port();
    settings.smtp.tls = SmtpTls::None;
    settings.smtp.rate = 1_000_000;
    settings.smtp.connections = match &sink {
        Sink::Postfix { .. } => std::env::var("SILLAGE_BENCH_CONNECTIONS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(8),
        // The test SMTP server serves one connection per thread.
        Sink::InProcess(_) => 4,
    };
    let pool = sillage::db::build_pool(&database.url, 8, Duration::from_secs(5)).unwrap();
    let mut conn = pool.get().await.unwrap();
    for sql in [
        format!("INSERT INTO readers (email, name, confirmed_at, link_salt) SELECT 'r' || n || '@example.org', 'Lecteur ' || n, now(), decode('00112233445566778899aabbccddeeff', 'hex') FROM generate_series(1, {count}) n"),
        "INSERT INTO newsletter_subscriptions (reader_id, status, consent_text, consent_at, consent_network, subscribed_at) SELECT id, 'subscribed', 'ok', now(), '127.0.0.0/24', now() FROM readers".into(),
        "INSERT INTO newsletters (subject, body_markdown, body_html, body_text) VALUES ('Banc d’essai', 'Bonjour', '<p>Bonjour</p>', 'Bonjour')".into(),
    ] {
        diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    }
    let started = Instant::now();
    let planned = ledger::start(&mut conn, 1, Utc::now(), 3)
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let ledger_time = started.elapsed();
    let (one, two) = (
        JobContext::open(&settings, pool.clone()).await.unwrap(),
        JobContext::open(&settings, pool.clone()).await.unwrap(),
    );
    let sending = Instant::now();
    let (a, b) = tokio::join!(
        tokio::spawn(worker_loop(one)),
        tokio::spawn(worker_loop(two))
    );
    let elapsed = sending.elapsed();
    let delivered: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "SELECT count(*) FROM deliveries WHERE status = 'sent'",
    )
    .get_result(&mut pool.get().await.unwrap())
    .await
    .unwrap();
    let delivered = usize::try_from(delivered).unwrap();
    assert_eq!(a.unwrap() + b.unwrap(), planned);
    assert_eq!(delivered, planned, "every subscriber once");
    println!(
        "{planned} recipients planned in {:.2} s; {delivered} emails in {:.2} s: {:.0} emails/s; peak memory of this process: {}; sink: {}; {} SMTP connections per worker",
        ledger_time.as_secs_f64(),
        elapsed.as_secs_f64(),
        delivered as f64 / elapsed.as_secs_f64(),
        support::peak_memory(),
        sink.describe(),
        settings.smtp.connections
    );
}
