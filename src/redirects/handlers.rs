//! The two ways an old address reaches its redirect: the fallback service (no route matched)
//! and a middleware on the home page for WordPress's `/?p=ID`-style queries.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::redirects::model::{key_of, query_key, target_of};

fn moved(to: String) -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, to))
        .finish()
}

/// The fallback service: 301 to the new page of a known old address, 404 otherwise.
pub async fn redirect_old_address(
    req: HttpRequest,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return Err(AppError::NotFound);
    }
    let mut conn = pool.get().await?;
    // `/2025/06/x/?replytocom=101` leads to the comment, not just to its article.
    if let Some(key) = query_key(req.query_string())
        && let Some(target) = target_of(&mut conn, &key).await?
    {
        return Ok(moved(target));
    }
    let target = target_of(&mut conn, &key_of(req.path())).await?;
    target.map(moved).ok_or(AppError::NotFound)
}

/// Middleware: `/?p=12` and its kind answer 301 when the import knows them; every other
/// request goes on untouched.
pub async fn redirect_old_query(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let key = (req.path() == "/" && matches!(*req.method(), Method::GET | Method::HEAD))
        .then(|| query_key(req.query_string()))
        .flatten();
    if let Some(key) = key
        && let Some(pool) = req.app_data::<web::Data<DbPool>>()
    {
        let mut conn = pool.get().await.map_err(AppError::from)?;
        if let Some(target) = target_of(&mut conn, &key).await.map_err(AppError::from)? {
            return Ok(req.into_response(moved(target)).map_into_right_body());
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}
