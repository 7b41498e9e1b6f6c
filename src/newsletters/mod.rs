//! The newsletter, author side: composing, sending now or on schedule, pausing, resuming,
//! cancelling, and the delivery engine behind it (the ledger and the worker's batches).

pub mod admin;
pub mod control;
pub mod delivery;
pub mod form;
pub mod ledger;
pub mod model;
pub mod outcome;
pub mod send;

use actix_web::web;

/// Registers the `/admin/newsletters` routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/newsletters", web::get().to(admin::list_newsletters))
        .route(
            "/admin/newsletters/new",
            web::get().to(admin::new_newsletter),
        )
        .route(
            "/admin/newsletters/new",
            web::post().to(admin::create_newsletter),
        )
        .route(
            "/admin/newsletters/{id}",
            web::get().to(admin::show_newsletter),
        )
        .route(
            "/admin/newsletters/{id}/send",
            web::post().to(send::send_newsletter),
        )
        .route(
            "/admin/newsletters/{id}/pause",
            web::post().to(send::pause_send),
        )
        .route(
            "/admin/newsletters/{id}/resume",
            web::post().to(send::resume_send),
        )
        .route(
            "/admin/newsletters/{id}/cancel",
            web::post().to(send::cancel_send),
        );
}
