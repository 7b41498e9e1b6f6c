//! `GET|POST /follows/unsubscribe/{token}`: stop following one thread. GET only shows a button
//! (mail scanners open links); POST stops at once and is also RFC 8058's cookieless one-click.
//! The token is signed with the reader's link key and salt, scoped to the follow.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;

use crate::comments::notifications::reader_mail::FOLLOW_SCOPE;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::mail::link_key::LinkKey;
use crate::readers::follow::store::{Follow, FollowLink};
use crate::readers::message::{dead_link, message};
use crate::web::layout::PageContext;

/// The follow a token opens, if its signature holds.
async fn follow_of(pool: &DbPool, key: &LinkKey, token: &str) -> AppResult<Option<FollowLink>> {
    let Some(id) = LinkKey::claimed_reader(token).filter(|_| token.len() <= 100) else {
        return Ok(None);
    };
    let mut conn = pool.get().await?;
    Ok(Follow::link(&mut conn, id)
        .await?
        .filter(|follow| key.verify_scoped(FOLLOW_SCOPE, token, &follow.link_salt)))
}

/// `GET /follows/unsubscribe/{token}`: one button.
pub async fn show_unfollow(
    pool: web::Data<DbPool>,
    key: web::Data<LinkKey>,
    ctx: PageContext,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    if follow_of(&pool, &key, &token).await?.is_none() {
        return dead_link(&ctx);
    }
    let t = ctx.t();
    let button = Some((
        format!("/follows/unsubscribe/{}", token.as_str()),
        t.unfollow_button,
    ));
    message(
        &ctx,
        StatusCode::OK,
        t.unfollow_title,
        t.unfollow_text,
        button,
    )
}

/// `POST /follows/unsubscribe/{token}`: stops the follow at once, no cookie or token needed.
pub async fn unfollow(
    pool: web::Data<DbPool>,
    key: web::Data<LinkKey>,
    ctx: PageContext,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let Some(follow) = follow_of(&pool, &key, &token).await? else {
        return dead_link(&ctx);
    };
    let mut conn = pool.get().await?;
    if Follow::stop(&mut conn, follow.id, Utc::now()).await? {
        tracing::info!(follow_id = follow.id, "thread unfollowed");
    }
    let t = ctx.t();
    message(
        &ctx,
        StatusCode::OK,
        t.unfollowed_title,
        t.unfollowed_text,
        None,
    )
}
