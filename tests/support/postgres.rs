//! The PostgreSQL server of a test run: `DATABASE_URL` when set, otherwise a private,
//! throw-away cluster (fsync off) started once per test binary and removed when it exits.
//! Each test gets its own database, cloned from a migrated template and dropped at the end.
//! A test that must restart its server starts a [`PrivateCluster`] of its own instead: the
//! shared one serves the tests running beside it.

use std::os::unix::process::CommandExt;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use sillage::db::cluster::{ClusterOptions, DATABASE_NAME, LocalCluster};

/// The server: how to reach its maintenance database, and the migrated template's name.
pub struct TestServer {
    admin_url: String,
    template: String,
}

static SERVER: OnceLock<TestServer> = OnceLock::new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Replaces the database name in a URL or key-value connection string.
pub fn with_database(url: &str, database: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        let (authority, query) = match rest.split_once('?') {
            Some((head, query)) => (head, Some(query)),
            None => (rest, None),
        };
        let host = authority.split('/').next().unwrap_or_default();
        match query {
            Some(query) => format!("{scheme}://{host}/{database}?{query}"),
            None => format!("{scheme}://{host}/{database}"),
        }
    } else {
        let kept: Vec<&str> = url
            .split_whitespace()
            .filter(|part| !part.starts_with("dbname="))
            .collect();
        format!("{} dbname={database}", kept.join(" "))
    }
}

fn start_private_cluster() -> String {
    let dir = std::env::temp_dir().join(format!("sillage-test-pg-{}", std::process::id()));
    let cluster = LocalCluster::start(&dir, &ClusterOptions { ephemeral: true })
        .expect("the test cluster starts");
    watch_cluster(&dir);
    cluster.url("postgres")
}

/// Starts a watchdog that stops the cluster under `dir` and removes it once this test process
/// has exited.
fn watch_cluster(dir: &std::path::Path) {
    let pid_file = dir.join("data").join("postmaster.pid");
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; kill -QUIT $(head -1 '{pid_file}' 2>/dev/null) 2>/dev/null; sleep 2; rm -rf '{dir}'",
        pid = std::process::id(),
        pid_file = pid_file.display(),
        dir = dir.display(),
    );
    // The watchdog outlives this process on purpose: it is never waited for.
    // In a process group of its own, so that signals sent to the test's group spare it.
    let watchdog = Command::new("sh")
        .arg("-c")
        .arg(script)
        .process_group(0)
        .spawn();
    std::mem::forget(watchdog.expect("the cluster watchdog starts"));
}

fn server() -> &'static TestServer {
    SERVER.get_or_init(|| {
        let admin_url = match std::env::var("DATABASE_URL") {
            Ok(url) if !url.is_empty() => with_database(&url, "postgres"),
            _ => start_private_cluster(),
        };
        let template = format!("sillage_tpl_{}", std::process::id());
        let url = admin_url.clone();
        let name = template.clone();
        // The template is migrated on a runtime of its own: tests each run their own runtime.
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().expect("a runtime");
            runtime.block_on(async {
                execute(&url, &format!("CREATE DATABASE {name}")).await;
                let pool = sillage::db::build_pool(
                    &with_database(&url, &name),
                    2,
                    std::time::Duration::from_secs(10),
                )
                .expect("pool");
                sillage::db::migrate(&pool).await.expect("migrations apply");
                pool.close();
            });
        })
        .join()
        .expect("the template is ready");
        TestServer {
            admin_url,
            template,
        }
    })
}

async fn execute(admin_url: &str, sql: &str) {
    let mut conn = AsyncPgConnection::establish(admin_url)
        .await
        .expect("connects to the maintenance database");
    diesel::sql_query(sql)
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// A database of its own for one test, dropped when this value is.
pub struct TestDatabase {
    /// Connection string of the test's database.
    pub url: String,
    name: String,
    admin_url: String,
}

impl TestDatabase {
    /// Clones the migrated template into a new database.
    pub async fn create() -> Self {
        let server = server();
        let name = format!(
            "sillage_t_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        execute(
            &server.admin_url,
            &format!("CREATE DATABASE {name} TEMPLATE {}", server.template),
        )
        .await;
        Self {
            url: with_database(&server.admin_url, &name),
            name,
            admin_url: server.admin_url.clone(),
        }
    }

    /// The migrated database of a private cluster.
    pub fn of(cluster: &PrivateCluster) -> Self {
        Self {
            url: cluster.cluster.url(DATABASE_NAME),
            name: DATABASE_NAME.into(),
            admin_url: cluster.cluster.url("postgres"),
        }
    }

    /// Lets new connections in, or refuses them (the open ones stay): a server that cannot
    /// be reached for a while, without stopping the one the other tests share.
    pub async fn allow_connections(&self, allow: bool) {
        execute(
            &self.admin_url,
            &format!("ALTER DATABASE {} ALLOW_CONNECTIONS {allow}", self.name),
        )
        .await;
    }

    /// Ends the sessions of this database whose last statement starts with `query` (e.g. a
    /// worker's `LISTEN`); returns how many.
    pub async fn terminate_backends(&self, query: &str) -> usize {
        #[derive(diesel::QueryableByName)]
        struct Ended {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            ended: bool,
        }
        let mut conn = AsyncPgConnection::establish(&self.admin_url)
            .await
            .expect("connects to the maintenance database");
        let ended: Vec<Ended> = diesel::sql_query(
            "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity \
             WHERE datname = $1 AND query LIKE $2",
        )
        .bind::<diesel::sql_types::Text, _>(&self.name)
        .bind::<diesel::sql_types::Text, _>(format!("{query}%"))
        .load(&mut conn)
        .await
        .expect("terminates backends");
        ended.iter().filter(|e| e.ended).count()
    }

    /// How many sessions of this database have a last statement starting with `query`.
    pub async fn backends(&self, query: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = AsyncPgConnection::establish(&self.admin_url)
            .await
            .expect("connects to the maintenance database");
        diesel::sql_query(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE $2",
        )
        .bind::<diesel::sql_types::Text, _>(&self.name)
        .bind::<diesel::sql_types::Text, _>(format!("{query}%"))
        .get_result::<Count>(&mut conn)
        .await
        .expect("counts backends")
        .n
    }

    /// Drops the database now, closing its connections (the health check's failure case).
    pub async fn drop_now(&self) {
        execute(
            &self.admin_url,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        )
        .await;
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let _ = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Runtime::new() {
                runtime.block_on(execute(&admin_url, &sql));
            }
        })
        .join();
    }
}

/// A PostgreSQL cluster of one test's own, with its database migrated, for a fault that would
/// disturb the tests sharing the other one (a restart); stopped and removed when dropped.
pub struct PrivateCluster {
    cluster: std::sync::Arc<LocalCluster>,
    dir: std::path::PathBuf,
}

impl PrivateCluster {
    /// Initialises and starts a cluster with the durable settings of production, and migrates
    /// its database.
    pub async fn start() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "sillage-test-pg-{}-own-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let at = dir.clone();
        // Durable, as a production cluster is: an acknowledged commit survives the restart.
        let cluster = tokio::task::spawn_blocking(move || {
            LocalCluster::start(&at, &ClusterOptions::default())
        })
        .await
        .expect("the cluster's start ends")
        .expect("a private cluster starts");
        watch_cluster(&dir);
        let pool = sillage::db::build_pool(
            &cluster.url(DATABASE_NAME),
            2,
            std::time::Duration::from_secs(10),
        )
        .expect("pool");
        sillage::db::migrate(&pool).await.expect("migrations apply");
        pool.close();
        Self {
            cluster: std::sync::Arc::new(cluster),
            dir,
        }
    }

    /// Restarts the server (`pg_ctl restart`, fast mode: every session is ended) and waits
    /// until it accepts connections again.
    pub async fn restart(&self) {
        let cluster = self.cluster.clone();
        tokio::task::spawn_blocking(move || cluster.restart())
            .await
            .expect("the restart ends")
            .expect("the cluster restarts");
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        let _ = self.cluster.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
