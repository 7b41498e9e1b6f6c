//! Friendly error pages: any bare 4xx or 5xx answer (plain text or no body: an
//! [`crate::error::AppError`], an unknown route, a refused extractor) becomes one, in French by
//! default, with its status kept and, for a refused request, what was wrong with it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use askama::Template;

use crate::error::Refusal;
use crate::i18n::Messages;
use crate::web::layout::{Layout, PageContext};

/// The error page.
#[derive(Template)]
#[template(path = "errors/error.html")]
pub struct ErrorPage {
    /// The page frame.
    pub layout: Layout,
    /// The HTTP status shown.
    pub status: u16,
    /// What happened, in one line.
    pub heading: &'static str,
    /// What the reader can do.
    pub text: &'static str,
    /// What exactly was wrong with the request, when the refusal said it.
    pub detail: Option<&'static str>,
}

/// The middleware turning bare error answers into pages.
pub fn error_pages<B: MessageBody + 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(render_error_page)
}

fn texts(t: &Messages, status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => {
            (t.error_not_found_title, t.error_not_found_text)
        }
        StatusCode::FORBIDDEN => (t.error_forbidden_title, t.error_forbidden_text),
        StatusCode::PAYLOAD_TOO_LARGE => (t.error_too_large_title, t.error_too_large_text),
        StatusCode::SERVICE_UNAVAILABLE => (t.error_unavailable_title, t.error_unavailable_text),
        status if status.is_server_error() => (t.error_internal_title, t.error_internal_text),
        _ => (t.error_bad_request_title, t.error_bad_request_text),
    }
}

fn render_error_page<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    // Pages and JSON answers rendered on purpose are kept; bare errors become pages.
    let is_bare = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !is_bare {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let Ok(context) = PageContext::from_parts(res.request()) else {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    };
    let t = context.t();
    let (heading, text) = texts(t, status);
    let detail = res.response().extensions().get::<Refusal>().map(|r| r.0);
    let mut layout = context.layout(heading);
    // An error page is not a view of the page asked for: its beacon must not count it.
    layout.view_token = None;
    let page = ErrorPage {
        layout,
        status: status.as_u16(),
        heading,
        text,
        detail,
    };
    let body = page.render().unwrap_or_else(|_| heading.to_owned());
    let (req, mut response) = res.into_parts();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    let response = response.set_body(BoxBody::new(body));
    let response = ServiceResponse::new(req, response).map_into_right_body::<B>();
    Ok(ErrorHandlerResponse::Response(response))
}
