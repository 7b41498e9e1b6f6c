//! The PostgreSQL server of a test run: `DATABASE_URL` when set, otherwise a private,
//! throw-away cluster (fsync off) started once per test binary and removed when it exits.
//! Each test gets its own database, cloned from a migrated template and dropped at the end.

use std::os::unix::process::CommandExt;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use sillage::db::cluster::{ClusterOptions, LocalCluster};

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
    // A watchdog stops the cluster and removes it once this test process has exited.
    let pid_file = dir.join("data").join("postmaster.pid");
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; kill -QUIT $(head -1 '{pid_file}') 2>/dev/null; sleep 2; rm -rf '{dir}'",
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
    cluster.url("postgres")
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
        }
    }

    /// Lets new connections in, or refuses them (the open ones stay): a server that cannot
    /// be reached for a while, without stopping the one the other tests share.
    pub async fn allow_connections(&self, allow: bool) {
        execute(
            &server().admin_url,
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
        let mut conn = AsyncPgConnection::establish(&server().admin_url)
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
        let mut conn = AsyncPgConnection::establish(&server().admin_url)
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
            &server().admin_url,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        )
        .await;
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let admin_url = server().admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let _ = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Runtime::new() {
                runtime.block_on(execute(&admin_url, &sql));
            }
        })
        .join();
    }
}
