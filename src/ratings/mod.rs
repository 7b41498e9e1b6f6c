//! Article ratings: five stars, one vote per reader (a signed cookie), honest numbers.

pub mod handlers;
pub mod model;
pub mod views;

use actix_web::web;

/// Registers `POST /articles/{slug}/rating`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/articles/{slug}/rating",
        web::post().to(handlers::rate_article),
    );
}
