//! What search engines and link previews read: the sitemap, robots.txt, and the metadata of
//! pages (OpenGraph, Twitter cards, JSON-LD).

pub mod article;
pub mod meta;
pub mod model;
pub mod sitemap;

use actix_web::web;

/// Registers `GET /sitemap.xml` and `GET /robots.txt`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/sitemap.xml", web::get().to(sitemap::show_sitemap))
        .route("/robots.txt", web::get().to(sitemap::show_robots));
}
