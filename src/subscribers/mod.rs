//! The author's subscriber admin: the list (search, filters, counts by status, growth chart),
//! adding one by hand, CSV export and import, erasure, and the welcome email's editor.

pub mod add;
pub mod admit;
pub mod csv_file;
pub mod delete;
pub mod export;
pub mod form;
pub mod growth;
pub mod import;
pub mod list;
pub mod model;
pub mod query;
pub mod upload;

use actix_web::web;

use crate::newsletter::welcome::page;

/// Registers the `/admin/subscribers` routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/subscribers", web::get().to(list::list_subscribers))
        .route(
            "/admin/subscribers/export.csv",
            web::get().to(export::export_subscribers),
        )
        .route("/admin/subscribers/new", web::get().to(add::new_subscriber))
        .route(
            "/admin/subscribers/new",
            web::post().to(add::create_subscriber),
        )
        .route(
            "/admin/subscribers/import",
            web::get().to(import::show_import),
        )
        .route(
            "/admin/subscribers/import",
            web::post().to(import::import_subscribers),
        )
        .route(
            "/admin/subscribers/welcome",
            web::get().to(page::edit_welcome),
        )
        .route(
            "/admin/subscribers/welcome",
            web::post().to(page::save_welcome),
        )
        .route(
            "/admin/subscribers/{id}/delete",
            web::get().to(delete::confirm_delete_subscriber),
        )
        .route(
            "/admin/subscribers/{id}/delete",
            web::post().to(delete::delete_subscriber),
        );
}
