//! The editorial series and the themes ("Sillages") that group articles, and their pages.

pub mod model;
pub mod pages;

use actix_web::web;

/// Registers `GET /series/{slug}` and `GET /themes/{slug}`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/series/{slug}", web::get().to(pages::show_series))
        .route("/themes/{slug}", web::get().to(pages::show_theme));
}
