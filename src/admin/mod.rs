//! The admin dashboard, each article's stats and the background work page.

pub mod article_stats;
pub mod audience_view;
pub mod dashboard;
pub mod jobs;
pub mod rating_trend_view;
pub mod stats_csv;

use actix_web::web;

/// Registers `GET /admin`, the article stats and the background work routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin", web::get().to(dashboard::show_dashboard))
        .route("/admin/", web::get().to(dashboard::show_dashboard))
        .route(
            "/admin/articles/{id}/stats",
            web::get().to(article_stats::show_article_stats),
        )
        .route(
            "/admin/articles/{id}/stats.csv",
            web::get().to(stats_csv::export_article_stats),
        )
        .route("/admin/jobs", web::get().to(jobs::show_jobs))
        .route("/admin/jobs/{id}/retry", web::post().to(jobs::retry_job));
}
