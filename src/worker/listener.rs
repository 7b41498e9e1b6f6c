//! The worker's `LISTEN` connection: it wakes the worker on `NOTIFY sillage_schedule` or
//! `sillage_jobs` from any node. When the connection drops (a PostgreSQL restart, a terminated
//! backend) it is opened again with backoff, so the worker never falls back to polling for good.

use std::time::Duration;

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::StreamExt;
use tokio::time::Instant;

/// The longest wait between two attempts to listen again.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// A notification connection that reopens itself.
pub struct Listener {
    database_url: String,
    connection: Option<AsyncPgConnection>,
    failures: u32,
    retry_at: Instant,
}

impl Listener {
    /// Listens on `database_url` (or will try again soon when it cannot yet).
    pub async fn open(database_url: &str) -> Self {
        let mut listener = Self {
            database_url: database_url.to_owned(),
            connection: None,
            failures: 0,
            retry_at: Instant::now(),
        };
        listener.reconnect_if_due().await;
        listener
    }

    /// Whether the connection is up.
    pub fn is_listening(&self) -> bool {
        self.connection.is_some()
    }

    /// When the next attempt to listen again is due, while not listening.
    pub fn retry_at(&self) -> Option<Instant> {
        (!self.is_listening()).then_some(self.retry_at)
    }

    /// Opens the connection again if it is down and its backoff has passed.
    pub async fn reconnect_if_due(&mut self) {
        if self.is_listening() || Instant::now() < self.retry_at {
            return;
        }
        match listen(&self.database_url).await {
            Ok(connection) => {
                if self.failures > 0 {
                    tracing::info!(
                        attempts = self.failures,
                        "listening for notifications again"
                    );
                }
                self.connection = Some(connection);
                self.failures = 0;
            }
            Err(error) => {
                self.failures += 1;
                let wait = backoff(self.failures);
                tracing::warn!(error = %error, retry_in = ?wait, "cannot listen for notifications; polling meanwhile");
                self.retry_at = Instant::now() + wait;
            }
        }
    }

    /// Waits for the next notification; returns when one arrives or the connection drops (it
    /// is then reopened at the next [`Listener::reconnect_if_due`]). Never returns while not
    /// listening.
    pub async fn notified(&mut self) {
        let Some(connection) = self.connection.as_mut() else {
            return std::future::pending().await;
        };
        let alive = {
            let mut stream = std::pin::pin!(connection.notifications_stream());
            stream.next().await.is_some_and(|n| n.is_ok())
        };
        if !alive {
            tracing::warn!("lost the notification connection; listening again");
            self.connection = None;
            self.retry_at = Instant::now();
        }
    }
}

async fn listen(database_url: &str) -> anyhow::Result<AsyncPgConnection> {
    let mut connection = AsyncPgConnection::establish(database_url).await?;
    diesel::sql_query("LISTEN sillage_schedule")
        .execute(&mut connection)
        .await?;
    diesel::sql_query("LISTEN sillage_jobs")
        .execute(&mut connection)
        .await?;
    Ok(connection)
}

/// The wait after `failures` failed attempts in a row: 1 s, 2 s, 4 s … at most 30 s.
pub fn backoff(failures: u32) -> Duration {
    Duration::from_secs(1u64 << failures.saturating_sub(1).min(5)).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn backoff_doubles_up_to_half_a_minute() {
        assert_eq!(backoff(1), Duration::from_secs(1));
        assert_eq!(backoff(2), Duration::from_secs(2));
        assert_eq!(backoff(5), Duration::from_secs(16));
        assert_eq!(backoff(6), Duration::from_secs(30));
        assert_eq!(backoff(60), Duration::from_secs(30));
    }
}
