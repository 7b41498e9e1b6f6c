//! `GET|POST /admin/subscribers/import`: a CSV file of addresses, subscribed in one
//! transaction (consented elsewhere, or sent a confirmation), then a report: what was done,
//! the duplicates merged, the unsubscribed addresses left alone, the invalid lines.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use diesel_async::AsyncConnection;

use crate::auth::author_upload::{AuthorUpload, UploadCap};
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::subscribers::add::admission;
use crate::subscribers::admit::{self, Admitted, Candidate};
use crate::subscribers::csv_file::{self, Problem};
use crate::subscribers::form::consent_choice;
use crate::subscribers::upload;
use crate::taxonomy::model::Theme;
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

/// The `consent_network` recorded for imported subscribers.
const NETWORK: &str = "import";

/// The import form.
#[derive(Template)]
#[template(path = "subscribers/import.html")]
pub struct ImportPage {
    layout: Layout,
    session: AuthorSession,
    mode: String,
    reason: String,
    errors: FormErrors,
    max_megabytes: usize,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    subscribed: usize,
    confirmations: usize,
    held_back: usize,
    already: usize,
    unsubscribed: Vec<(u64, String)>,
    merged: Vec<(u64, u64)>,
    invalid: Vec<(u64, &'static str, String)>,
}

/// The report page.
#[derive(Template)]
#[template(path = "subscribers/import_report.html")]
pub struct ImportReportPage {
    layout: Layout,
    session: AuthorSession,
    report: ImportReport,
}

fn form_page(
    ctx: &PageContext,
    session: AuthorSession,
    mode: String,
    reason: String,
    errors: FormErrors,
) -> AppResult<HttpResponse> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ImportPage {
        layout: ctx.layout(ctx.t().subscribers.import),
        session,
        mode,
        reason,
        errors,
        max_megabytes: upload::MAX_FILE_BYTES / (1024 * 1024),
    };
    render(status, &page)
}

/// `GET /admin/subscribers/import`.
pub async fn show_import(ctx: PageContext, session: AuthorSession) -> AppResult<HttpResponse> {
    form_page(
        &ctx,
        session,
        "confirm".into(),
        String::new(),
        FormErrors::default(),
    )
}

fn problem(problem: Problem, t: &Messages) -> (&'static str, String) {
    match problem {
        Problem::Email => (t.subscribers.invalid_email, String::new()),
        Problem::Name => (t.subscribers.invalid_name, String::new()),
        Problem::Theme(theme) => (t.subscribers.invalid_theme, theme),
        Problem::Unreadable => (t.subscribers.invalid_unreadable, String::new()),
    }
}

/// `POST /admin/subscribers/import`.
pub async fn import_subscribers(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    upload: AuthorUpload<UploadCap>,
) -> AppResult<HttpResponse> {
    let session = upload.session;
    let form = upload::read(upload.fields).await?;
    let t = ctx.t();
    let mut errors = FormErrors::default();
    let choice = consent_choice(&form.mode, &form.reason, t, &mut errors);
    if form.too_large {
        errors.add("file", t.subscribers.error_file_too_large);
    } else if form.file.is_empty() {
        errors.add("file", t.subscribers.error_file_missing);
    }
    let mut conn = pool.get().await?;
    let themes = Theme::all(&mut conn).await?;
    let parsed = csv_file::parse(&form.file, &themes);
    if parsed.too_many {
        errors.add("file", t.subscribers.error_file_too_many);
    }
    let Some(choice) = choice.filter(|_| errors.is_empty()) else {
        return form_page(&ctx, session, form.mode, form.reason, errors);
    };
    let admission = admission(&choice, &ctx.settings);
    let now = Utc::now();
    let mut report = ImportReport::default();
    for line in &parsed.lines {
        report
            .merged
            .extend(line.merged.iter().map(|m| (*m, line.line)));
    }
    report.merged.sort_unstable();
    report.invalid = parsed
        .invalid
        .into_iter()
        .map(|invalid| {
            let (reason, detail) = problem(invalid.problem, t);
            (invalid.line, reason, detail)
        })
        .collect();
    let lines = &parsed.lines;
    let outcomes = conn
        .transaction(async |conn| {
            let mut outcomes = Vec::with_capacity(lines.len());
            for line in lines {
                let candidate = Candidate {
                    email: &line.email,
                    name: &line.name,
                    theme_ids: &line.theme_ids,
                };
                outcomes.push(admit::admit(conn, candidate, admission, NETWORK, now).await?);
            }
            Ok::<_, diesel::result::Error>(outcomes)
        })
        .await?;
    for (line, outcome) in lines.iter().zip(outcomes) {
        match outcome {
            Admitted::Subscribed => report.subscribed += 1,
            Admitted::ConfirmationQueued => report.confirmations += 1,
            Admitted::ConfirmationHeldBack => report.held_back += 1,
            Admitted::AlreadySubscribed => report.already += 1,
            Admitted::Unsubscribed => report
                .unsubscribed
                .push((line.line, line.email.as_str().to_owned())),
        }
    }
    tracing::info!(
        subscribed = report.subscribed,
        confirmations = report.confirmations,
        invalid = report.invalid.len(),
        "subscribers imported"
    );
    render(
        StatusCode::OK,
        &ImportReportPage {
            layout: ctx.layout(t.subscribers.import_report),
            session,
            report,
        },
    )
}
