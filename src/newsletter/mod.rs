//! The newsletter: the reader's signup with double opt-in, the author's welcome email, composing,
//! sending now or on schedule (with pause, resume and cancel), the delivery engine behind it (the
//! ledger and the worker's batches) and the automatic sends.

pub mod automatic;
pub mod clicks;
pub mod compose;
pub mod model;
pub mod pages;
pub mod sending;
pub mod signup;
pub mod welcome;

use actix_web::web;

/// Registers the `/newsletter` signup and the `/admin/newsletters` routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/newsletter", web::get().to(signup::page::show_signup))
        .route("/n/{token}", web::get().to(clicks::redirect::follow_link))
        .route("/newsletter", web::post().to(signup::page::sign_up))
        .route("/admin/newsletters", web::get().to(pages::list_newsletters))
        .route(
            "/admin/newsletters/new",
            web::get().to(compose::page::new_newsletter),
        )
        .route(
            "/admin/newsletters/new",
            web::post().to(compose::page::create_newsletter),
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
            web::get().to(pages::show_newsletter),
        )
        .route(
            "/admin/newsletters/{id}/progress",
            web::get().to(sending::live::show_progress),
        )
        .route(
            "/admin/newsletters/{id}/send",
            web::post().to(sending::actions::send_newsletter),
        )
        .route(
            "/admin/newsletters/{id}/pause",
            web::post().to(sending::actions::pause_send),
        )
        .route(
            "/admin/newsletters/{id}/resume",
            web::post().to(sending::actions::resume_send),
        )
        .route(
            "/admin/newsletters/{id}/cancel",
            web::post().to(sending::actions::cancel_send),
        )
        .route(
            "/admin/newsletters/{id}/test",
            web::post().to(compose::test_send::send_test),
        );
}
