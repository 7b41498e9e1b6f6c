//! The admin dashboard and the background work page.

pub mod dashboard;
pub mod jobs;

use actix_web::web;

/// Registers `GET /admin` and the background work routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin", web::get().to(dashboard::show_dashboard))
        .route("/admin/", web::get().to(dashboard::show_dashboard))
        .route("/admin/jobs", web::get().to(jobs::show_jobs))
        .route("/admin/jobs/{id}/retry", web::post().to(jobs::retry_job));
}
