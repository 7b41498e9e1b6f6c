//! `GET /n/{token}`: a newsletter link followed. A token signed here for a recorded link counts
//! one click and answers 302 to the link; anything else is "not found", so the route can never
//! send a reader to an address of someone else's choosing.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::mail::link_key::LinkKey;
use crate::newsletter::clicks::{store, verify};

/// `GET /n/{token}`.
pub async fn follow_link(
    pool: web::Data<DbPool>,
    key: web::Data<LinkKey>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (newsletter_id, position) = verify(&key, &token).ok_or(AppError::NotFound)?;
    let mut conn = pool.get().await?;
    let url = store::count_click(&mut conn, newsletter_id, position)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, url))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}
