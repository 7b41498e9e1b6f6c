//! The author's account: passwords (argon2id), server-side sessions in Postgres, CSRF tokens,
//! login throttling, the first-run setup page and the login, logout and password pages.

pub mod author;
pub mod author_form;
pub mod author_upload;
pub mod login;
pub mod password;
pub mod password_page;
pub mod session;
pub mod setup;
pub mod throttle;
pub mod token;

use actix_web::web;

/// Registers the authentication routes under `/admin`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/login", web::get().to(login::show_login))
        .route("/admin/login", web::post().to(login::log_in))
        .route("/admin/logout", web::post().to(login::log_out))
        .route("/admin/setup", web::get().to(setup::show_setup))
        .route("/admin/setup", web::post().to(setup::create_first_author))
        .route(
            "/admin/password",
            web::get().to(password_page::show_password),
        )
        .route(
            "/admin/password",
            web::post().to(password_page::change_password),
        );
}
