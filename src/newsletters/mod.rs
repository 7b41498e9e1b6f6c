//! The newsletter, author side: composing, sending now or on schedule, pausing, resuming,
//! cancelling, the automatic sends, and the delivery engine behind it (the ledger and the
//! worker's batches).

pub mod admin;
pub mod automatic;
pub mod compose;
pub mod control;
pub mod delivery;
pub mod form;
pub mod from_article;
pub mod ledger;
pub mod model;
pub mod outcome;
pub mod send;
pub mod test_send;

use actix_web::web;

/// Registers the `/admin/newsletters` routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/newsletters", web::get().to(admin::list_newsletters))
        .route(
            "/admin/newsletters/new",
            web::get().to(compose::new_newsletter),
        )
        .route(
            "/admin/newsletters/new",
            web::post().to(compose::create_newsletter),
        )
        .route(
            "/admin/newsletters/automatic",
            web::get().to(automatic::page::edit_automatic),
        )
        .route(
            "/admin/newsletters/automatic",
            web::post().to(automatic::page::save_automatic),
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
        )
        .route(
            "/admin/newsletters/{id}/test",
            web::post().to(test_send::send_test),
        );
}
