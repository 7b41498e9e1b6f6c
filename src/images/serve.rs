//! `GET /images/{sha256}.{ext}`: immutable content, so a year of caching and an ETag.

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::images::model;

/// Serves one stored image.
pub async fn serve_image(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    file: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (hash, _ext) = file.split_once('.').ok_or(AppError::NotFound)?;
    let well_formed = hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !well_formed {
        return Err(AppError::NotFound);
    }
    let etag = format!("\"{hash}\"");
    let cache = CacheControl(vec![
        CacheDirective::Public,
        CacheDirective::MaxAge(31_536_000),
        CacheDirective::Extension("immutable".into(), None),
    ]);
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    // The URL is the content's hash: a client holding that ETag holds these very bytes, so the
    // revalidation is answered without reading the image from the database.
    if matches {
        return Ok(HttpResponse::NotModified()
            .insert_header(cache)
            .insert_header((header::ETAG, etag))
            .finish());
    }
    let mut conn = pool.get().await?;
    let image = model::by_hash(&mut conn, hash).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, image.content_type))
        .insert_header(cache)
        .insert_header((header::ETAG, etag))
        .body(image.data))
}
