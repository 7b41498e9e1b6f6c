//! The binary itself: configuration errors, `admin create`, and a full start, stop and restart
//! on its own private PostgreSQL cluster.

use std::process::{Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;

use crate::support::{
    AUTHOR_EMAIL, TestApp, TestDatabase, eventually_within, spawn_app, test_settings,
};

const BINARY: &str = env!("CARGO_BIN_EXE_sillage");

fn sillage() -> Command {
    let mut command = Command::new(BINARY);
    command.env_remove("DATABASE_URL").env("RUST_LOG", "warn");
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("SILLAGE_")) {
        command.env_remove(key);
    }
    command
}

#[test]
fn an_invalid_setting_stops_the_start_and_names_its_key() {
    for (key, value, expected) in [
        ("SILLAGE_SERVER__PORT", "quatre-vingt", "server.port"),
        ("SILLAGE_SITE__TIMEZONE", "Mars/Olympus", "site.timezone"),
        ("SILLAGE_SITE__LOCALE", "de", "site.locale"),
        ("SILLAGE_SITE__BASE_URL", "exemple.org", "site.base_url"),
        (
            "SILLAGE_SERVER__TRUSTED_PROXIES",
            "10.0.0.1,pas-une-ip",
            "server.trusted_proxies",
        ),
    ] {
        let output = sillage().env(key, value).arg("migrate").output().unwrap();
        assert!(!output.status.success(), "{key}={value} was accepted");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{key}: {stderr}");
    }
}

/// Runs `sillage admin create` for the author on `app`'s database with `name` and `password`.
fn admin_create(app: &TestApp, name: &str, password: &str) -> std::process::Output {
    sillage()
        .env("DATABASE_URL", &app.database.url)
        .env("SILLAGE_ADMIN_PASSWORD", password)
        .args(["admin", "create", "--email", AUTHOR_EMAIL, "--name", name])
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[tokio::test]
async fn admin_create_makes_an_account_that_can_log_in() {
    let app = spawn_app().await;
    let output = admin_create(&app, "Claire Martin", "un mot de passe du terminal");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        app.log_in("un mot de passe du terminal").await.status(),
        StatusCode::SEE_OTHER
    );
    let short = admin_create(&app, "Claire", "court");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("password"));
    let two_lines = admin_create(
        &app,
        "Claire\r\nBcc: intrus@example.org",
        "un mot de passe du terminal",
    );
    assert!(!two_lines.status.success());
    assert!(String::from_utf8_lossy(&two_lines.stderr).contains("control characters"));
    assert_eq!(
        app.count("SELECT count(*) AS n FROM authors WHERE display_name LIKE '%intrus%'")
            .await,
        0
    );
}

#[tokio::test]
async fn demo_twice_changes_nothing() {
    let database = TestDatabase::create().await;
    for _ in 0..2 {
        let output = sillage()
            .env("DATABASE_URL", &database.url)
            .arg("demo")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let settings = test_settings(&database.url);
    let pool = sillage::db::build_pool(&settings.database.url, 1, Duration::from_secs(5)).unwrap();
    let mut conn = pool.get().await.unwrap();
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let count: i64 = sillage::schema::articles::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(count, 3);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn wait_healthy(url: &str) {
    eventually_within(
        &format!("{url} answers 200"),
        Duration::from_secs(60),
        async || {
            reqwest::get(url)
                .await
                .is_ok_and(|response| response.status() == StatusCode::OK)
        },
    )
    .await;
}

#[tokio::test]
async fn a_bare_start_runs_a_private_cluster_that_survives_a_restart() {
    let data_dir = std::env::temp_dir().join(format!("sillage-bare-start-{}", std::process::id()));
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    for round in 0..2 {
        let mut child = sillage()
            .env("SILLAGE_DATA_DIR", &data_dir)
            .env("SILLAGE_SERVER__PORT", port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_healthy(&format!("{base}/health")).await;
        let home = reqwest::get(format!("{base}/"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            crate::support::texts(&home, ".card__title").len(),
            3,
            "round {round}: the demo, once"
        );
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(child.id() as i32),
            nix::sys::signal::Signal::SIGTERM,
        )
        .unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "round {round}: a clean exit on SIGTERM");
        assert!(
            !data_dir.join("postgres/data/postmaster.pid").exists(),
            "round {round}: the cluster stopped"
        );
    }
    let _ = std::fs::remove_dir_all(&data_dir);
}
