//! `GET /health`: 200 when the database answers, 503 otherwise (for load balancers).

use actix_web::{HttpResponse, web};

use crate::db::{self, DbPool};

/// Answers `ok` or `database unreachable`.
pub async fn health(pool: web::Data<DbPool>) -> HttpResponse {
    if db::is_reachable(&pool).await {
        HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ok")
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body("database unreachable")
    }
}
