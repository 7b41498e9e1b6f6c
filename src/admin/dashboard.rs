//! `GET /admin`: what stands where, and what the scheduler missed.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use crate::articles::model::ArticleListing;
use crate::articles::schedule;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::newsletters::model::Newsletter;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::page;

/// The dashboard.
#[derive(Template)]
#[template(path = "admin/dashboard.html")]
pub struct DashboardPage {
    layout: Layout,
    session: AuthorSession,
    published: i64,
    scheduled: i64,
    drafts: i64,
    overdue: i64,
    overdue_sends: i64,
    failed_jobs: i64,
}

/// `GET /admin`.
pub async fn show_dashboard(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let (published, scheduled, drafts) = ArticleListing::counts(&mut conn).await?;
    let overdue = schedule::overdue_count(&mut conn, Utc::now()).await?;
    let overdue_sends = Newsletter::overdue_count(&mut conn, Utc::now()).await?;
    let failed_jobs = crate::jobs::failed_count(&mut conn).await?;
    let layout = ctx.layout(ctx.t().admin_dashboard);
    page(&DashboardPage {
        layout,
        session,
        published,
        scheduled,
        drafts,
        overdue,
        overdue_sends,
        failed_jobs,
    })
}
