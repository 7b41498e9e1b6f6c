//! The worker under faults: a job that panics or cannot be read among healthy ones, a stored
//! name that a mail header cannot carry, and the `LISTEN` connection cut while the database
//! refuses new connections. Apps here run without their embedded worker when a test drives the
//! queue itself, so nothing races it.

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde::{Deserialize, Serialize};
use sillage::jobs::{Job, JobContext, JobError, run_due};
use sillage::worker::registry::job_registry;

use crate::newsletter_delivery::worker;
use crate::support::forms;
use crate::support::{
    AUTHOR_EMAIL, TestApp, csrf_token, csrf_token_named, eventually, new_client, spawn_app_with,
    spawn_app_with_smtp, texts,
};

/// A job whose run panics, as one fed a value nobody thought of would.
#[derive(Serialize, Deserialize)]
struct Explodes {
    reason: String,
}

impl Job for Explodes {
    const KIND: &'static str = "test.explodes";

    async fn run(self, _ctx: &JobContext) -> Result<(), JobError> {
        panic!("{}", self.reason)
    }
}

async fn sign_up(app: &TestApp, email: &str) {
    let response = forms::sign_up(app, &app.client, email, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

/// The queue row of the only job of `kind`: attempts, whether it failed for good, its reason.
async fn job_state(app: &TestApp, kind: &str) -> (i64, bool, String) {
    let attempts = app
        .count(&format!(
            "SELECT attempts::bigint AS n FROM jobs WHERE kind = '{kind}'"
        ))
        .await;
    let failed = app
        .count(&format!(
            "SELECT count(*) AS n FROM jobs WHERE kind = '{kind}' AND failed_at IS NOT NULL"
        ))
        .await
        == 1;
    let reason = last_error(app, kind).await;
    (attempts, failed, reason)
}

async fn last_error(app: &TestApp, kind: &str) -> String {
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        text: String,
    }
    let mut conn = app.pool.get().await.unwrap();
    diesel::sql_query("SELECT coalesce(last_error, '') AS text FROM jobs WHERE kind = $1")
        .bind::<diesel::sql_types::Text, _>(kind)
        .get_result::<Row>(&mut conn)
        .await
        .unwrap()
        .text
}

#[tokio::test]
async fn a_panicking_job_is_recorded_failed_and_the_jobs_beside_it_still_run() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    let mut conn = app.pool.get().await.unwrap();
    let explodes = Explodes {
        reason: "une valeur imprévue".into(),
    };
    explodes.enqueue(&mut conn).await.unwrap();
    drop(conn);
    sign_up(&app, "lea@example.org").await;

    let worker = worker(&app, &sink).await;
    let registry = job_registry().register::<Explodes>();
    let now = Utc::now();
    assert_eq!(run_due(worker.context(), &registry, now).await.unwrap(), 2);
    assert_eq!(sink.wait_for(1).await[0].to, vec!["lea@example.org"]);
    let confirmed =
        "SELECT count(*) AS n FROM jobs WHERE kind = 'newsletter.confirm' AND done_at IS NOT NULL";
    assert_eq!(app.count(confirmed).await, 1);
    let (attempts, failed, reason) = job_state(&app, Explodes::KIND).await;
    assert_eq!(
        (attempts, failed),
        (1, false),
        "retried later, not given up"
    );
    assert_eq!(reason, "panicked: une valeur imprévue");
    let retried_later = "SELECT count(*) AS n FROM jobs WHERE kind = 'test.explodes' \
                         AND run_at > now() + interval '20 seconds' AND locked_until IS NULL";
    assert_eq!(app.count(retried_later).await, 1, "backs off");

    // Its last attempt gives it up for good; the author sees it with its reason and can retry.
    app.execute(
        "UPDATE jobs SET attempts = max_attempts - 1, run_at = now() WHERE kind = 'test.explodes'",
    )
    .await;
    run_due(
        worker.context(),
        &registry,
        Utc::now() + chrono::Duration::seconds(1),
    )
    .await
    .unwrap();
    let (attempts, failed, _) = job_state(&app, Explodes::KIND).await;
    assert_eq!((attempts, failed), (8, true));
    app.set_up_author().await;
    let dashboard = app.page("/admin").await;
    assert!(
        dashboard.contains("Tâches de fond en échec&nbsp;: 1"),
        "{dashboard}"
    );
    let page = app.page("/admin/jobs").await;
    assert_eq!(texts(&page, "tbody code"), vec!["test.explodes"]);
    assert!(page.contains("panicked: une valeur imprévue"));
    let id = app
        .count("SELECT id AS n FROM jobs WHERE kind = 'test.explodes'")
        .await;
    let token = csrf_token(&page);
    let author = app.client.clone();
    let stranger = TestApp {
        client: new_client(),
        ..app
    };
    let anonymous = stranger.get("/admin/jobs").await;
    assert_eq!(
        anonymous.status(),
        StatusCode::SEE_OTHER,
        "the page needs the author"
    );
    let anonymous = stranger
        .post_form(
            &format!("/admin/jobs/{id}/retry"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        job_state(&stranger, Explodes::KIND).await.0,
        8,
        "nothing retried"
    );
    let app = TestApp {
        client: author,
        ..stranger
    };
    let forged = app
        .post_form(
            &format!("/admin/jobs/{id}/retry"),
            &[("csrf_token", "forged")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let retried = app
        .post_form(
            &format!("/admin/jobs/{id}/retry"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(retried.status(), StatusCode::SEE_OTHER);
    assert_eq!(retried.headers()[LOCATION], "/admin/jobs");
    assert_eq!(
        job_state(&app, Explodes::KIND).await.0,
        0,
        "attempts renewed"
    );
    let again = app
        .post_form(
            &format!("/admin/jobs/{id}/retry"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "no longer failed");
}

#[tokio::test]
async fn an_unknown_kind_or_an_unreadable_payload_fails_for_good_with_its_reason() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.execute(
        "INSERT INTO jobs (kind, payload) VALUES ('nobody.knows', '{}'), \
         ('newsletter.confirm', '{\"reader\": \"not an id\"}')",
    )
    .await;
    let worker = worker(&app, &sink).await;
    assert_eq!(
        run_due(worker.context(), &job_registry(), Utc::now())
            .await
            .unwrap(),
        2
    );
    let (_, failed, reason) = job_state(&app, "nobody.knows").await;
    assert!(failed);
    assert_eq!(reason, "unknown job kind `nobody.knows`");
    let (_, failed, reason) = job_state(&app, "newsletter.confirm").await;
    assert!(failed);
    assert!(
        reason.starts_with("payload of `newsletter.confirm` unreadable"),
        "{reason}"
    );
}

#[tokio::test]
async fn a_stored_author_name_with_a_line_break_still_gets_its_mail_and_nobody_else() {
    let (app, sink) = spawn_app_with_smtp(|s| s.comments.min_form_seconds = 0).await;
    app.set_up_author().await;
    let published = app
        .publish("Une analyse", "Un paragraphe.", &[("slug", "une-analyse")])
        .await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    // A name stored before names were checked.
    app.execute("UPDATE authors SET display_name = E'Claire\\r\\nBcc: intrus@example.org'")
        .await;
    let reader = TestApp {
        client: new_client(),
        ..app
    };
    let page = reader.page("/articles/une-analyse").await;
    let stamp = csrf_token_named(&page, "form_ts");
    let response = reader
        .post_form(
            "/articles/une-analyse/comments",
            &[
                ("form_ts", stamp.as_str()),
                ("author_name", "Léa"),
                ("author_email", "lea@example.org"),
                ("body", "Une première question ?"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let mails = sink.wait_for(1).await;
    assert_eq!(mails[0].to, vec![AUTHOR_EMAIL.to_owned()]);
    let to = mails[0].header("To").unwrap_or_default();
    assert!(!to.contains('\n') && to.contains(AUTHOR_EMAIL), "{to:?}");
    assert_eq!(reader.get("/health").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_first_run_page_refuses_a_name_on_two_lines() {
    let app = spawn_app_with(|_| {}).await;
    let stamp = csrf_token_named(&app.page("/admin/setup").await, "form_ts");
    let response = app
        .post_form(
            "/admin/setup",
            &[
                ("form_ts", &stamp),
                ("email", AUTHOR_EMAIL),
                ("display_name", "Claire\r\nBcc: intrus@example.org"),
                ("password", crate::support::AUTHOR_PASSWORD),
                ("password_confirm", crate::support::AUTHOR_PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("sur une seule ligne"), "{html}");
    assert_eq!(app.count("SELECT count(*) AS n FROM authors").await, 0);
}

#[tokio::test]
async fn the_worker_listens_again_after_its_connection_is_cut_while_the_database_refuses_it() {
    // Polling alone would take two minutes: only a notification can wake the worker in time.
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.poll_interval_seconds = 120).await;
    let db = &app.database;
    eventually("the worker listens", async || {
        db.backends("LISTEN sillage_jobs").await == 1
    })
    .await;
    db.allow_connections(false).await;
    assert_eq!(db.terminate_backends("LISTEN sillage_jobs").await, 1);
    // The database stays unreachable for new connections a while: the first retries fail.
    tokio::time::sleep(Duration::from_secs(2)).await;
    db.allow_connections(true).await;
    eventually("the worker listens again", async || {
        db.backends("LISTEN sillage_jobs").await == 1
    })
    .await;
    sign_up(&app, "lea@example.org").await;
    assert_eq!(sink.wait_for(1).await[0].to, vec!["lea@example.org"]);
}

#[tokio::test]
async fn health_reports_the_worker_of_the_process() {
    let app = spawn_app_with(|_| {}).await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = response.text().await.unwrap();
    assert!(body.starts_with("ok\nworker: last loop "), "{body}");
    let alone = spawn_app_with(|s| s.worker.embedded = false).await;
    let body = alone.get("/health").await.text().await.unwrap();
    assert_eq!(body, "ok\nworker: none in this process\n");
}
