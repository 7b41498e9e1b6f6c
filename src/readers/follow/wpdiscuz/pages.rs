//! `GET /wpdiscuzsubscription/unsubscribe/?wpdiscuzSubscribeID=…&key=…` answers a 303 to this
//! site's own unfollow page for the follow made from that subscription, whose button stops it:
//! the GET changes nothing, as for every link that arrives by email (mail scanners open them).
//! `GET /wpdiscuzsubscription/confirm/?…` activates nothing: the import keeps nothing of an
//! unconfirmed subscription (not even its address), so the reader subscribes and confirms here.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::comments::notifications::reader_mail::FOLLOW_SCOPE;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::mail::link_key::LinkKey;
use crate::readers::follow::wpdiscuz::link::OldLink;
use crate::readers::follow::wpdiscuz::store::WpdiscuzLink;
use crate::readers::message::message;
use crate::web::layout::PageContext;
use crate::web::render::see_other;

/// `GET /wpdiscuzsubscription/unsubscribe/`: to the follow's own unfollow page, or a page that
/// says the link is not valid (400 when malformed, 404 when unknown or its key is wrong).
pub async fn unsubscribe_old_link(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<LinkKey>,
    ctx: PageContext,
) -> AppResult<HttpResponse> {
    let Some(link) = OldLink::parse(req.query_string(), "wpdiscuzSubscribeID", "key") else {
        return dead_old_link(&ctx, StatusCode::BAD_REQUEST);
    };
    let mut conn = pool.get().await?;
    let Some(follow) = WpdiscuzLink::follow_of(&mut conn, &link).await? else {
        return dead_old_link(&ctx, StatusCode::NOT_FOUND);
    };
    let token = key.scoped_token(FOLLOW_SCOPE, follow.id, &follow.link_salt);
    Ok(see_other(&format!("/follows/unsubscribe/{token}")))
}

/// `GET /wpdiscuzsubscription/confirm/`: a 404 page saying that nothing was activated and how
/// to subscribe and confirm here, whatever the parameters.
pub async fn confirm_old_link(ctx: PageContext) -> AppResult<HttpResponse> {
    let t = &ctx.t().old_links;
    message(
        &ctx,
        StatusCode::NOT_FOUND,
        t.confirm_title,
        t.confirm_text,
        None,
    )
}

fn dead_old_link(ctx: &PageContext, status: StatusCode) -> AppResult<HttpResponse> {
    let t = &ctx.t().old_links;
    message(
        ctx,
        status,
        t.unsubscribe_dead_title,
        t.unsubscribe_dead_text,
        None,
    )
}
