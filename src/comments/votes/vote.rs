//! `POST /comments/{id}/vote` (`value` = `1|-1`): one vote per reader, changeable. Answered by
//! a redirect back to the comment, or JSON for a script.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use crate::comments::model::Comment;
use crate::comments::thread::permalink;
use crate::comments::votes::store::{self, VoteValue};
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::page_cache::wrote_article;
use crate::web::client_addr::ClientAddr;
use crate::web::layout::PageContext;
use crate::web::reader_cookie::ReaderKey;
use crate::web::render::see_other;

/// The vote form.
#[derive(Debug, Deserialize)]
pub struct VoteForm {
    #[serde(default)]
    value: String,
}

/// Records the vote.
pub async fn vote_comment(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<ReaderKey>,
    ctx: PageContext,
    client: ClientAddr,
    id: web::Path<i64>,
    form: web::Form<VoteForm>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let slug = Comment::approved_article_slug(&mut conn, *id)
        .await?
        .ok_or(AppError::NotFound)?;
    let json = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let t = ctx.t();
    let Some(value) = VoteValue::parse(&form.value) else {
        return Ok(HttpResponse::build(StatusCode::UNPROCESSABLE_ENTITY)
            .json(json!({ "error": t.error_vote_value })));
    };
    let reader = key.reader(&req)?;
    let limit = ctx.settings.security.rating_new_votes_per_network_per_day;
    if !store::vote(&mut conn, *id, &reader.id, &client.network(), value, limit).await? {
        return Ok(HttpResponse::build(StatusCode::TOO_MANY_REQUESTS)
            .json(json!({ "error": t.error_rating_limit })));
    }
    let mut response = if json {
        let (article_id, _) = Comment::place(&mut conn, *id).await?;
        let (scores, _) = store::of_article(&mut conn, article_id, None).await?;
        HttpResponse::Ok().json(json!({ "score": scores.get(&*id).copied().unwrap_or(0) }))
    } else {
        let per_page = ctx.settings.comments.threads_per_page;
        let to = permalink::after_action(&mut conn, *id, Some(&reader.id), per_page, &slug).await?;
        see_other(&to)
    };
    wrote_article(&mut response, &slug);
    if reader.is_new {
        response
            .add_cookie(&key.cookie(&reader, ctx.settings.is_https()))
            .map_err(anyhow::Error::from)?;
    }
    Ok(response)
}
