//! Images (hero images, figures): uploaded once, checked, stored in Postgres under their
//! SHA-256 with smaller and lighter variants, and served from content-hashed URLs with long
//! cache lifetimes.

pub mod figures;
pub mod model;
pub mod resize;
pub mod serve;
pub mod upload;
pub mod variants;

use actix_web::web;

/// Registers `GET /images/{file}` (originals and variants alike).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/images/{file}", web::get().to(serve::serve_image));
}
