//! `GET /admin` (`?days=30|90|365`): what stands where, what the scheduler missed, and the
//! readers of the period.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use crate::analytics::Audience;
use crate::analytics::chart::BarChart;
use crate::analytics::report::PERIODS;
use crate::analytics::source::group_of;
use crate::articles::model::ArticleListing;
use crate::articles::schedule;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::i18n::Messages;
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
}

/// A period the author may choose.
pub struct PeriodLink {
    days: i64,
    label: String,
    current: bool,
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
    let days = match query.days.as_deref() {
        None => PERIODS[0],
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|days| PERIODS.contains(days))
            .ok_or(AppError::BadRequest(t.analytics.error_period))?,
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
        periods: PERIODS
            .iter()
            .map(|&n| PeriodLink {
                days: n,
                label: t.analytics.days.replace("{n}", &n.to_string()),
                current: n == days,
            })
            .collect(),
    })
}

/// Noon of `day` in UTC: a moment that falls on that day in any European time zone, for the
/// date formatter that takes instants.
fn day_start(day: chrono::NaiveDate) -> chrono::DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

/// A source as the author reads it: a group's name, or the domain or campaign itself.
fn source_label(t: &Messages, source: &str) -> String {
    let a = &t.analytics;
    match group_of(source) {
        "search" => a.group_search.to_owned(),
        "social" => a.group_social.to_owned(),
        "feeds" => a.group_feeds.to_owned(),
        "newsletter" => a.group_newsletter.to_owned(),
        "direct" => a.group_direct.to_owned(),
        _ => source
            .split_once(':')
            .map_or(source, |(_, name)| name)
            .to_owned(),
    }
}

/// A change in percent with its sign, a no-break space before the sign of percent.
fn signed_percent(change: i64) -> String {
    format!("{change:+}\u{a0}%")
}
