//! What every job receives ([`JobContext`]) and how it fails ([`JobError`]). A leaf module: it
//! knows the database, the mailer and the settings, and no slice.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::db::DbPool;
use crate::mail::link_key::LinkKey;
use crate::mail::{Mailer, SendError};
use crate::settings::Settings;

/// What a job handler needs.
#[derive(Clone)]
pub struct JobContext {
    /// The database.
    pub pool: DbPool,
    /// The mail transport.
    pub mailer: Arc<Mailer>,
    /// The settings (base URL, locale, limits).
    pub settings: Arc<Settings>,
    /// The key of readers' management links.
    pub links: LinkKey,
    /// Set when the process is asked to stop: work not yet begun is left for others.
    stopping: Arc<AtomicBool>,
}

impl JobContext {
    /// Builds the context of `settings`: the mail transport and the installation's link key.
    pub async fn open(settings: &Settings, pool: DbPool) -> anyhow::Result<Self> {
        let mut conn = pool.get().await?;
        let links = LinkKey::new(crate::secrets::get_or_create(&mut conn, "reader_links").await?);
        drop(conn);
        Ok(Self {
            mailer: Arc::new(Mailer::from_settings(settings)?),
            settings: Arc::new(settings.clone()),
            links,
            pool,
            stopping: Arc::default(),
        })
    }

    /// A connection from the pool; none to be had is worth another attempt later.
    pub async fn connection(&self) -> Result<crate::db::DbConn, JobError> {
        self.pool
            .get()
            .await
            .map_err(|e| JobError::Retry(e.to_string()))
    }

    /// Asks the work in hand to finish what it began and begin nothing more.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    /// Whether [`JobContext::stop`] was called.
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another attempt later.
    #[error("{0}")]
    Retry(String),
    /// Another attempt cannot succeed.
    #[error("{0}")]
    Permanent(String),
}

impl JobError {
    /// A template that would not render: the same data renders no better next time.
    pub fn render(error: askama::Error) -> Self {
        JobError::Permanent(format!("template: {error}"))
    }
}

impl From<SendError> for JobError {
    fn from(error: SendError) -> Self {
        match error {
            SendError::Transient(reason) | SendError::Unavailable(reason) => {
                JobError::Retry(reason)
            }
            SendError::Permanent(reason) => JobError::Permanent(reason),
        }
    }
}

impl From<anyhow::Error> for JobError {
    fn from(error: anyhow::Error) -> Self {
        JobError::Retry(format!("{error:#}"))
    }
}

impl From<diesel::result::Error> for JobError {
    fn from(error: diesel::result::Error) -> Self {
        JobError::Retry(error.to_string())
    }
}
