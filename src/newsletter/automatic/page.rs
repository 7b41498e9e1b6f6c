//! `GET|POST /admin/newsletters/automatic`: the author turns the automatic sends on or off and
//! chooses the digest's day and hour; saving plans the next digest at once.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use diesel_async::AsyncConnection;

use crate::auth::author_form::AuthorForm;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::newsletter::automatic::config::AutomaticSends;
use crate::newsletter::automatic::digest::plan_next;
use crate::newsletter::automatic::form::AutomaticForm;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

const PATH: &str = "/admin/newsletters/automatic";

/// A day in the digest's choice: its value, its name, whether it is chosen.
pub struct DayOption {
    value: u32,
    name: &'static str,
    selected: bool,
}

/// The settings page.
#[derive(Template)]
#[template(path = "newsletter/automatic.html")]
pub struct AutomaticPage {
    layout: Layout,
    session: AuthorSession,
    fields: AutomaticForm,
    days: Vec<DayOption>,
    next_digest: Option<String>,
    errors: FormErrors,
}

fn automatic_page(
    ctx: &PageContext,
    session: AuthorSession,
    fields: AutomaticForm,
    saved: &AutomaticSends,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let t = ctx.t();
    let zone = ctx.settings.site.timezone;
    let days = (1..=7u32)
        .zip(t.automatic.days)
        .map(|(value, name)| DayOption {
            value,
            name,
            selected: fields.digest_day.trim() == value.to_string(),
        })
        .collect();
    let next_digest = saved
        .digest
        .then(|| t.date_time(saved.weekly.next_after(Utc::now(), zone), zone));
    let page = AutomaticPage {
        layout: ctx.layout(t.automatic.title),
        session,
        fields,
        days,
        next_digest,
        errors,
    };
    render(status, &page)
}

/// `GET /admin/newsletters/automatic`.
pub async fn edit_automatic(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let saved = AutomaticSends::load(&mut conn).await?;
    let fields = AutomaticForm::from(&saved);
    let errors = FormErrors::default();
    automatic_page(&ctx, session, fields, &saved, errors, StatusCode::OK)
}

/// `POST /admin/newsletters/automatic`: saves the choices and plans the next digest in one
/// transaction; bad values come back (422, as every form) with what was typed, and nothing is saved.
pub async fn save_automatic(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    AuthorForm { session, form }: AuthorForm<AutomaticForm>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    match form.check(ctx.t()) {
        Ok(settings) => {
            let zone = ctx.settings.site.timezone;
            let next = conn
                .transaction(async |conn| {
                    settings.save(conn).await?;
                    plan_next(conn, &settings, Utc::now(), zone).await
                })
                .await?;
            tracing::info!(new_article = settings.new_article, digest = settings.digest, next_digest = ?next, "automatic sends saved");
            Ok(redirect_with(PATH, Flash::AutomaticSaved))
        }
        Err(errors) => {
            let saved = AutomaticSends::load(&mut conn).await?;
            let typed = form;
            automatic_page(
                &ctx,
                session,
                typed,
                &saved,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}
