//! Atom feeds: the whole site's, and one per series and per theme, with the articles' full
//! content and absolute links.

pub mod atom;
pub mod model;
pub mod pages;

use actix_web::web;

/// Registers `GET /feed.xml`, `GET /series/{slug}/feed.xml` and `GET /themes/{slug}/feed.xml`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/feed.xml", web::get().to(pages::show_site_feed))
        .route(
            "/series/{slug}/feed.xml",
            web::get().to(pages::show_series_feed),
        )
        .route(
            "/themes/{slug}/feed.xml",
            web::get().to(pages::show_theme_feed),
        );
}
