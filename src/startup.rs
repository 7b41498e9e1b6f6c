//! Assembles the web application and runs it with the background worker.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{Condition, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use chrono::Utc;
use tokio::sync::watch;
use tracing_actix_web::TracingLogger;

use crate::analytics::ViewCounter;
use crate::analytics::beacon::Beacon;
use crate::auth::password::Passwords;
use crate::db::{Database, DbPool};
use crate::jobs::JobContext;
use crate::mail::link_key::LinkKey;
use crate::page_cache::PageCache;
use crate::page_cache::listen::Listening;
use crate::settings::{CountingMode, Settings};
use crate::web::allowed_hosts::{self, AllowedHosts};
use crate::web::assets::{Assets, serve_asset};
use crate::web::error_pages::error_pages;
use crate::web::private_pages::{self, RouteOnlySpan};
use crate::web::reader_cookie::ReaderKey;
use crate::web::security_headers::security_headers;
use crate::web::{compression, flash, origin};
use crate::worker::Worker;
use crate::worker::heartbeat::Heartbeat;
use crate::{
    admin, analytics, articles, auth, comments, demo, feeds, health, images, newsletter, ratings,
    readers, redirects, search, secrets, seo, subscribers, taxonomy,
};

/// A built application: bound to its port, not yet serving.
pub struct Application {
    database: Database,
    parts: Parts,
}

/// What runs beside the database: the bound server, the worker, the page counter.
struct Parts {
    port: u16,
    server: Server,
    worker: Option<Worker>,
    counter: Option<web::Data<ViewCounter>>,
    flush_every: Duration,
    page_cache: Option<Listening>,
    cache: Option<Arc<PageCache>>,
}

impl Application {
    /// Opens the database (starting the private cluster if needed), applies the migrations,
    /// loads the demo into an empty database when configured, and binds the server.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let database = Database::open(&settings).await?;
        match Self::assemble(settings, &database).await {
            Ok(parts) => Ok(Self { database, parts }),
            Err(error) => {
                database.close();
                Err(error)
            }
        }
    }

    async fn assemble(settings: Settings, database: &Database) -> anyhow::Result<Parts> {
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
        let mut conn = database
            .pool
            .get()
            .await
            .context("no database connection")?;
        let reader_key = ReaderKey::new(secrets::get_or_create(&mut conn, "reader_cookie").await?);
        let jobs = JobContext::open(&settings, database.pool.clone()).await?;
        let links = jobs.links.clone();
        let worker = settings.worker.embedded.then(|| Worker::new(jobs));
        let heartbeat = worker.as_ref().map(Worker::heartbeat);
        let counter = settings.analytics.enabled.then(|| {
            web::Data::new(ViewCounter::new(
                settings.base_host(),
                settings.site.timezone,
            ))
        });
        let beacon =
            match settings.analytics.enabled && settings.analytics.mode == CountingMode::Beacon {
                true => Some(web::Data::new(Beacon::new(
                    secrets::get_or_create(&mut conn, "page_view_beacon").await?,
                ))),
                false => None,
            };
        let flush_every = Duration::from_secs(settings.analytics.flush_seconds);
        let page_cache = match settings.cache.enabled {
            true => Some(Arc::new(PageCache::new(settings.cache.max_bytes)?)),
            false => None,
        };
        let listening = match &page_cache {
            Some(cache) => Some(Listening::open(cache.clone(), &database.url).await),
            None => None,
        };
        let server = serve(
            listener,
            settings,
            database.pool.clone(),
            reader_key,
            links,
            NodeState {
                heartbeat,
                counter: counter.clone(),
                beacon,
                page_cache: page_cache.clone(),
            },
        )?;
        Ok(Parts {
            port,
            server,
            worker,
            counter,
            flush_every,
            page_cache: listening,
            cache: page_cache,
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.parts.port
    }

    /// This node's page cache, when it has one (tests wait on it after writing behind it).
    pub fn page_cache(&self) -> Option<Arc<PageCache>> {
        self.parts.cache.clone()
    }

    /// Serves until SIGINT or SIGTERM, with the worker beside (unless `worker.embedded` is
    /// off); then stops both gracefully and the private cluster last.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Parts {
            server,
            worker,
            counter,
            flush_every,
            page_cache,
            ..
        } = self.parts;
        let (stop_worker, stopped) = watch::channel(false);
        let worker =
            worker.map(|worker| tokio::spawn(worker.run(self.database.url.clone(), stopped)));
        let flusher = counter.clone().map(|counter| {
            let pool = self.database.pool.clone();
            tokio::spawn(analytics::middleware::flush_every(
                counter,
                pool,
                flush_every,
            ))
        });
        let listener = page_cache.map(|listening| tokio::spawn(listening.run()));
        let served = server.await.context("the web server failed");
        if let Some(listener) = listener {
            listener.abort();
        }
        let _ = stop_worker.send(true);
        if let (Some(flusher), Some(counter)) = (flusher, counter) {
            // The last views of this node are written before it goes.
            flusher.abort();
            analytics::middleware::flush_once(&counter, &self.database.pool).await;
        }
        let worked = match worker {
            Some(task) => task
                .await
                .context("the worker task panicked")
                .and_then(|r| r),
            None => Ok(()),
        };
        self.database.close();
        served.and(worked)
    }
}

/// This node's own parts that handlers read: the worker's heartbeat, the page counter (and
/// its beacon's key, when pages count themselves) and the page cache.
struct NodeState {
    heartbeat: Option<Heartbeat>,
    counter: Option<web::Data<ViewCounter>>,
    beacon: Option<web::Data<Beacon>>,
    page_cache: Option<Arc<PageCache>>,
}

fn serve(
    listener: TcpListener,
    settings: Settings,
    pool: DbPool,
    reader_key: ReaderKey,
    link_key: LinkKey,
    node: NodeState,
) -> anyhow::Result<Server> {
    let form_limit = settings.server.form_limit_bytes;
    let allowed_hosts = web::Data::new(AllowedHosts::from_settings(&settings));
    let https = settings.is_https();
    let settings = web::Data::new(settings);
    let pool = web::Data::new(pool);
    let passwords = web::Data::new(Passwords::new()?);
    let assets = web::Data::new(Assets::load());
    let reader_key = web::Data::new(reader_key);
    let link_key = web::Data::new(link_key);
    let heartbeat = node.heartbeat.map(web::Data::new);
    let counter = node.counter;
    let beacon = node.beacon;
    // Views are counted as the server answers them unless the pages report them by beacon.
    let counts_views = counter.is_some() && beacon.is_none();
    let page_cache = node.page_cache.map(web::Data::from);
    let server = HttpServer::new(move || {
        let mut app = App::new();
        if let Some(heartbeat) = &heartbeat {
            app = app.app_data(heartbeat.clone());
        }
        if let Some(counter) = &counter {
            app = app.app_data(counter.clone());
        }
        if let Some(beacon) = &beacon {
            app = app.app_data(beacon.clone());
        }
        if let Some(page_cache) = &page_cache {
            app = app.app_data(page_cache.clone());
        }
        app.wrap(error_pages())
            .wrap(from_fn(crate::page_cache::serve_cached))
            .wrap(Condition::new(counts_views, from_fn(analytics::count_view)))
            .wrap(from_fn(flash::clear_shown))
            .wrap(from_fn(origin::refuse_foreign_origin))
            .wrap(from_fn(private_pages::no_store_private))
            .wrap(from_fn(redirects::handlers::redirect_old_query))
            .wrap(security_headers(https))
            .wrap(from_fn(compression::compress))
            .wrap(from_fn(allowed_hosts::refuse_foreign_host))
            .wrap(TracingLogger::<RouteOnlySpan>::new())
            .app_data(allowed_hosts.clone())
            .app_data(settings.clone())
            .app_data(pool.clone())
            .app_data(passwords.clone())
            .app_data(assets.clone())
            .app_data(reader_key.clone())
            .app_data(link_key.clone())
            .app_data(web::FormConfig::default().limit(form_limit))
            .route("/health", web::get().to(health::health))
            .route("/static/{version}/{name}", web::get().to(serve_asset))
            .configure(articles::routes)
            .configure(ratings::routes)
            .configure(comments::routes)
            .configure(newsletter::routes)
            .configure(readers::routes)
            .configure(subscribers::routes)
            .configure(taxonomy::routes)
            .configure(feeds::routes)
            .configure(search::routes)
            .configure(seo::routes)
            .configure(analytics::routes)
            .configure(images::routes)
            .configure(crate::media::routes)
            .configure(crate::import::admin::routes)
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
