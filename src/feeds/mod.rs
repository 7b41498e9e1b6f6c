//! Atom feeds: the whole site's, and one per series and per theme, with the articles' full
//! content and absolute links, and one per article for its approved comments.

pub mod atom;
pub mod comment_page;
pub mod comments;
pub mod model;
pub mod pages;

use actix_web::web;

/// Registers `GET /feed.xml`, `GET /series/{slug}/feed.xml`, `GET /themes/{slug}/feed.xml`
/// and `GET /articles/{slug}/comments.xml`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/feed.xml", web::get().to(pages::show_site_feed))
        .route(
            "/series/{slug}/feed.xml",
            web::get().to(pages::show_series_feed),
        )
        .route(
            "/themes/{slug}/feed.xml",
            web::get().to(pages::show_theme_feed),
        )
        .route(
            "/articles/{slug}/comments.xml",
            web::get().to(comment_page::show_comment_feed),
        );
}
