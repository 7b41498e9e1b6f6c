//! The author's moderation: the inbox and its tabs, one comment approved, marked as spam,
//! trashed, restored (each with its undo), edited or answered, many at once, and the block list.

pub mod blocks;
pub mod bulk;
pub mod decide;
pub mod edit;
pub mod inbox;
pub mod queries;

use actix_web::web;

/// Registers the `/admin/comments` routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/comments", web::get().to(inbox::page::show_inbox))
        .route(
            "/admin/comments/bulk",
            web::post().to(bulk::page::bulk_moderate),
        )
        .route(
            "/admin/comments/blocks",
            web::get().to(blocks::page::show_blocks),
        )
        .route(
            "/admin/comments/blocks",
            web::post().to(blocks::page::add_block),
        )
        .route(
            "/admin/comments/blocks/{id}/delete",
            web::post().to(blocks::page::delete_block),
        )
        .route(
            "/admin/comments/{id}/block",
            web::post().to(blocks::page::block_sender),
        )
        .route("/admin/comments/{id}/edit", web::get().to(edit::show_edit))
        .route(
            "/admin/comments/{id}/edit",
            web::post().to(edit::edit_comment),
        )
        .route("/admin/comments/{id}/reply", web::post().to(decide::reply))
        .route("/admin/comments/{id}/undo", web::post().to(decide::undo))
        .route(
            "/admin/comments/{id}/{action}",
            web::post().to(decide::moderate),
        );
}
