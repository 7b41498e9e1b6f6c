//! The WordPress import from the admin panel (`/admin/import`): the files uploaded (streamed to
//! disk, checked, kept in the database as large objects), a dry run then the real import run
//! as background jobs with the CLI's code, their progress and report kept in `import_runs` so
//! that a restart or another node shows the same page.

pub mod actions;
pub mod checks;
pub mod files;
pub mod job;
pub mod lifecycle;
pub mod page;
pub mod run;
pub mod saved;
pub mod scratch;
pub mod unzip;
pub mod upload;

use actix_web::web;

/// Registers `GET|POST /admin/import` and `POST /admin/import/{id}/run`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(actions::PATH, web::get().to(page::show_import))
        .route(actions::PATH, web::post().to(actions::start_import))
        .route(
            "/admin/import/{id}/run",
            web::post().to(actions::run_import),
        );
}
