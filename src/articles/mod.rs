//! Articles: Markdown bodies, public pages, the author's editor and scheduled publication.

pub mod admin;
pub mod around_statement;
pub mod check;
pub mod draft;
pub mod editor;
pub mod figure;
pub mod form;
pub mod listing;
pub mod markdown;
pub mod model;
pub mod neighbours;
pub mod outline;
pub mod passages;
pub mod public;
pub mod published;
pub mod published_event;
pub mod schedule;
pub mod similar;
pub mod spacing;
pub mod stored_body;
pub mod surroundings;
pub mod views;

use actix_web::web;

/// Registers the public and admin article routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(public::show_home))
        .route("/articles/{slug}", web::get().to(public::show_article))
        .route("/admin/articles", web::get().to(listing::list_articles))
        .route("/admin/articles/new", web::get().to(editor::new_article))
        .route(
            "/admin/articles/new",
            web::post().to(editor::create_article),
        )
        .route(
            "/admin/articles/{id}/edit",
            web::get().to(editor::edit_article),
        )
        .route(
            "/admin/articles/{id}/edit",
            web::post().to(editor::update_article),
        )
        .route(
            "/admin/articles/{id}/delete",
            web::get().to(admin::confirm_delete),
        )
        .route(
            "/admin/articles/{id}/delete",
            web::post().to(admin::delete_article),
        )
        .route("/admin/preview", web::post().to(admin::preview));
}
