//! Comments: guest comments and threaded replies under each article, the moderation policy
//! and anti-spam guards, and the author's moderation inbox.

pub mod admin;
pub mod admin_edit;
pub mod anchor;
pub mod block_model;
pub mod blocks;
pub mod bulk;
pub mod bulk_model;
pub mod by_author;
pub mod count;
pub mod cursor;
pub mod follow;
pub mod follow_model;
pub mod form;
pub mod inbox;
pub mod inbox_model;
pub mod inline;
pub mod listing;
pub mod model;
pub mod moderation_model;
pub mod notice;
pub mod notice_digest;
pub mod notify;
pub mod notify_mail;
pub mod own;
pub mod permalink;
pub mod policy;
pub mod post;
pub mod render;
pub mod section;
pub mod thread;
pub mod unfollow;
pub mod views;
pub mod vote_handler;
pub mod votes;

use actix_web::web;

/// Registers the comment routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/articles/{slug}/comments",
        web::post().to(post::post_comment),
    )
    .route(
        "/comments/{id}/vote",
        web::post().to(vote_handler::vote_comment),
    )
    .route(
        "/articles/{slug}/comments/count",
        web::get().to(count::comment_count),
    )
    .route(
        "/articles/{slug}/follow",
        web::post().to(follow::follow_comments),
    )
    .route(
        "/follows/unsubscribe/{token}",
        web::get().to(unfollow::show_unfollow),
    )
    .route(
        "/follows/unsubscribe/{token}",
        web::post().to(unfollow::unfollow),
    )
    .route("/comments/{id}", web::get().to(permalink::show_comment))
    .route("/comments/{id}/edit", web::post().to(own::edit_own))
    .route("/comments/{id}/delete", web::post().to(own::delete_own))
    .route("/admin/comments", web::get().to(inbox::show_inbox))
    .route("/admin/comments/bulk", web::post().to(bulk::bulk_moderate))
    .route("/admin/comments/blocks", web::get().to(blocks::show_blocks))
    .route("/admin/comments/blocks", web::post().to(blocks::add_block))
    .route(
        "/admin/comments/blocks/{id}/delete",
        web::post().to(blocks::delete_block),
    )
    .route(
        "/admin/comments/{id}/block",
        web::post().to(blocks::block_sender),
    )
    .route(
        "/admin/comments/{id}/edit",
        web::get().to(admin_edit::show_edit),
    )
    .route(
        "/admin/comments/{id}/edit",
        web::post().to(admin_edit::edit_comment),
    )
    .route("/admin/comments/{id}/reply", web::post().to(admin::reply))
    .route(
        "/admin/comments/{id}/{action}",
        web::post().to(admin::moderate),
    );
}
