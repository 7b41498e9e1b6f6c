//! The verified reader identity every reader feature shares: a reader's address proven by a
//! confirmation email or by the browser that confirmed it, the preferences page and one-click unsubscribe, their transactional emails, and following the
//! comments of an article.

pub mod awaiting;
pub mod confirm;
pub mod emails;
pub mod follow;
pub mod identity;
pub mod message;
pub mod model;
pub mod preferences;
pub mod proof;

use actix_web::web;

/// Registers the reader routes: confirmation, preferences, unsubscribe, thread follows and
/// wpDiscuz's old mail links.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/newsletter/confirm/{token}",
        web::get().to(confirm::show_confirm),
    )
    .route(
        "/newsletter/confirm/{token}",
        web::post().to(confirm::confirm),
    )
    .route(
        "/newsletter/unsubscribe/{token}",
        web::get().to(preferences::show_unsubscribe),
    )
    .route(
        "/newsletter/unsubscribe/{token}",
        web::post().to(preferences::unsubscribe),
    )
    .route(
        "/newsletter/preferences/{token}",
        web::get().to(preferences::show_preferences),
    )
    .route(
        "/newsletter/preferences/{token}",
        web::post().to(preferences::update_preferences),
    )
    .route(
        "/articles/{slug}/follow",
        web::post().to(follow::ask::follow_comments),
    )
    .route(
        "/follows/unsubscribe/{token}",
        web::get().to(follow::unfollow::show_unfollow),
    )
    .route(
        "/follows/unsubscribe/{token}",
        web::post().to(follow::unfollow::unfollow),
    )
    .route(
        "/wpdiscuzsubscription/unsubscribe/",
        web::get().to(follow::wpdiscuz::pages::unsubscribe_old_link),
    )
    .route(
        "/wpdiscuzsubscription/confirm/",
        web::get().to(follow::wpdiscuz::pages::confirm_old_link),
    )
    .route(
        "/wpdiscuzsubscription/follow/",
        web::get().to(follow::wpdiscuz::retired::follow_old_link),
    )
    .route(
        "/wpdiscuzsubscription/bulkmanagement/",
        web::get().to(follow::wpdiscuz::retired::manage_old_link),
    )
    .route(
        "/wpdiscuzsubscription/deletecomments/",
        web::get().to(follow::wpdiscuz::retired::delete_comments_old_link),
    );
}
