//! The admin dashboard.

pub mod dashboard;

use actix_web::web;

/// Registers `GET /admin`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin", web::get().to(dashboard::show_dashboard))
        .route("/admin/", web::get().to(dashboard::show_dashboard));
}
