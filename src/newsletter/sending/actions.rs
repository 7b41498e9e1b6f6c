//! The send form and the author's controls of a running send: pause, resume, cancel. Each
//! answers 303 back to the newsletter's page with a flash message.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;

use crate::auth::author_form::{AuthorForm, Button};
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::newsletter::compose::form::SendFields;
use crate::newsletter::model::Newsletter;
use crate::newsletter::pages::newsletter_page;
use crate::newsletter::sending::control::{self, Accepted};
use crate::settings::MailTransport;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::PageContext;

fn back(id: i64, flash: Flash) -> HttpResponse {
    redirect_with(&format!("/admin/newsletters/{id}"), flash)
}

/// `POST /admin/newsletters/{id}/send`: checks the send, then starts or schedules it once per
/// idempotency key (a double click sends once).
pub async fn send_newsletter(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    id: web::Path<i64>,
    AuthorForm { session, form }: AuthorForm<SendFields>,
) -> AppResult<HttpResponse> {
    if form.idempotency_key.is_empty() || form.idempotency_key.len() > 100 {
        return Err(AppError::BadRequest("missing idempotency key"));
    }
    let (id, t, now) = (*id, ctx.t(), Utc::now());
    let max_bounces = ctx.settings.newsletter.max_hard_bounces;
    let mut conn = pool.get().await?;
    let newsletter = Newsletter::by_id(&mut conn, id).await?;
    if newsletter.send_key.as_deref() == Some(form.idempotency_key.as_str()) {
        return Ok(repeated(&newsletter));
    }
    let mut errors = FormErrors::default();
    let when = form
        .check(ctx.settings.site.timezone, now, t)
        .map_err(|e| errors = e)
        .ok();
    if !matches!(ctx.settings.mail.transport, MailTransport::Smtp) {
        errors.add("send", t.nl_error_no_smtp);
    }
    if newsletter.subject.trim().is_empty() || newsletter.body_markdown.trim().is_empty() {
        errors.add("send", t.nl_error_body_required);
    }
    if Newsletter::audience_size(&mut conn, id, max_bounces).await? == 0 {
        errors.add("send", t.nl_error_no_recipients);
    }
    let accepted = match when {
        Some(when) if errors.is_empty() => {
            control::accept_send(&mut conn, id, &form.idempotency_key, when, now, max_bounces)
                .await?
        }
        _ => Accepted::TooLate,
    };
    drop(conn);
    match accepted {
        Accepted::Started => Ok(back(id, Flash::SendStarted)),
        Accepted::Scheduled => Ok(back(id, Flash::SendScheduled)),
        Accepted::Repeated => Ok(repeated(&newsletter)),
        Accepted::TooLate => {
            if errors.is_empty() {
                errors.add("send", t.nl_error_too_late);
            }
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            newsletter_page(&pool, &ctx, session, id, form, errors, status).await
        }
    }
}

/// The answer to a form already accepted: the same as the first time.
fn repeated(newsletter: &Newsletter) -> HttpResponse {
    let flash = if newsletter.started_at.is_some() {
        Flash::SendStarted
    } else {
        Flash::SendScheduled
    };
    back(newsletter.id, flash)
}

/// What the author does to a send in progress.
#[derive(Debug, Clone, Copy)]
enum Control {
    Pause,
    Resume,
    Cancel,
}

async fn control_send(
    pool: web::Data<DbPool>,
    id: i64,
    action: Control,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let flash = match action {
        Control::Pause => control::pause(&mut conn, id, Utc::now())
            .await
            .map(|_| Flash::SendPaused),
        Control::Resume => control::resume(&mut conn, id)
            .await
            .map(|_| Flash::SendResumed),
        Control::Cancel => control::cancel(&mut conn, id, Utc::now())
            .await
            .map(|_| Flash::SendCancelled),
    }?;
    tracing::info!(newsletter_id = id, ?action, "send controlled");
    Ok(back(id, flash))
}

/// `POST /admin/newsletters/{id}/pause`.
pub async fn pause_send(
    pool: web::Data<DbPool>,
    id: web::Path<i64>,
    _: AuthorForm<Button>,
) -> AppResult<HttpResponse> {
    control_send(pool, *id, Control::Pause).await
}

/// `POST /admin/newsletters/{id}/resume`.
pub async fn resume_send(
    pool: web::Data<DbPool>,
    id: web::Path<i64>,
    _: AuthorForm<Button>,
) -> AppResult<HttpResponse> {
    control_send(pool, *id, Control::Resume).await
}

/// `POST /admin/newsletters/{id}/cancel`.
pub async fn cancel_send(
    pool: web::Data<DbPool>,
    id: web::Path<i64>,
    _: AuthorForm<Button>,
) -> AppResult<HttpResponse> {
    control_send(pool, *id, Control::Cancel).await
}
