//! A kind of background work as a type: its payload is the struct itself (stored as JSON),
//! `KIND` names it in the queue, and enqueuing is typed, so the code that queues a job and the
//! code that runs it cannot disagree on its arguments.

use std::future::Future;

use chrono::{DateTime, Utc};
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::jobs::context::{JobContext, JobError};
use crate::jobs::queue;

/// A job: a serde payload with its kind and what running it does.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The kind stored in the queue (never renamed: rows already queued carry it).
    const KIND: &'static str;

    /// A key that makes a second enqueue of the same event a no-op.
    fn dedupe_key(&self) -> Option<String> {
        None
    }

    /// Does the work.
    fn run(self, ctx: &JobContext) -> impl Future<Output = Result<(), JobError>> + Send;

    /// Queues the job to run now; `false` when its dedupe key was already used.
    fn enqueue(
        &self,
        conn: &mut AsyncPgConnection,
    ) -> impl Future<Output = QueryResult<bool>> + Send {
        self.enqueue_at(conn, Utc::now())
    }

    /// Queues the job to run at `run_at`; `false` when its dedupe key was already used.
    fn enqueue_at(
        &self,
        conn: &mut AsyncPgConnection,
        run_at: DateTime<Utc>,
    ) -> impl Future<Output = QueryResult<bool>> + Send {
        async move {
            let payload = serde_json::to_value(self)
                .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
            let key = self.dedupe_key();
            queue::insert(conn, Self::KIND, payload, key.as_deref(), run_at).await
        }
    }
}
