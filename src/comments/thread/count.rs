//! `GET /articles/{slug}/comments/count`: the live count the bubble polls, as JSON. Cheap (one
//! indexed count) and never cached, so a new approved comment shows while the page is open.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::articles::published::PublishedArticle;
use crate::comments::model::Comment;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::web::layout::PageContext;

/// Answers `{"count": n, "label": "n Commentaires"}`.
pub async fn comment_count(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    PublishedArticle { article, .. }: PublishedArticle,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let count = Comment::approved_count(&mut conn, article.id).await?;
    let label = ctx.t().comment_count(usize::try_from(count).unwrap_or(0));
    Ok(HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(json!({ "count": count, "label": label })))
}
