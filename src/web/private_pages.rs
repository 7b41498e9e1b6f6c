//! Pages that hold the author's or a reader's private matters: the admin pages and the pages
//! reached through a reader's secret link. No shared computer or proxy may keep them
//! (`Cache-Control: no-store`), and the access log names their route, never their path: a
//! management token in a log line would be a key to someone's subscription.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

use crate::page_cache::routes::public_route;

/// Path prefixes followed by a reader's secret token (in the query for wpDiscuz's old links).
const TOKEN_PREFIXES: [&str; 5] = [
    "/newsletter/confirm/",
    "/newsletter/unsubscribe/",
    "/newsletter/preferences/",
    "/follows/unsubscribe/",
    "/wpdiscuzsubscription/",
];

/// Whether `path` is an admin page or a page reached through a secret link.
pub fn is_private(path: &str) -> bool {
    path == "/admin"
        || path.starts_with("/admin/")
        || TOKEN_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// Middleware: `Cache-Control: no-store` on the private pages.
pub async fn no_store_private(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let private = is_private(req.path());
    let mut response = next.call(req).await?;
    if private {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

/// The access log's span: the method and the route pattern (`/newsletter/confirm/{token}`),
/// never the path or the query.
pub struct RouteOnlySpan;

impl RootSpanBuilder for RouteOnlySpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        // The fields are computed only when the span is logged; the public pages' patterns
        // are read from their path, the router's lookup being the slow way.
        let route = || match public_route(request.path()) {
            Some(pattern) => pattern.to_owned(),
            None => request
                .match_pattern()
                .unwrap_or_else(|| "(no route)".to_owned()),
        };
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route(),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_pages_and_secret_links_are_private_public_pages_are_not() {
        for path in [
            "/admin",
            "/admin/login",
            "/admin/subscribers/export.csv",
            "/newsletter/preferences/abc",
            "/newsletter/confirm/abc",
            "/follows/unsubscribe/abc",
            "/wpdiscuzsubscription/unsubscribe/",
        ] {
            assert!(is_private(path), "{path}");
        }
        for path in [
            "/",
            "/administration",
            "/articles/a",
            "/newsletter",
            "/feed.xml",
        ] {
            assert!(!is_private(path), "{path}");
        }
    }
}
