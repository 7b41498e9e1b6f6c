//! Refuses state-changing requests sent by another site: a browser always names the page's
//! origin on a cross-site POST, so a foreign `Origin` is a forged request. Clients that send no
//! `Origin` (scripts, RFC 8058 one-click unsubscribes) are left to the per-form CSRF tokens.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};

use crate::error::AppError;
use crate::settings::Settings;

/// Middleware: 403 for a POST whose `Origin` is neither this host nor the configured base URL.
pub async fn refuse_foreign_origin(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !origin_allowed(&req) {
        let response = AppError::Forbidden("foreign origin").error_response();
        return Ok(req.into_response(response).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

fn origin_allowed(req: &ServiceRequest) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let origin_host = origin.split_once("://").map(|(_, host)| host).unwrap_or("");
    let request_host = req.connection_info().host().to_owned();
    let configured = req
        .app_data::<web::Data<Settings>>()
        .and_then(|s| s.site.base_url.split_once("://").map(|(_, h)| h.to_owned()))
        .unwrap_or_default();
    !origin_host.is_empty() && (origin_host == request_host || origin_host == configured)
}
