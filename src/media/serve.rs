//! `GET /media/{id}`: a library image at its stable address. Its file may be replaced, so
//! the answer is revalidated (the ETag is the file's hash) rather than cached for a year as
//! the content-hashed URLs are.

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::media::model::MediaFile;

/// Serves the current file of one library image.
pub async fn serve_media(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut conn = pool.get().await?;
    let file = MediaFile::head(&mut conn, id).await?;
    let etag = format!("\"{}\"", file.sha256);
    let cache = CacheControl(vec![CacheDirective::Public, CacheDirective::NoCache]);
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    if matches {
        return Ok(HttpResponse::NotModified()
            .insert_header(cache)
            .insert_header((header::ETAG, etag))
            .finish());
    }
    let data = MediaFile::data(&mut conn, id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, file.content_type))
        .insert_header(cache)
        .insert_header((header::ETAG, etag))
        .body(data))
}
