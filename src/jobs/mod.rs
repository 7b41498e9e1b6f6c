//! The job queue in Postgres: a job is claimed with `FOR UPDATE SKIP LOCKED` under a lease
//! committed before any work and renewed while it runs, so several workers (or nodes) share the
//! queue, a long job stays with its worker, and a crashed worker's job returns to the queue
//! when the lease expires. Failures (a panic included) are retried
//! with exponential backoff, then kept as failed with their reason; a dedupe key makes a
//! second enqueue of the same event a no-op.
//!
//! Each kind of work is a type implementing [`Job`]; the queue names no slice: the worker's
//! start-up registers the types it runs in a [`JobRegistry`].

mod context;
mod job;
mod lease;
mod queue;
mod registry;
mod runner;

pub use context::{JobContext, JobError};
pub use job::Job;
pub use queue::{
    QueuedJob, TroubledJob, backoff, count_since, failed_count, next_due, requeue, troubled,
};
pub use registry::JobRegistry;
pub use runner::run_due;

#[cfg(test)]
mod tests {
    use super::backoff;
    use chrono::Duration;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(4), Duration::seconds(240));
        assert_eq!(backoff(40), Duration::hours(6));
    }
}
