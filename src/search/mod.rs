//! Search: `GET /search?q=`, PostgreSQL full-text search in French over the titles, summaries
//! and bodies of the published articles, ranked, with the matches highlighted.

pub mod excerpt;
pub mod model;
pub mod page;
pub mod terms;

use actix_web::web;

/// Registers `GET /search`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/search", web::get().to(page::search_articles));
}
