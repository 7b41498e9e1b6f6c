//! The table from a job's kind to the code that runs it. It knows no job of its own: the
//! worker's start-up registers each type ([`JobRegistry::register`]), and a row whose kind is
//! missing fails for good with a clear reason instead of being guessed at.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use futures_util::future::BoxFuture;

use crate::jobs::context::{JobContext, JobError};
use crate::jobs::job::Job;

type Runner = Box<
    dyn Fn(JobContext, serde_json::Value) -> BoxFuture<'static, Result<(), JobError>> + Send + Sync,
>;

/// The kinds of job a worker can run.
#[derive(Default)]
pub struct JobRegistry {
    runners: BTreeMap<&'static str, Runner>,
}

impl JobRegistry {
    /// Adds the job type `J`.
    #[must_use]
    pub fn register<J: Job>(mut self) -> Self {
        let runner: Runner = Box::new(|ctx, payload| {
            Box::pin(async move {
                let job: J = serde_json::from_value(payload).map_err(|e| {
                    JobError::Permanent(format!("payload of `{}` unreadable: {e}", J::KIND))
                })?;
                job.run(&ctx).await
            })
        });
        self.runners.insert(J::KIND, runner);
        self
    }

    /// The kinds registered, in order.
    pub fn kinds(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.runners.keys().copied()
    }

    /// Runs a job of `kind`. A panic inside it is caught and reported as a failure like any
    /// other, so one bad row cannot stop the worker.
    pub async fn run(
        &self,
        ctx: &JobContext,
        kind: &str,
        payload: serde_json::Value,
    ) -> Result<(), JobError> {
        let Some(runner) = self.runners.get(kind) else {
            return Err(JobError::Permanent(format!("unknown job kind `{kind}`")));
        };
        match AssertUnwindSafe(runner(ctx.clone(), payload))
            .catch_unwind()
            .await
        {
            Ok(outcome) => outcome,
            Err(panic) => Err(JobError::Retry(format!(
                "panicked: {}",
                panic_message(&*panic)
            ))),
        }
    }
}

/// The message a panic carried, when it is text.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}
