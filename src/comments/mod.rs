//! Comments: guest comments and threaded replies under each article, inline comments on a
//! passage, votes, the moderation policy and anti-spam guards, the author's moderation inbox,
//! and the emails that tell readers and the author about them.

pub mod inline;
pub mod model;
pub mod moderation;
pub mod notifications;
pub mod status;
pub mod thread;
pub mod votes;
pub mod write;

use actix_web::web;

/// Registers the comment routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/articles/{slug}/comments",
        web::post().to(write::post::post_comment),
    )
    .route(
        "/comments/{id}/vote",
        web::post().to(votes::vote::vote_comment),
    )
    .route(
        "/articles/{slug}/comments/count",
        web::get().to(thread::count::comment_count),
    )
    .route(
        "/comments/{id}",
        web::get().to(thread::permalink::show_comment),
    )
    .route("/comments/{id}/edit", web::post().to(write::own::edit_own))
    .route(
        "/comments/{id}/delete",
        web::post().to(write::own::delete_own),
    )
    .configure(moderation::routes);
}
