//! `GET /health`, for load balancers and monitors: 200 when the database answers and this
//! node's worker (when it runs one) went round its loop lately, 503 otherwise. The body says
//! which, and how long ago the worker last looked.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use crate::db::{self, DbPool};
use crate::worker::heartbeat::Heartbeat;

/// Answers `ok`, `database unreachable` or `worker stalled`, then the worker's last loop.
pub async fn health(
    pool: web::Data<DbPool>,
    heartbeat: Option<web::Data<Heartbeat>>,
) -> HttpResponse {
    let now = Utc::now();
    let worker = match &heartbeat {
        Some(heartbeat) => format!("worker: last loop {} s ago", heartbeat.age(now).as_secs()),
        None => "worker: none in this process".to_owned(),
    };
    let (mut response, status) = if !db::is_reachable(&pool).await {
        (HttpResponse::ServiceUnavailable(), "database unreachable")
    } else if heartbeat.as_ref().is_some_and(|h| h.is_stale(now)) {
        (HttpResponse::ServiceUnavailable(), "worker stalled")
    } else {
        (HttpResponse::Ok(), "ok")
    };
    response
        .content_type("text/plain; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(format!("{status}\n{worker}\n"))
}
