//! Rendering an askama template into a response with the status the page calls for.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use askama::Template;

use crate::error::{AppError, AppResult};

/// Renders `template` as an HTML page answered with `status`.
pub fn render<T: Template>(status: StatusCode, template: &T) -> AppResult<HttpResponse> {
    let body = template.render()?;
    let mut response = HttpResponse::build(status);
    response.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    ));
    Ok(response.body(body))
}

/// Renders `template` as a 200 page.
pub fn page<T: Template>(template: &T) -> AppResult<HttpResponse> {
    render(StatusCode::OK, template)
}

/// A 303 "see other" to `location`: the answer to a successful form (POST, redirect, GET).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}
/// A CSV file to download as `filename` (a bare name, quoted here), never kept by a shared
/// cache; `written` is the CSV writer's result.
pub fn csv_download(
    filename: &str,
    written: Result<Vec<u8>, csv::Error>,
) -> AppResult<HttpResponse> {
    let body = written
        .map_err(|e| AppError::Unexpected(anyhow::Error::new(e).context("writing the CSV")))?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        ))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .body(body))
}
