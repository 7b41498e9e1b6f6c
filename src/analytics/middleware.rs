//! The middleware that counts a reader's view of a public page once its answer is known (a 200
//! with HTML), whether the page came from a cache or was rendered; and the task that flushes
//! the counts every few seconds.

use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::web;
use chrono::Utc;
use sha2::{Digest, Sha256};

use crate::analytics::counter::{View, ViewCounter};
use crate::analytics::source::source_of;
use crate::analytics::visit::{counted_path, is_reader};
use crate::db::DbPool;
use crate::settings::Settings;
use crate::web::client_addr::{ClientAddr, truncate};

/// Counts the view when the request is a reader's and the answer a page.
pub async fn count_view(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let view = candidate(&req);
    let response = next.call(req).await?;
    if let Some((counter, view)) = view {
        let is_html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if response.status() == StatusCode::OK && is_html {
            counter.record(view);
        }
    }
    Ok(response)
}

/// The view this request would be, if it is a reader's `GET` of a counted page.
fn candidate(req: &ServiceRequest) -> Option<(web::Data<ViewCounter>, View)> {
    if req.method() != Method::GET {
        return None;
    }
    let path = counted_path(req.path())?.to_owned();
    let headers = req.headers();
    if !is_reader(headers) {
        return None;
    }
    let counter = req.app_data::<web::Data<ViewCounter>>()?.clone();
    let settings = req.app_data::<web::Data<Settings>>()?;
    let client = ClientAddr::of(req.request(), settings)?;
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let fingerprint: [u8; 32] = Sha256::new()
        .chain_update(truncate(client.ip()).to_string())
        .chain_update([0])
        .chain_update(agent)
        .finalize()
        .into();
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    let view = View {
        day: Utc::now()
            .with_timezone(&settings.site.timezone)
            .date_naive(),
        path,
        source: source_of(referer, req.query_string(), counter.own_host()),
        fingerprint,
    };
    Some((counter, view))
}

/// Flushes the node's counts every `every` until the process ends; a failed flush keeps its
/// counts for the next one.
pub async fn flush_every(counter: web::Data<ViewCounter>, pool: DbPool, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        flush_once(&counter, &pool).await;
    }
}

/// One flush, its failure logged.
pub async fn flush_once(counter: &ViewCounter, pool: &DbPool) {
    let flushed = match pool.get().await {
        Ok(mut conn) => counter.flush(&mut conn).await,
        Err(error) => Err(error.into()),
    };
    if let Err(error) = flushed {
        tracing::warn!(error = ?error, "page counts not written yet; kept for the next flush");
    }
}
