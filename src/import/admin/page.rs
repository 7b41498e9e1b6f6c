//! `GET /admin/import`: the upload form, the latest run's progress while it is queued or
//! running (the page refreshes itself, no script needed), then its report with, after a dry
//! run, the "Importer" button and the category choice.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::i18n::Messages;
use crate::import::admin::checks::FieldError;
use crate::import::admin::run::{ImportRun, Phase};
use crate::import::admin::saved::SavedReport;
use crate::import::context::CategoryChoice;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

/// Seconds between two refreshes of the progress view.
pub const REFRESH_SECONDS: u32 = 3;

/// One line of a report: what, and how many.
pub struct CountRow {
    label: String,
    n: u64,
}

/// One problem: where, and what.
pub struct ProblemRow {
    place: String,
    message: String,
}

/// A report as the page shows it.
pub struct ReportView {
    title: &'static str,
    imported: Vec<CountRow>,
    existing: Vec<CountRow>,
    skipped: Vec<CountRow>,
    problems: Vec<ProblemRow>,
    more_problems: u64,
    failure: Option<String>,
    empty: bool,
}

impl ReportView {
    fn new(report: SavedReport, t: &'static Messages) -> Self {
        let m = &t.import_page;
        // The importer counts some things at zero ("0 comments already there"): nothing to say.
        let rows = |counts: Vec<crate::import::admin::saved::Count>| {
            counts
                .into_iter()
                .filter(|c| c.n > 0)
                .map(|c| CountRow {
                    label: m.count_label(&c.what),
                    n: c.n,
                })
                .collect()
        };
        Self {
            title: if report.dry_run {
                m.report_dry_run
            } else {
                m.report_import
            },
            empty: report.is_empty(),
            imported: rows(report.imported),
            existing: rows(report.existing),
            skipped: rows(report.skipped),
            problems: report
                .problems
                .into_iter()
                .map(|p| ProblemRow {
                    place: match p.line {
                        0 => m.report_sql.to_owned(),
                        line => format!("{} {line}", m.report_line),
                    },
                    message: p.issue.describe(&t.import_problems),
                })
                .collect(),
            more_problems: report.more_problems,
            failure: report.failure,
        }
    }
}

/// The latest run as the page shows it.
pub struct RunView {
    id: i64,
    phase: &'static str,
    state: &'static str,
    file: String,
    active: bool,
    items: i64,
    articles: i64,
    comments: i64,
    report: Option<ReportView>,
    failure: Option<String>,
    can_import: bool,
}

impl RunView {
    fn new(run: ImportRun, t: &'static Messages) -> Self {
        let m = &t.import_page;
        let dry_run = run.phase == Phase::DryRun.as_str();
        let state = match run.status.as_str() {
            "queued" => m.state_queued,
            "running" => m.state_running,
            "done" => m.state_done,
            _ => m.state_failed,
        };
        let report = run.saved_report().map(|r| ReportView::new(r, t));
        Self {
            id: run.id,
            phase: if dry_run {
                m.phase_dry_run
            } else {
                m.phase_import
            },
            state,
            active: matches!(run.status.as_str(), "queued" | "running"),
            can_import: dry_run && run.status == "done" && run.wxr.is_some(),
            items: run.items_read,
            articles: run.articles_read,
            comments: run.comments_read,
            file: run.wxr_name,
            report,
            failure: run.failure,
        }
    }
}

/// The import page.
#[derive(Template)]
#[template(path = "import/admin.html")]
pub struct ImportPage {
    layout: Layout,
    session: AuthorSession,
    run: Option<RunView>,
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
    series: bool,
    limit: String,
    refresh: u32,
    paused: bool,
    active: bool,
}

impl ImportPage {
    /// The message beside `field`, if refused.
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// What the page shows besides the latest run: the refusals of a form (`errors` beside its
/// fields, a `notice` above it, the category choice as typed), and whether the author paused
/// the progress view's refreshing.
#[derive(Debug, Default)]
pub struct Shown {
    /// The refused fields.
    pub errors: Vec<FieldError>,
    /// A message above the page.
    pub notice: Option<&'static str>,
    /// The category choice as typed.
    pub choice: Option<CategoryChoice>,
    /// Whether the page must not refresh itself.
    pub paused: bool,
}

/// The page with the latest run and what `shown` says.
pub async fn import_page(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    session: AuthorSession,
    shown: Shown,
) -> AppResult<ImportPage> {
    let Shown {
        errors,
        notice,
        choice,
        paused,
    } = shown;
    let t = ctx.t();
    let run = ImportRun::latest(conn).await?;
    let series = choice
        .or_else(|| run.as_ref().map(ImportRun::category_choice))
        .is_some_and(|c| c == CategoryChoice::Series);
    let run = run.map(|run| RunView::new(run, t));
    let active = run.as_ref().is_some_and(|r| r.active);
    let megabytes = ctx.settings.import.upload_limit_bytes / (1024 * 1024);
    Ok(ImportPage {
        layout: ctx.layout(t.import_page.title),
        session,
        refresh: match active {
            true if !paused => REFRESH_SECONDS,
            _ => 0,
        },
        paused,
        active,
        run,
        errors,
        notice,
        series,
        limit: format!("{megabytes} {}", t.media.megabytes),
    })
}

/// Renders the page with `status`.
pub async fn answer(
    pool: &DbPool,
    ctx: &PageContext,
    session: AuthorSession,
    status: StatusCode,
    shown: Shown,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let page = import_page(&mut conn, ctx, session, shown).await?;
    render(status, &page)
}

/// The page's query: `?refresh=off` stops the progress view's refreshing (WCAG 2.2.1).
#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    refresh: Option<String>,
}

/// `GET /admin/import[?refresh=off]`.
pub async fn show_import(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    query: web::Query<ImportQuery>,
) -> AppResult<HttpResponse> {
    let paused = match query.refresh.as_deref() {
        None => false,
        Some("off") => true,
        Some(_) => return Err(AppError::BadRequest("refresh can only be `off`")),
    };
    let shown = Shown {
        paused,
        ..Shown::default()
    };
    answer(&pool, &ctx, session, StatusCode::OK, shown).await
}
