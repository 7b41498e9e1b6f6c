//! Assembles the web application and runs it with the background worker.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use chrono::Utc;
use tokio::sync::watch;
use tracing_actix_web::TracingLogger;

use crate::auth::password::Passwords;
use crate::db::{Database, DbPool};
use crate::jobs::runner::JobContext;
use crate::newsletter::links::LinkKey;
use crate::settings::Settings;
use crate::web::assets::{Assets, serve_asset};
use crate::web::error_pages::error_pages;
use crate::web::reader_cookie::ReaderKey;
use crate::web::security_headers::security_headers;
use crate::web::{flash, origin};
use crate::{
    admin, articles, auth, comments, demo, feeds, health, images, newsletter, newsletters, ratings,
    redirects, search, secrets, seo, subscribers, taxonomy, worker,
};

/// A built application: bound to its port, not yet serving.
pub struct Application {
    port: u16,
    server: Server,
    database: Database,
    poll_interval: Duration,
    jobs: JobContext,
}

impl Application {
    /// Opens the database (starting the private cluster if needed), applies the migrations,
    /// loads the demo into an empty database when configured, and binds the server.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let database = Database::open(&settings).await?;
        match Self::assemble(settings, &database).await {
            Ok((port, server, poll_interval, jobs)) => Ok(Self {
                port,
                server,
                database,
                poll_interval,
                jobs,
            }),
            Err(error) => {
                database.close();
                Err(error)
            }
        }
    }

    async fn assemble(
        settings: Settings,
        database: &Database,
    ) -> anyhow::Result<(u16, Server, Duration, JobContext)> {
        if settings.site.demo_on_empty {
            let mut conn = database
                .pool
                .get()
                .await
                .context("no database connection")?;
            if demo::is_empty(&mut conn).await? {
                let added = demo::load(&mut conn, Utc::now()).await?;
                tracing::info!(added, "empty database: demo content loaded");
            }
        }
        let listener = TcpListener::bind(settings.bind_address())
            .with_context(|| format!("cannot listen on {}", settings.bind_address()))?;
        let port = listener.local_addr()?.port();
        let poll_interval = Duration::from_secs(settings.worker.poll_interval_seconds);
        let mut conn = database
            .pool
            .get()
            .await
            .context("no database connection")?;
        let reader_key = ReaderKey::new(secrets::get_or_create(&mut conn, "reader_cookie").await?);
        let jobs = JobContext::open(&settings, database.pool.clone()).await?;
        let server = serve(
            listener,
            settings,
            database.pool.clone(),
            reader_key,
            jobs.links.clone(),
        )?;
        Ok((port, server, poll_interval, jobs))
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT or SIGTERM, with the worker beside; then stops both gracefully
    /// and the private cluster last.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let (stop_worker, stopped) = watch::channel(false);
        let worker = tokio::spawn(worker::run(
            self.jobs,
            self.database.url.clone(),
            self.poll_interval,
            stopped,
        ));
        let served = self.server.await.context("the web server failed");
        let _ = stop_worker.send(true);
        let worked = worker
            .await
            .context("the worker task panicked")
            .and_then(|r| r);
        self.database.close();
        served.and(worked)
    }
}

fn serve(
    listener: TcpListener,
    settings: Settings,
    pool: DbPool,
    reader_key: ReaderKey,
    link_key: LinkKey,
) -> anyhow::Result<Server> {
    let form_limit = settings.server.form_limit_bytes;
    let settings = web::Data::new(settings);
    let pool = web::Data::new(pool);
    let passwords = web::Data::new(Passwords::new()?);
    let assets = web::Data::new(Assets::load());
    let reader_key = web::Data::new(reader_key);
    let link_key = web::Data::new(link_key);
    let server = HttpServer::new(move || {
        App::new()
            .wrap(error_pages())
            .wrap(from_fn(flash::clear_shown))
            .wrap(from_fn(origin::refuse_foreign_origin))
            .wrap(from_fn(redirects::handlers::redirect_old_query))
            .wrap(security_headers())
            .wrap(Compress::default())
            .wrap(TracingLogger::default())
            .app_data(settings.clone())
            .app_data(pool.clone())
            .app_data(passwords.clone())
            .app_data(assets.clone())
            .app_data(reader_key.clone())
            .app_data(link_key.clone())
            .app_data(link_key.clone())
            .app_data(web::FormConfig::default().limit(form_limit))
            .route("/health", web::get().to(health::health))
            .route("/static/{version}/{name}", web::get().to(serve_asset))
            .configure(articles::routes)
            .configure(ratings::routes)
            .configure(comments::routes)
            .configure(newsletter::routes)
            .configure(newsletters::routes)
            .configure(subscribers::routes)
            .configure(taxonomy::routes)
            .configure(feeds::routes)
            .configure(search::routes)
            .configure(seo::routes)
            .configure(images::routes)
            .configure(auth::routes)
            .configure(admin::routes)
            // Last: old addresses are looked up only when no route answered.
            .default_service(web::to(redirects::handlers::redirect_old_address))
    })
    .listen(listener)?
    .shutdown_timeout(30)
    .run();
    Ok(server)
}
