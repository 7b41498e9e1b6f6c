//! Images (hero images, figures): uploaded once, checked, stored in Postgres under their
//! SHA-256 and served from a content-hashed URL with long cache lifetimes.

pub mod model;
pub mod serve;
pub mod upload;

use actix_web::web;

/// Registers `GET /images/{file}`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/images/{file}", web::get().to(serve::serve_image));
}
