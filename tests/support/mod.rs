//! Test harness: a running app on a random port with a database of its own, and a
//! cookie-keeping HTTP client that does not follow redirects.
#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]

pub mod analytics;
pub mod articles;
pub mod forms;
pub mod newsletters;
pub mod postgres;
pub mod site;
pub mod smtp;
pub mod statements;
pub mod tools;
pub mod worker;

use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use sillage::db::DbPool;
use sillage::settings::Settings;
use sillage::startup::Application;

pub use postgres::TestDatabase;

/// The author account every test that needs one creates.
pub const AUTHOR_EMAIL: &str = "claire@example.org";
/// Its password.
pub const AUTHOR_PASSWORD: &str = "un mot de passe solide";

/// A running application.
pub struct TestApp {
    /// `http://127.0.0.1:{port}`.
    pub address: String,
    /// The port.
    pub port: u16,
    /// A client that keeps cookies and does not follow redirects.
    pub client: Client,
    /// A pool on the app's database, to check what it holds.
    pub pool: DbPool,
    /// The app's database.
    pub database: TestDatabase,
    /// The settings the app runs with.
    pub settings: Settings,
    /// The app's page cache, when it has one.
    pub page_cache: Option<std::sync::Arc<sillage::page_cache::PageCache>>,
}

/// Settings for a test app on `database_url`.
pub fn test_settings(database_url: &str) -> Settings {
    let mut settings = Settings::defaults().expect("defaults load");
    settings.server.port = 0;
    settings.database.url = database_url.to_owned();
    settings.database.pool_size = 4;
    settings.site.demo_on_empty = false;
    // Tests reach the app at 127.0.0.1 whatever base URL they give it.
    settings.server.allowed_hosts = vec!["127.0.0.1".into()];
    settings
}

/// Starts an app with the test settings, changed by `configure`.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_on(TestDatabase::create().await, configure).await
}

/// Starts an app on `database` with the test settings, changed by `configure`.
pub async fn spawn_app_on(
    database: TestDatabase,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    // Tests log warnings only unless RUST_LOG asks for more: CI output stays readable.
    sillage::telemetry::init_with("warn");
    let mut settings = test_settings(&database.url);
    configure(&mut settings);
    let app = Application::build(settings.clone())
        .await
        .expect("the app builds");
    let port = app.port();
    let page_cache = app.page_cache();
    tokio::spawn(app.run_until_stopped());
    let pool =
        sillage::db::build_pool(&database.url, 2, std::time::Duration::from_secs(5)).expect("pool");
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        client: new_client(),
        pool,
        database,
        settings,
        page_cache,
    }
}

/// Starts an app that mails through a real SMTP server on loopback.
pub async fn spawn_app_with_smtp(
    configure: impl FnOnce(&mut Settings),
) -> (TestApp, smtp::SmtpSink) {
    let sink = smtp::SmtpSink::start();
    let app = spawn_app_with(|settings| {
        mail_to(settings, &sink);
        configure(settings);
    })
    .await;
    (app, sink)
}

/// Settings that mail through `sink` (and let the newsletter form be sent at once).
pub fn mail_to(settings: &mut Settings, sink: &smtp::SmtpSink) {
    settings.mail.transport = sillage::settings::MailTransport::Smtp;
    settings.smtp.host = "127.0.0.1".into();
    settings.smtp.port = sink.port;
    settings.smtp.tls = sillage::settings::SmtpTls::None;
    settings.newsletter.min_form_seconds = 0;
}

/// Starts an app with the test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// The path of an absolute link (as found in an email).
pub fn path_of(link: &str) -> String {
    let rest = link.split_once("://").expect("an absolute link").1;
    rest[rest.find('/').expect("a path")..].to_owned()
}

/// RFC 8058's one-click unsubscribe: the cookieless POST a mail provider sends to `link`.
pub async fn one_click(app: &TestApp, link: &str) -> Response {
    new_client()
        .post(format!("{}{}", app.address, path_of(link)))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("the one-click POST")
}

/// A fresh browser-like client (its own cookie jar).
pub fn new_client() -> Client {
    Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        // actix-web closes an idle connection after 5 s: a client that kept it longer would
        // send its next request into a closed socket (`IncompleteMessage`).
        .pool_idle_timeout(std::time::Duration::from_secs(4))
        .build()
        .expect("client builds")
}

/// The `value` of the first `input[name=csrf_token]` of a page.
pub fn csrf_token(html: &str) -> String {
    csrf_token_named(html, "csrf_token")
}

/// The `value` of the first input called `name` of a page.
pub fn csrf_token_named(html: &str, name: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(&format!("input[name={name}]")).expect("selector");
    doc.select(&selector)
        .next()
        .and_then(|input| input.value().attr("value"))
        .unwrap_or_else(|| panic!("the page carries an input {name}"))
        .to_owned()
}

/// The texts of the elements matching `selector`.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("selector");
    doc.select(&selector)
        .map(|el| {
            el.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The `name` attribute of the elements matching `selector`.
pub fn attrs(html: &str, selector: &str, name: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("selector");
    doc.select(&selector)
        .filter_map(|el| el.value().attr(name).map(str::to_owned))
        .collect()
}

impl TestApp {
    /// `GET path`.
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("GET")
    }

    /// `GET path`, expecting 200, returning the body.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.expect("body")
    }

    /// Approves every comment, straight in the database: the state the author's moderation
    /// leaves, for tests about what follows it.
    pub async fn approve_all(&self) {
        self.execute("UPDATE comments SET status = 'approved', approved_at = now()")
            .await;
    }

    /// `POST path` with a url-encoded form.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.address))
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    /// `POST path` with a multipart form.
    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Response {
        self.client
            .post(format!("{}{path}", self.address))
            .multipart(form)
            .send()
            .await
            .expect("POST")
    }

    /// Creates the author through the first-run setup page, or logs in when the account
    /// exists already (a fixture made it); the client is then logged in.
    pub async fn set_up_author(&self) {
        let setup = self.get("/admin/setup").await;
        if setup.status() != StatusCode::OK {
            let logged_in = self.log_in(AUTHOR_PASSWORD).await;
            assert_eq!(logged_in.status(), StatusCode::SEE_OTHER, "login succeeds");
            return;
        }
        let stamp = csrf_token_named(&setup.text().await.expect("body"), "form_ts");
        let response = self
            .post_form(
                "/admin/setup",
                &[
                    ("form_ts", &stamp),
                    ("email", AUTHOR_EMAIL),
                    ("display_name", "Claire Martin"),
                    ("password", AUTHOR_PASSWORD),
                    ("password_confirm", AUTHOR_PASSWORD),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "setup succeeds");
    }

    /// Logs the client in with `password`.
    pub async fn log_in(&self, password: &str) -> Response {
        self.post_form(
            "/admin/login",
            &[("email", AUTHOR_EMAIL), ("password", password)],
        )
        .await
    }

    /// The CSRF token of the logged-in session.
    pub async fn csrf(&self) -> String {
        csrf_token(&self.page("/admin/articles/new").await)
    }

    /// Publishes an article through the admin form; returns the redirect location.
    pub async fn publish(&self, title: &str, body: &str, extra: &[(&str, &str)]) -> Response {
        let csrf = self.csrf().await;
        let mut form = vec![
            ("csrf_token", csrf.as_str()),
            ("title", title),
            ("body", body),
            ("action", "publish"),
        ];
        form.extend_from_slice(extra);
        self.post_form("/admin/articles/new", &form).await
    }

    /// Runs one SQL statement (test fixtures the forms cannot make, such as a series), then
    /// waits for the app's page cache to have heard what it changed, as a write through the
    /// app would.
    pub async fn execute(&self, sql: &str) {
        use diesel_async::RunQueryDsl;
        let mut conn = self.pool.get().await.expect("connection");
        diesel::sql_query(sql)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        if let Some(cache) = self.page_cache.as_ref().filter(|c| c.is_serving()) {
            cache.sync(&self.pool).await;
        }
    }

    /// Runs one SQL query returning a count.
    pub async fn count(&self, sql: &str) -> i64 {
        use diesel::sql_types::BigInt;
        use diesel_async::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let mut conn = self.pool.get().await.expect("connection");
        diesel::sql_query(sql)
            .get_result::<Count>(&mut conn)
            .await
            .expect("count query")
            .n
    }
}

/// This process's peak resident memory as the kernel reports it (`VmHWM`, e.g. "47724 kB"),
/// for the benchmarks.
pub fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            Some(line.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Waits until `check` holds, polling every 50 ms; fails after 10 s saying `what` never
/// happened. For what another process or task does on its own time (the app's own worker, a
/// flush): the test waits for the fact, never for a fixed time.
pub async fn eventually<F: AsyncFn() -> bool>(what: &str, check: F) {
    eventually_within(what, std::time::Duration::from_secs(10), check).await;
}

/// [`eventually`] with a limit of the caller's, for what takes longer on purpose: a process
/// starting or stopping, a database restarted, a server back after an outage.
pub async fn eventually_within(
    what: &str,
    limit: std::time::Duration,
    mut check: impl AsyncFnMut() -> bool,
) {
    let deadline = tokio::time::Instant::now() + limit;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never within {limit:?}: {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Another node of a running app: its own process state (and page cache) on the same database.
pub struct Node {
    /// `http://127.0.0.1:{port}`.
    pub address: String,
    /// A client of its own.
    pub client: Client,
}

impl Node {
    /// The body of `GET path` on this node.
    pub async fn page(&self, path: &str) -> String {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("a body")
    }
}

impl TestApp {
    /// Starts a second node on this app's database, with this app's settings.
    pub async fn another_node(&self) -> Node {
        let app = Application::build(self.settings.clone())
            .await
            .expect("the second node builds");
        let port = app.port();
        tokio::spawn(app.run_until_stopped());
        Node {
            address: format!("http://127.0.0.1:{port}"),
            client: new_client(),
        }
    }
}
