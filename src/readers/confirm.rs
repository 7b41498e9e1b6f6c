//! `GET|POST /newsletter/confirm/{token}`: GET only shows a button (mail scanners open links),
//! POST confirms the address, activates what the reader asked for (newsletter subscription,
//! thread follows), says what it activated, queues the newsletter's welcome, and remembers the
//! browser that pressed it as the reader's (see [`crate::readers::proof`]). A link works
//! once: pressed again it only says the address is confirmed, so that nothing the reader
//! turned off since comes back on.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use diesel_async::AsyncPgConnection;

use crate::db::DbPool;
use crate::error::AppResult;
use crate::readers::awaiting::Awaiting;
use crate::readers::emails;
use crate::readers::message::{dead_link, message};
use crate::readers::model;
use crate::readers::model::Activated;
use crate::readers::proof;
use crate::web::layout::{Layout, PageContext};
use crate::web::reader_cookie::ReaderKey;
use crate::web::render::render;

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
    let Some(reader_id) = model::reader_of_confirmation(&mut conn, &token, Utc::now()).await?
    else {
        return used_or_dead(&mut conn, &ctx, &token).await;
    };
    let awaiting = Awaiting::of(&mut conn, reader_id).await?;
    let t = ctx.t();
    let button = (
        format!("/newsletter/confirm/{}", token.as_str()),
        t.newsletter_confirm_button,
    );
    message(
        &ctx,
        StatusCode::OK,
        awaiting.title(t),
        t.newsletter_confirm_text,
        Some(button),
    )
}

/// The page after a confirmation: what it activated.
#[derive(Template)]
#[template(path = "readers/confirmed.html")]
pub struct ConfirmedPage {
    layout: Layout,
    heading: &'static str,
    activated: Activated,
}

/// `POST /newsletter/confirm/{token}`: confirms the address, activates what the reader asked
/// for (pressing twice changes nothing) and remembers this browser as the reader's.
pub async fn confirm(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<ReaderKey>,
    ctx: PageContext,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    if !token_looks_valid(&token) {
        return dead_link(&ctx);
    }
    let (browser, now) = (key.reader(&req)?, Utc::now());
    let mut conn = pool.get().await?;
    let Some((reader_id, activated)) = model::confirm(&mut conn, &token, now).await? else {
        return used_or_dead(&mut conn, &ctx, &token).await;
    };
    proof::prove(&mut conn, &browser.id, reader_id, now).await?;
    if activated.newsletter {
        emails::queue_welcome(&mut conn, reader_id, now).await?;
        tracing::info!(reader_id, "newsletter subscription confirmed");
    }
    if !activated.follows.is_empty() {
        tracing::info!(
            reader_id,
            follows = activated.follows.len(),
            "follows confirmed"
        );
    }
    let mut response = confirmed_page(&ctx, activated)?;
    if browser.is_new {
        response
            .add_cookie(&key.cookie(&browser, ctx.settings.is_https()))
            .map_err(anyhow::Error::from)?;
    }
    Ok(response)
}

/// A used link answers that the address is confirmed, and activates nothing again; an
/// unknown or expired one is a dead link.
async fn used_or_dead(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    token: &str,
) -> AppResult<HttpResponse> {
    if model::confirmation_used(conn, token, Utc::now()).await? {
        confirmed_page(ctx, Activated::default())
    } else {
        dead_link(ctx)
    }
}

fn confirmed_page(ctx: &PageContext, activated: Activated) -> AppResult<HttpResponse> {
    let t = ctx.t();
    let heading = if activated.newsletter {
        t.newsletter_confirmed_title
    } else {
        t.reader_confirmed_title
    };
    render(
        StatusCode::OK,
        &ConfirmedPage {
            layout: ctx.layout(heading),
            heading,
            activated,
        },
    )
}
