//! The newsletter, reader side: signup with double opt-in, confirmation, one-click
//! unsubscribe and the preferences page, all on the verified reader identity.

pub mod admin_welcome;
pub mod confirm;
pub mod emails;
pub mod identity;
pub mod links;
pub mod manage;
pub mod message;
pub mod model;
pub mod proof;
pub mod signup;
pub mod subscribe;
pub mod welcome_text;

use actix_web::web;

/// Registers the `/newsletter` routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/newsletter", web::get().to(signup::show_signup))
        .route("/newsletter", web::post().to(signup::sign_up))
        .route(
            "/newsletter/confirm/{token}",
            web::get().to(confirm::show_confirm),
        )
        .route(
            "/newsletter/confirm/{token}",
            web::post().to(confirm::confirm),
        )
        .route(
            "/newsletter/unsubscribe/{token}",
            web::get().to(manage::show_unsubscribe),
        )
        .route(
            "/newsletter/unsubscribe/{token}",
            web::post().to(manage::unsubscribe),
        )
        .route(
            "/newsletter/preferences/{token}",
            web::get().to(manage::show_preferences),
        )
        .route(
            "/newsletter/preferences/{token}",
            web::post().to(manage::update_preferences),
        );
}
