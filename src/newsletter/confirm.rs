//! `GET|POST /newsletter/confirm/{token}`: GET only shows a button (mail scanners open links),
//! POST confirms the address and the subscription and queues the welcome.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;

use crate::db::DbPool;
use crate::error::AppResult;
use crate::jobs;
use crate::newsletter::message::{dead_link, message};
use crate::newsletter::{emails, model};
use crate::web::layout::PageContext;

fn token_looks_valid(token: &str) -> bool {
    (20..=100).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `GET /newsletter/confirm/{token}`: a page whose button confirms.
pub async fn show_confirm(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    if !token_looks_valid(&token) {
        return dead_link(&ctx);
    }
    let mut conn = pool.get().await?;
    if model::reader_of_confirmation(&mut conn, &token, Utc::now())
        .await?
        .is_none()
    {
        return dead_link(&ctx);
    }
    let t = ctx.t();
    let button = (
        format!("/newsletter/confirm/{}", token.as_str()),
        t.newsletter_confirm_button,
    );
    message(
        &ctx,
        StatusCode::OK,
        t.newsletter_confirm_title,
        t.newsletter_confirm_text,
        Some(button),
    )
}

/// `POST /newsletter/confirm/{token}`: confirms (pressing twice changes nothing).
pub async fn confirm(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    if !token_looks_valid(&token) {
        return dead_link(&ctx);
    }
    let mut conn = pool.get().await?;
    let Some((reader_id, newly)) = model::confirm(&mut conn, &token, Utc::now()).await? else {
        return dead_link(&ctx);
    };
    if newly {
        let dedupe = format!("welcome:{reader_id}:{}", Utc::now().timestamp());
        jobs::enqueue(
            &mut conn,
            emails::WELCOME_JOB,
            emails::welcome_payload(reader_id),
            Some(&dedupe),
        )
        .await?;
        tracing::info!(reader_id, "newsletter subscription confirmed");
    }
    let t = ctx.t();
    message(
        &ctx,
        StatusCode::OK,
        t.newsletter_confirmed_title,
        t.newsletter_confirmed_text,
        None,
    )
}
