//! What search engines read beside the pages: the sitemap and robots.txt.

pub mod model;
pub mod sitemap;

use actix_web::web;

/// Registers `GET /sitemap.xml` and `GET /robots.txt`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/sitemap.xml", web::get().to(sitemap::show_sitemap))
        .route("/robots.txt", web::get().to(sitemap::show_robots));
}
