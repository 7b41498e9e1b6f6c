//! The pool's manager: diesel-async's, with a cheaper check of the connection it hands out. A
//! connection is always refused when it is broken (a transaction left in a bad state, or its
//! socket closed, which is how PostgreSQL's restart or a terminated backend shows), and it is
//! asked `SELECT 1` only when it was last handed out more than [`TRUSTED_FOR`] ago: a
//! connection in use all the time was just seen answering, and asking it again cost a round
//! trip on every page view.

use std::time::Duration;

use deadpool::managed::{Manager, Metrics, RecycleError, RecycleResult};
use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, PoolError, PoolableConnection,
};

/// How long after it was last handed out a connection is handed out again without a query.
const TRUSTED_FOR: Duration = Duration::from_secs(1);

/// The manager of [`crate::db::DbPool`].
pub struct CheckedManager {
    inner: AsyncDieselConnectionManager<AsyncPgConnection>,
}

impl CheckedManager {
    /// The manager of connections to `url`.
    pub fn new(url: &str) -> Self {
        Self {
            inner: AsyncDieselConnectionManager::new(url),
        }
    }
}

impl Manager for CheckedManager {
    type Type = AsyncPgConnection;
    type Error = PoolError;

    async fn create(&self) -> Result<AsyncPgConnection, PoolError> {
        self.inner.create().await
    }

    async fn recycle(
        &self,
        conn: &mut AsyncPgConnection,
        metrics: &Metrics,
    ) -> RecycleResult<PoolError> {
        if metrics.last_used() >= TRUSTED_FOR {
            return self.inner.recycle(conn, metrics).await;
        }
        if std::thread::panicking() || conn.is_broken() {
            return Err(RecycleError::Message("Broken connection".into()));
        }
        Ok(())
    }
}
