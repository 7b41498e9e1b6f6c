//! `GET /admin/articles/{id}/stats` (`?days=30|90|365`): what one article brought over a
//! period, compared with the period before, its ratings over time, each table with its CSV
//! export.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use crate::admin::audience_view::{
    PeriodLink, day_start, period_links, refusal, signed_percent, source_label,
};
use crate::admin::rating_trend_view::RatingTrendView;
use crate::analytics::article_report::{ArticleReport, Brought};
use crate::analytics::chart::BarChart;
use crate::analytics::report::period;
use crate::articles::model::Article;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::page;

/// The article's stats page.
#[derive(Template)]
#[template(path = "admin/article_stats.html")]
pub struct ArticleStatsPage {
    layout: Layout,
    session: AuthorSession,
    id: i64,
    slug: String,
    report: ArticleReport,
    /// Each bar's day with its visitors, in the chart's order.
    days: Vec<(String, i64, i64)>,
    chart: BarChart,
    chart_summary: String,
    views_change: Option<String>,
    visitors_change: Option<String>,
    sources: Vec<(String, i64)>,
    brought: Vec<BroughtRow>,
    ratings: RatingTrendView,
    periods: Vec<PeriodLink>,
}

/// One line of "what it brought".
pub struct BroughtRow {
    label: &'static str,
    key: &'static str,
    now: i64,
    before: i64,
}

/// The page's query: the period shown.
#[derive(Debug, Deserialize)]
pub struct StatsQuery {
    days: Option<String>,
}

/// The lines of "what it brought", in the order shown and exported.
pub fn brought_rows(t: &Messages, now: &Brought, before: &Brought) -> Vec<BroughtRow> {
    let s = &t.stats;
    now.named()
        .into_iter()
        .zip(before.named())
        .map(|((what, now), (_, before))| BroughtRow {
            label: match what {
                "subscribers" => s.subscribers,
                "follows" => s.follows,
                "comments" => s.comments,
                _ => s.ratings,
            },
            key: what,
            now,
            before,
        })
        .collect()
}

/// The article `id` and its report over `days` days ending today.
pub async fn report_of(
    pool: &DbPool,
    ctx: &PageContext,
    id: i64,
    days: i64,
) -> AppResult<(Article, ArticleReport)> {
    let mut conn = pool.get().await?;
    let (article, _) = Article::by_id(&mut conn, id).await?;
    let timezone = ctx.settings.site.timezone;
    let today = Utc::now().with_timezone(&timezone).date_naive();
    let path = format!("/articles/{}", article.slug);
    let report = ArticleReport::over(&mut conn, id, &path, days, today, timezone).await?;
    Ok((article, report))
}

/// `GET /admin/articles/{id}/stats`.
pub async fn show_article_stats(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    id: web::Path<i64>,
    query: web::Query<StatsQuery>,
) -> AppResult<HttpResponse> {
    let (t, timezone) = (ctx.t(), ctx.settings.site.timezone);
    let Some(days) = period(query.days.as_deref()) else {
        return refusal(&ctx, t.analytics.error_period);
    };
    let (article, report) = report_of(&pool, &ctx, *id, days).await?;
    let views: Vec<_> = report.daily.iter().map(|d| (d.day, d.views)).collect();
    let chart = BarChart::daily(&views, |day| t.date(day_start(day), timezone));
    let days = chart
        .bars
        .iter()
        .zip(&report.daily)
        .map(|(bar, day)| (bar.label.clone(), day.views, day.visitors))
        .collect();
    page(&ArticleStatsPage {
        layout: ctx.layout(&t.stats.title.replace("{title}", &article.title)),
        session,
        id: article.id,
        slug: article.slug,
        chart_summary: t
            .stats
            .chart_summary
            .replace("{views}", &report.views.to_string())
            .replace("{days}", &report.days.to_string())
            .replace("{max}", &chart.max.to_string()),
        days,
        chart,
        views_change: report.views_change().map(signed_percent),
        visitors_change: report.visitors_change().map(signed_percent),
        sources: report
            .sources
            .iter()
            .map(|(source, views)| (source_label(t, source), *views))
            .collect(),
        brought: brought_rows(t, &report.brought, &report.previous_brought),
        ratings: RatingTrendView::of(
            t,
            &report.rating_trend,
            report.rating_step,
            report.days,
            timezone,
        ),
        periods: period_links(t, report.days),
        report,
    })
}
