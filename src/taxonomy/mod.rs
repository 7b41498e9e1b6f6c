//! The editorial series and the themes ("Sillages") that group articles, and their pages.

pub mod admin;
pub mod model;
pub mod pages;

use actix_web::web;

/// Registers the series and theme pages and the author's series pages.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/series/{slug}", web::get().to(pages::show_series))
        .route("/themes/{slug}", web::get().to(pages::show_theme))
        .route("/admin/series", web::get().to(admin::list_series))
        .route("/admin/series/new", web::get().to(admin::list_series))
        .route("/admin/series/new", web::post().to(admin::create_series))
        .route("/admin/series/{id}/edit", web::get().to(admin::edit_series))
        .route(
            "/admin/series/{id}/edit",
            web::post().to(admin::update_series),
        );
}
