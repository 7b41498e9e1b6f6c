//! Images in article bodies and the media library: the editor's body image upload (a JSON
//! endpoint for its script, the article form's own file field without JavaScript), stable
//! addresses for library images, and `/admin/media` to reuse, correct, replace or delete them.

pub mod editor;
pub mod model;
pub mod serve;
pub mod upload;
pub mod words;

use actix_web::web;

/// Registers `GET /media/{id}` and the media library's admin routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/media/{id}", web::get().to(serve::serve_media))
        .route("/admin/media", web::post().to(upload::upload_media));
}
