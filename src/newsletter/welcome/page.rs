//! `GET|POST /admin/subscribers/welcome`: the author edits the welcome email (subject and
//! Markdown body), previews it as it will read, or goes back to the default.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::author_form::AuthorForm;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::newsletter::welcome::text::{MAX_BODY, MAX_SUBJECT, WelcomeEmail};
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

/// The edit page, with the preview of the text shown.
#[derive(Template)]
#[template(path = "subscribers/welcome.html")]
pub struct WelcomePage {
    layout: Layout,
    session: AuthorSession,
    fields: WelcomeEmail,
    preview_html: String,
    customised: bool,
    errors: FormErrors,
}

/// The form as typed.
#[derive(Debug, Deserialize)]
pub struct WelcomeForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
    /// `save`, `preview` or `reset`.
    #[serde(default)]
    action: String,
}

fn check(form: &WelcomeForm, t: &Messages) -> Result<WelcomeEmail, FormErrors> {
    let mut errors = FormErrors::default();
    let subject = form.subject.trim();
    if subject.is_empty() || subject.chars().count() > MAX_SUBJECT || subject.contains(['\r', '\n'])
    {
        errors.add("subject", t.subscribers.error_welcome_subject);
    }
    let body = form.body.trim();
    if body.is_empty() || body.chars().count() > MAX_BODY {
        errors.add("body", t.subscribers.error_welcome_body);
    }
    if errors.is_empty() {
        Ok(WelcomeEmail {
            subject: subject.to_owned(),
            body_markdown: body.to_owned(),
        })
    } else {
        Err(errors)
    }
}

fn welcome_page(
    ctx: &PageContext,
    session: AuthorSession,
    fields: WelcomeEmail,
    customised: bool,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    render(
        status,
        &WelcomePage {
            layout: ctx.layout(ctx.t().subscribers.welcome_edit),
            session,
            preview_html: fields.body_html(ctx.settings.site.locale),
            fields,
            customised,
            errors,
        },
    )
}

/// `GET /admin/subscribers/welcome`.
pub async fn edit_welcome(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let stored = WelcomeEmail::stored(&mut conn).await?;
    let customised = stored.is_some();
    let fields =
        stored.unwrap_or_else(|| WelcomeEmail::default_for(ctx.t(), &ctx.settings.site.title));
    let errors = FormErrors::default();
    welcome_page(&ctx, session, fields, customised, errors, StatusCode::OK)
}

/// `POST /admin/subscribers/welcome`: saves, previews or resets the welcome.
pub async fn save_welcome(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    AuthorForm { session, form }: AuthorForm<WelcomeForm>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    if form.action == "reset" {
        WelcomeEmail::reset(&mut conn).await?;
        return Ok(redirect_with(
            "/admin/subscribers/welcome",
            Flash::WelcomeSaved,
        ));
    }
    let customised = WelcomeEmail::stored(&mut conn).await?.is_some();
    match check(&form, ctx.t()) {
        Ok(welcome) if form.action == "preview" => welcome_page(
            &ctx,
            session,
            welcome,
            customised,
            FormErrors::default(),
            StatusCode::OK,
        ),
        Ok(welcome) => {
            welcome.save(&mut conn).await?;
            tracing::info!("welcome email saved");
            Ok(redirect_with(
                "/admin/subscribers/welcome",
                Flash::WelcomeSaved,
            ))
        }
        Err(errors) => {
            let typed = WelcomeEmail {
                subject: form.subject.clone(),
                body_markdown: form.body.clone(),
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            welcome_page(&ctx, session, typed, customised, errors, status)
        }
    }
}
