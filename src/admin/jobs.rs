//! `GET /admin/jobs`: the background work that failed (being retried, or given up with its
//! reason), and `POST /admin/jobs/{id}/retry` to put a given-up job back in the queue.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use crate::auth::author_form::{AuthorForm, Button};
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::jobs::{self, TroubledJob};
use crate::web::flash::{Flash, redirect_with};
use crate::web::layout::{Layout, PageContext};
use crate::web::render::page;

/// Most jobs listed.
const LISTED: i64 = 100;

/// The page's address.
const PATH: &str = "/admin/jobs";

/// One failed job as the page shows it.
pub struct JobRow {
    job: TroubledJob,
    when: String,
}

/// The background work page.
#[derive(Template)]
#[template(path = "admin/jobs.html")]
pub struct JobsPage {
    layout: Layout,
    session: AuthorSession,
    rows: Vec<JobRow>,
}

/// `GET /admin/jobs`.
pub async fn show_jobs(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let found = jobs::troubled(&mut conn, LISTED).await?;
    let t = ctx.t();
    let zone = ctx.settings.site.timezone;
    let rows = found
        .into_iter()
        .map(|job| {
            let when = t.date_time(job.failed_at.unwrap_or(job.run_at), zone);
            JobRow { job, when }
        })
        .collect();
    let layout = ctx.layout(t.jobs.title);
    page(&JobsPage {
        layout,
        session,
        rows,
    })
}

/// `POST /admin/jobs/{id}/retry`: the job runs again with its attempts renewed.
pub async fn retry_job(
    pool: web::Data<DbPool>,
    id: web::Path<i64>,
    _: AuthorForm<Button>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    if !jobs::requeue(&mut conn, *id, Utc::now()).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(job_id = *id, "failed job put back in the queue");
    Ok(redirect_with(PATH, Flash::JobRequeued))
}
