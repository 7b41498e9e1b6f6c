//! Images in article bodies and the media library: the editor's body image upload (a JSON
//! endpoint for its script, the article form's own file field without JavaScript), stable
//! addresses for library images, and `/admin/media` to reuse, correct, replace or delete them.

pub mod actions;
pub mod editor;
pub mod library;
pub mod model;
pub mod serve;
pub mod upload;
pub mod words;

use actix_web::web;

/// Registers `GET /media/{id}` and the media library's admin routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/media/{id}", web::get().to(serve::serve_media))
        .route("/admin/media", web::get().to(library::show_library))
        .route("/admin/media", web::post().to(upload::upload_media))
        .route(
            "/admin/media/{id}/edit",
            web::post().to(actions::edit_words),
        )
        .route(
            "/admin/media/{id}/replace",
            web::post().to(actions::replace_file),
        )
        .route(
            "/admin/media/{id}/delete",
            web::post().to(actions::delete_media),
        );
}
