//! The job that runs one phase of an admin import (`import.wordpress`): it takes the run (or a
//! run whose worker went silent), copies the files out of the database into a scratch
//! directory, imports with the CLI's code while a side task writes the progress a second at a
//! time, and records the report or the reason it failed. The import being safe to run again,
//! a run taken over starts from the beginning.

use std::time::Duration as StdDuration;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::import::admin::run::{ImportRun, Phase};
use crate::import::admin::saved::SavedReport;
use crate::import::admin::scratch::Scratch;
use crate::import::admin::{checks, files, unzip};
use crate::import::report::Progress;
use crate::import::{ImportOptions, import_wordpress};
use crate::jobs::{Job, JobContext, JobError};

/// How often a silent import still shows it is alive.
const BEAT: StdDuration = StdDuration::from_secs(30);

/// The least time between two progress writes.
const PACE: StdDuration = StdDuration::from_secs(1);

/// Runs `phase` of the import run `run_id`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunImport {
    /// The run.
    pub run_id: i64,
    /// The dry run or the import.
    pub phase: Phase,
}

impl Job for RunImport {
    const KIND: &'static str = "import.wordpress";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("import:{}:{}", self.run_id, self.phase.as_str()))
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let mut conn = ctx.connection().await?;
        let Some(run) = ImportRun::start(&mut conn, self.run_id, self.phase, Utc::now()).await?
        else {
            // Running on a live worker elsewhere: look again later; otherwise already over.
            return match ImportRun::is_running(&mut conn, self.run_id, self.phase).await? {
                true => Err(JobError::Retry("the import runs on another worker".into())),
                false => Ok(()),
            };
        };
        drop(conn);
        tracing::info!(run_id = run.id, phase = run.phase, "import started");
        let outcome = import(ctx, &run, self.phase).await;
        if let Err(reason) = &outcome {
            tracing::warn!(run_id = run.id, reason, "import failed");
        }
        let mut conn = ctx.connection().await?;
        ImportRun::finish(&mut conn, &run, outcome, Utc::now()).await?;
        Ok(())
    }
}

/// Imports the run's files; the report, or why they could not be read.
async fn import(
    ctx: &JobContext,
    run: &ImportRun,
    phase: Phase,
) -> Result<(Progress, SavedReport), String> {
    let settings = &ctx.settings;
    let swept = Scratch::sweep(&settings.data_dir, std::time::SystemTime::now());
    if swept > 0 {
        tracing::info!(swept, "scratch files of a stopped import removed");
    }
    let scratch = Scratch::new(&settings.data_dir).map_err(|e| format!("{e:#}"))?;
    let options = copy_files(ctx, run, &scratch, phase == Phase::DryRun).await?;
    let mut conn = ctx.connection().await.map_err(|e| e.to_string())?;
    let (send, receive) = watch::channel(Progress::default());
    let writer = tokio::spawn(write_progress(ctx.clone(), run.id, receive));
    let report = import_wordpress(&mut conn, &options, Utc::now(), |read| {
        send.send_replace(read);
    })
    .await;
    writer.abort();
    let read = *send.borrow();
    let report = report.map_err(|e| format!("{e:#}"))?;
    Ok((report.progress(read.items), SavedReport::from(&report)))
}

/// Copies the run's files into `scratch` (the zip unpacked) and says how to import them.
async fn copy_files(
    ctx: &JobContext,
    run: &ImportRun,
    scratch: &Scratch,
    dry_run: bool,
) -> Result<ImportOptions, String> {
    let settings = &ctx.settings;
    let t = settings.site.locale.messages();
    let mut conn = ctx.connection().await.map_err(|e| e.to_string())?;
    let failed = |e: anyhow::Error| format!("{e:#}");
    let wxr_id = run.wxr.ok_or(t.import_page.error_files_gone)?;
    let wxr = scratch.path("export.xml");
    files::export(&mut conn, wxr_id, &wxr)
        .await
        .map_err(failed)?;
    let mut wpdiscuz_sql = None;
    if let Some(id) = run.wpdiscuz_sql {
        let path = scratch.path("wpdiscuz.sql");
        files::export(&mut conn, id, &path).await.map_err(failed)?;
        wpdiscuz_sql = Some(path);
    }
    let mut uploads = None;
    if let Some(id) = run.uploads_zip {
        let zip = scratch.path("uploads.zip");
        files::export(&mut conn, id, &zip).await.map_err(failed)?;
        let into = scratch.path("uploads");
        let max = settings.import.max_unzipped_bytes;
        let unpacked = tokio::task::spawn_blocking(move || unzip::extract(&zip, &into, max))
            .await
            .map_err(|e| e.to_string())?;
        uploads = Some(unpacked.map_err(|refusal| checks::zip_message(&refusal, t))?);
    }
    Ok(ImportOptions {
        wxr,
        wpdiscuz_sql,
        uploads,
        dry_run,
        categories: run.category_choice(),
        zone: settings.site.timezone,
        messages: t,
        max_pixels: settings.images.max_pixels,
    })
}

/// Writes the latest progress of run `id` at most once per [`PACE`], and a sign of life at
/// least once per [`BEAT`], until aborted.
async fn write_progress(ctx: JobContext, id: i64, mut receive: watch::Receiver<Progress>) {
    loop {
        if let Ok(Err(_)) = tokio::time::timeout(BEAT, receive.changed()).await {
            return;
        }
        let read = *receive.borrow_and_update();
        match ctx.pool.get().await {
            Ok(mut conn) => {
                if let Err(error) = ImportRun::beat(&mut conn, id, read, Utc::now()).await {
                    tracing::warn!(error = %error, run_id = id, "import progress not written");
                }
            }
            Err(error) => tracing::warn!(error = %error, run_id = id, "no connection for progress"),
        }
        tokio::time::sleep(PACE).await;
    }
}
