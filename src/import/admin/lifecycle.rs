//! A run in a worker's hands: taken (queued, or left silent by a stopped worker), its progress
//! and sign of life written as it goes, and ended with its report or its reason.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::import::admin::files;
use crate::import::admin::run::{ImportRun, Phase};
use crate::import::admin::saved::SavedReport;
use crate::import::report::Progress;
use crate::schema::import_runs;

/// How long a running import may go without a sign of life before another worker takes it
/// over (it was on a node that stopped): the import is safe to run again.
pub const STALE: Duration = Duration::minutes(2);

impl ImportRun {
    /// Takes run `id` in `phase` for this worker: queued, or running without a sign of life
    /// for [`STALE`]. `None` when it is not to be run here.
    pub async fn start(
        conn: &mut AsyncPgConnection,
        id: i64,
        phase: Phase,
        now: DateTime<Utc>,
    ) -> QueryResult<Option<Self>> {
        diesel::update(
            import_runs::table
                .find(id)
                .filter(import_runs::phase.eq(phase.as_str()))
                .filter(
                    import_runs::status.eq("queued").or(import_runs::status
                        .eq("running")
                        .and(import_runs::beat_at.lt(now - STALE))),
                ),
        )
        .set((
            import_runs::status.eq("running"),
            import_runs::beat_at.eq(now),
        ))
        .returning(Self::as_returning())
        .get_result(conn)
        .await
        .optional()
    }

    /// Whether run `id` is running in `phase` (on another worker).
    pub async fn is_running(
        conn: &mut AsyncPgConnection,
        id: i64,
        phase: Phase,
    ) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            import_runs::table
                .find(id)
                .filter(import_runs::phase.eq(phase.as_str()))
                .filter(import_runs::status.eq("running")),
        ))
        .get_result(conn)
        .await
    }

    /// Records the progress of run `id` and the worker's sign of life.
    pub async fn beat(
        conn: &mut AsyncPgConnection,
        id: i64,
        read: Progress,
        now: DateTime<Utc>,
    ) -> QueryResult<()> {
        diesel::update(
            import_runs::table
                .find(id)
                .filter(import_runs::status.eq("running")),
        )
        .set((
            import_runs::items_read.eq(count(read.items)),
            import_runs::articles_read.eq(count(read.articles)),
            import_runs::comments_read.eq(count(read.comments)),
            import_runs::beat_at.eq(now),
        ))
        .execute(conn)
        .await
        .map(|_| ())
    }

    /// Ends the phase of run `id`: done with its report, or failed with its reason. The end of
    /// the real import or of a failed phase removes the files: nothing can use them any more.
    pub async fn finish(
        conn: &mut AsyncPgConnection,
        run: &ImportRun,
        outcome: Result<(Progress, SavedReport), String>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let (status, progress, report, failure) = match outcome {
            Ok((progress, report)) => ("done", progress, Some(report), None),
            Err(reason) => ("failed", Progress::default(), None, Some(reason)),
        };
        let report = report.map(serde_json::to_value).transpose()?;
        let target = import_runs::table
            .find(run.id)
            .filter(import_runs::status.eq("running"));
        let query = diesel::update(target).set((
            import_runs::status.eq(status),
            import_runs::report.eq(report),
            import_runs::failure.eq(failure),
            import_runs::finished_at.eq(now),
        ));
        query.execute(conn).await?;
        if status == "done" {
            Self::beat_done(conn, run.id, progress).await?;
        }
        if status == "failed" || run.phase == Phase::Import.as_str() {
            files::remove(conn, [run.wxr, run.wpdiscuz_sql, run.uploads_zip]).await?;
            Self::forget_files(conn, run.id).await?;
        }
        Ok(())
    }

    async fn beat_done(conn: &mut AsyncPgConnection, id: i64, read: Progress) -> QueryResult<()> {
        diesel::update(import_runs::table.find(id))
            .set((
                import_runs::items_read.eq(count(read.items)),
                import_runs::articles_read.eq(count(read.articles)),
                import_runs::comments_read.eq(count(read.comments)),
            ))
            .execute(conn)
            .await
            .map(|_| ())
    }
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
