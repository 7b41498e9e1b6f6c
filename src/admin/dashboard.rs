//! `GET /admin` (`?days=30|90|365`): what stands where, what the scheduler missed, and the
//! readers of the period.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use crate::admin::audience_view::{
    PeriodLink, day_start, period_links, refusal, signed_percent, source_label,
};
use crate::analytics::Audience;
use crate::analytics::attribution::articles_of_pages;
use crate::analytics::chart::BarChart;
use crate::analytics::report::period;
use crate::articles::model::ArticleListing;
use crate::articles::schedule;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::newsletter::model::Newsletter;
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
    audience: Audience,
    chart: BarChart,
    chart_summary: String,
    views_change: Option<String>,
    visitors_change: Option<String>,
    sources: Vec<(String, i64)>,
    periods: Vec<PeriodLink>,
    /// The top pages that are articles, with their ids (for the link to their stats).
    article_ids: Vec<(String, i64)>,
}

impl DashboardPage {
    fn article_id(&self, path: &str) -> Option<i64> {
        self.article_ids
            .iter()
            .find(|(page, _)| page == path)
            .map(|(_, id)| *id)
    }
}

/// The dashboard's query: the period shown.
#[derive(Debug, serde::Deserialize)]
pub struct DashboardQuery {
    days: Option<String>,
}

/// `GET /admin`.
pub async fn show_dashboard(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    query: web::Query<DashboardQuery>,
) -> AppResult<HttpResponse> {
    let t = ctx.t();
    let Some(days) = period(query.days.as_deref()) else {
        return refusal(&ctx, t.analytics.error_period);
    };
    let mut conn = pool.get().await?;
    let today = Utc::now()
        .with_timezone(&ctx.settings.site.timezone)
        .date_naive();
    let audience = Audience::over(&mut conn, days, today).await?;
    let chart = BarChart::daily(&audience.daily, |day| {
        t.date(day_start(day), ctx.settings.site.timezone)
    });
    let sources = audience
        .top_sources
        .iter()
        .map(|(source, views)| (source_label(t, source), *views))
        .collect();
    let pages: Vec<String> = audience.top_pages.iter().map(|(p, _)| p.clone()).collect();
    let article_ids = articles_of_pages(&mut conn, &pages).await?;
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
        chart_summary: t
            .analytics
            .chart_summary
            .replace("{views}", &audience.views.to_string())
            .replace("{days}", &days.to_string())
            .replace("{max}", &chart.max.to_string()),
        views_change: audience.views_change().map(signed_percent),
        visitors_change: audience.visitors_change().map(signed_percent),
        audience,
        chart,
        sources,
        periods: period_links(t, days),
        article_ids,
    })
}
