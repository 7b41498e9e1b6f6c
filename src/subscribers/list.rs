//! `GET /admin/subscribers`: the subscribers, searched, filtered and paged by keyset, with the
//! counts by status and the growth chart.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::subscribers::growth::{self, GrowthPoint, Plot};
use crate::subscribers::model::{StatusCounts, Subscriber};
use crate::subscribers::query::{ListQuery, Status};
use crate::taxonomy::model::Theme;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::page;

/// Rows on one page.
const PAGE_SIZE: i64 = 50;

/// A row of the list.
pub struct SubscriberRow {
    id: i64,
    email: String,
    name: String,
    status: &'static str,
    themes: String,
    since: String,
    subscribed: String,
    unsubscribed: String,
    hard_bounces: i32,
}

/// A tab of the status filter.
pub struct Tab {
    label: &'static str,
    count: i64,
    href: String,
    current: bool,
}

/// A line of the chart's table.
pub struct WeekRow {
    label: String,
    subscribed: i64,
}

/// The subscribers page.
#[derive(Template)]
#[template(path = "subscribers/index.html")]
pub struct SubscribersPage {
    layout: Layout,
    session: AuthorSession,
    query: ListQuery,
    tabs: Vec<Tab>,
    themes: Vec<Theme>,
    rows: Vec<SubscriberRow>,
    next: Option<String>,
    export: String,
    weeks: Vec<WeekRow>,
    plot: Plot,
    chart_width: f64,
    chart_height: f64,
}

impl SubscribersPage {
    fn theme_selected(&self, id: &i64) -> bool {
        self.query.filter.theme == Some(*id)
    }

    fn text(&self) -> &str {
        self.query.filter.text.as_deref().unwrap_or_default()
    }
}

fn tabs(query: &ListQuery, counts: &StatusCounts, ctx: &PageContext) -> Vec<Tab> {
    let t = ctx.t();
    let all = Tab {
        label: t.subscribers.status_all,
        count: counts.total(),
        href: query.with_status(None),
        current: query.filter.status.is_none(),
    };
    let by_status = Status::ALL.into_iter().map(|status| Tab {
        label: status.label(t),
        count: counts.of(status),
        href: query.with_status(Some(status)),
        current: query.filter.status == Some(status),
    });
    std::iter::once(all).chain(by_status).collect()
}

fn rows(
    subscribers: Vec<Subscriber>,
    names: &[(i64, String)],
    ctx: &PageContext,
) -> Vec<SubscriberRow> {
    let (t, tz) = (ctx.t(), ctx.settings.site.timezone);
    let date = |at: Option<chrono::DateTime<Utc>>| at.map(|at| t.date(at, tz)).unwrap_or_default();
    subscribers
        .into_iter()
        .map(|s| SubscriberRow {
            themes: if s.all_themes {
                t.subscribers.all_themes.to_owned()
            } else {
                names
                    .iter()
                    .filter(|(id, _)| *id == s.id)
                    .map(|(_, name)| name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            status: Status::parse(&s.status).map_or("", |st| st.state(t)),
            since: date(Some(s.created_at)),
            subscribed: date(s.subscribed_at),
            unsubscribed: date(s.unsubscribed_at),
            id: s.id,
            email: s.email,
            name: s.name,
            hard_bounces: s.hard_bounces,
        })
        .collect()
}

fn weeks(points: &[GrowthPoint], ctx: &PageContext) -> Vec<WeekRow> {
    let (t, tz) = (ctx.t(), ctx.settings.site.timezone);
    points
        .iter()
        .map(|p| WeekRow {
            label: t.date(p.at, tz),
            subscribed: p.subscribed,
        })
        .collect()
}

/// `GET /admin/subscribers`.
pub async fn list_subscribers(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    params: web::Query<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let query = ListQuery::from_pairs(&params);
    let mut conn = pool.get().await?;
    let mut found =
        Subscriber::search(&mut conn, &query.filter, query.after, Some(PAGE_SIZE + 1)).await?;
    let more = found.len() > PAGE_SIZE as usize;
    found.truncate(PAGE_SIZE as usize);
    let next = more
        .then(|| found.last().map(|last| query.next(last.id)))
        .flatten();
    let ids: Vec<i64> = found.iter().map(|s| s.id).collect();
    let names = Subscriber::theme_names(&mut conn, &ids).await?;
    let counts = Subscriber::counts(&mut conn).await?;
    let points = growth::weekly(&mut conn, Utc::now()).await?;
    let values: Vec<i64> = points.iter().map(|p| p.subscribed).collect();
    page(&SubscribersPage {
        layout: ctx.layout(ctx.t().subscribers.title),
        tabs: tabs(&query, &counts, &ctx),
        themes: Theme::all(&mut conn).await?,
        rows: rows(found, &names, &ctx),
        next,
        export: query.filter_only(),
        weeks: weeks(&points, &ctx),
        plot: growth::plot(&values),
        chart_width: growth::WIDTH,
        chart_height: growth::HEIGHT,
        session,
        query,
    })
}
