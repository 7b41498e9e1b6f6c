//! The PostgreSQL connection pool and the embedded migrations.

pub mod checked;
pub mod cluster;
pub mod fixed;
pub mod json_agg;
pub mod quick_commit;
pub mod text_match;

use std::time::Duration;

use anyhow::Context;
use deadpool::managed::{Object, Pool};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// The migrations under `migrations/`, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// A pool of asynchronous PostgreSQL connections.
pub type DbPool = Pool<checked::CheckedManager>;

/// One connection taken from the pool.
pub type DbConn = Object<checked::CheckedManager>;

/// Builds a pool of at most `size` connections to `url`, waiting at most `timeout` for one.
pub fn build_pool(url: &str, size: usize, timeout: Duration) -> anyhow::Result<DbPool> {
    Pool::builder(checked::CheckedManager::new(url))
        .max_size(size)
        .wait_timeout(Some(timeout))
        .create_timeout(Some(timeout))
        .recycle_timeout(Some(timeout))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .context("cannot build the database pool")
}

/// Applies the pending embedded migrations and returns how many ran.
pub async fn migrate(pool: &DbPool) -> anyhow::Result<usize> {
    let conn = pool
        .get()
        .await
        .context("cannot connect to PostgreSQL to apply the migrations")?;
    let mut harness = diesel_async::AsyncMigrationHarness::new(conn);
    let applied = tokio::task::spawn_blocking(move || {
        harness
            .run_pending_migrations(MIGRATIONS)
            .map(|versions| versions.len())
            .map_err(|e| anyhow::anyhow!("a migration failed: {e}"))
    })
    .await
    .context("the migration task stopped")??;
    Ok(applied)
}

/// Whether the database answers a trivial query.
pub async fn is_reachable(pool: &DbPool) -> bool {
    use diesel_async::RunQueryDsl;
    let Ok(mut conn) = pool.get().await else {
        return false;
    };
    diesel::sql_query("SELECT 1")
        .execute(&mut conn)
        .await
        .is_ok()
}

/// The database of a process: its pool, its URL, and the private cluster when one was started.
pub struct Database {
    /// The pool.
    pub pool: DbPool,
    /// The connection URL (for the worker's notification connection).
    pub url: String,
    cluster: Option<cluster::LocalCluster>,
}

impl Database {
    /// Connects to the configured server, or starts the private cluster under the data
    /// directory, then applies the pending migrations.
    pub async fn open(settings: &crate::settings::Settings) -> anyhow::Result<Self> {
        let (url, cluster) = if settings.database.url.is_empty() {
            let dir = settings.data_dir.join("postgres");
            let cluster = tokio::task::spawn_blocking(move || {
                cluster::LocalCluster::start(&dir, &cluster::ClusterOptions::default())
            })
            .await
            .context("the cluster start task stopped")??;
            (cluster.url(cluster::DATABASE_NAME), Some(cluster))
        } else {
            (settings.database.url.clone(), None)
        };
        let database = Self {
            pool: build_pool(
                &url,
                settings.database.pool_size,
                Duration::from_secs(settings.database.connect_timeout_seconds),
            )?,
            url,
            cluster,
        };
        match migrate(&database.pool).await {
            Ok(applied) => {
                if applied > 0 {
                    tracing::info!(applied, "database migrations applied");
                }
                Ok(database)
            }
            Err(error) => {
                database.close();
                Err(error)
            }
        }
    }

    /// Closes the pool and stops the private cluster if this process started it.
    pub fn close(self) {
        self.pool.close();
        if let Some(cluster) = self.cluster {
            match cluster.stop() {
                Ok(()) => tracing::info!("private PostgreSQL cluster stopped"),
                Err(error) => tracing::error!(error = ?error, "cannot stop the private cluster"),
            }
        }
    }
}
