//! The middleware that counts a reader's view of a public page once its answer is known (a 200
//! with HTML), whether the page came from a cache or was rendered; and the task that flushes
//! the counts every few seconds.

use std::hash::Hasher;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web;
use chrono::Utc;
use ipnet::IpNet;
use siphasher::sip128::{Hasher128, SipHasher13};

use crate::analytics::counter::{View, ViewCounter};
use crate::analytics::source::source_of;
use crate::analytics::visit::{counted_path, is_reader};
use crate::db::DbPool;
use crate::settings::Settings;
use crate::web::client_addr::{ClientAddr, truncate};

/// Counts the view when the request is a reader's and the answer a page. Installed only when
/// views are counted as the server answers them (not in beacon mode, not when counting is off).
pub async fn count_view(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let response = next.call(req).await?;
    count(&response);
    Ok(response)
}

/// Records the view `response` answered, if it is a reader's `GET` of a counted page answered
/// with a page. The cheapest tests come first: most answers are not views.
fn count<B>(response: &ServiceResponse<B>) {
    let is_html = || {
        response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
    };
    let req = response.request();
    if response.status() != StatusCode::OK || req.method() != Method::GET || !is_html() {
        return;
    }
    let Some(path) = counted_path(req.path()) else {
        return;
    };
    let headers = req.headers();
    if !is_reader(headers) {
        return;
    }
    let (Some(counter), Some(settings)) = (
        req.app_data::<web::Data<ViewCounter>>(),
        req.app_data::<web::Data<Settings>>(),
    ) else {
        return;
    };
    let Some(client) = ClientAddr::of(req, settings) else {
        return;
    };
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    counter.record(view_of(
        counter,
        Seen {
            path,
            client,
            headers,
            referer,
            query: req.query_string(),
        },
    ));
}

/// What is known of one reader's view of a page, wherever it was counted.
pub struct Seen<'a> {
    /// The counted path of the page.
    pub path: &'a str,
    /// The reader's address.
    pub client: ClientAddr,
    /// The headers of the request that told of the view (its user agent).
    pub headers: &'a HeaderMap,
    /// The page's referrer, as the browser gave it.
    pub referer: Option<&'a str>,
    /// The page's query string (its `utm_source` or `ref`).
    pub query: &'a str,
}

/// The view to count: its day in the site's time zone, its source, and the reader's mark (a
/// 128-bit SipHash of their truncated network and user agent, held in memory until the flush
/// turns it into an HMAC under the day's salt: nothing kept names them).
pub fn view_of<'a>(counter: &ViewCounter, seen: Seen<'a>) -> View<'a> {
    let agent = seen
        .headers
        .get(header::USER_AGENT)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    let network = match truncate(seen.client.ip()) {
        IpNet::V4(net) => net.network().to_ipv6_mapped().octets(),
        IpNet::V6(net) => net.network().octets(),
    };
    let mut hasher = SipHasher13::new();
    hasher.write(&network);
    hasher.write(agent);
    let fingerprint = hasher.finish128().as_bytes();
    View {
        day: counter.day_of(Utc::now()),
        path: seen.path,
        source: source_of(seen.referer, seen.query, counter.own_host()),
        fingerprint,
    }
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
