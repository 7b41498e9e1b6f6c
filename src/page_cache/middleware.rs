//! The middleware that answers the public pages from the cache. A miss renders the page as for
//! a reader nobody knows and keeps it (concurrent misses of one page render it once); a hit
//! answers a copy of the variant the client accepts; a known reader gets their own parts
//! spliced in; the author, a flash message and a reader whose comment is pending or editable go
//! to the handler as before. A write on this node drops the pages it says it changed before it
//! answers; a write that does not say waits for the node's listener to have read its notices.
//! Either way the writer's next page is fresh.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::Cookie;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::ErrorInternalServerError;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use chrono::Utc;
use std::sync::Arc;

use crate::db::DbPool;
use crate::page_cache::entry::CachedPage;
use crate::page_cache::plan::ArticlePlan;
use crate::page_cache::reader::ReaderState;
use crate::page_cache::routes::{Cacheable, cacheable};
use crate::page_cache::serve::{self, Coding};
use crate::page_cache::visitor::Visitor;
use crate::page_cache::{PageCache, SharedRender, Wrote};
use crate::settings::Settings;
use crate::web::reader_cookie::ReaderKey;

/// Middleware: the page cache (see the module).
pub async fn serve_cached(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(cache) = req.app_data::<web::Data<PageCache>>().cloned() else {
        return pass(req, next).await;
    };
    if is_write(req.method()) {
        let mut response = next.call(req).await?;
        if cache.is_serving() {
            let wrote = response.response_mut().extensions_mut().remove::<Wrote>();
            match (wrote, response.request().app_data::<web::Data<DbPool>>()) {
                (Some(wrote), _) => cache.wrote(wrote).await,
                (None, Some(pool)) => cache.sync(pool).await,
                (None, None) => {}
            }
        }
        return Ok(response.map_into_boxed_body());
    }
    let Some(page) = cache.is_serving().then(|| cacheable(&req)).flatten() else {
        return pass(req, next).await;
    };
    let reader = match own_parts(&cache, &req, &page).await {
        Some(reader) => reader,
        None => return pass(req, next).await,
    };
    let coding = Coding::accepted(req.headers());
    let gzip = serve::allows(req.headers(), "gzip");
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let stamp = stamp_cookie(&req);
    let (http_req, cached, hit) = match cache.page(&page.key) {
        Some(cached) if reader.is_some() && cached.plan.is_none() => {
            // The page's parts could not be found when it was filled: render it for them.
            drop(cached);
            return pass(req, next).await;
        }
        Some(cached) => (req.into_parts().0, cached, true),
        None => {
            let turn = cache.fill_turn(&page.key);
            let _filling = turn.lock().await;
            // Filled meanwhile by the miss that came first, or still to fill.
            match cache.page(&page.key) {
                Some(cached) if reader.is_some() && cached.plan.is_none() => {
                    drop(cached);
                    return pass(req, next).await;
                }
                Some(cached) => (req.into_parts().0, cached, true),
                None => match fill(&cache, req, next, page).await? {
                    Filled::Page(http_req, cached) => (http_req, cached, false),
                    Filled::Not(response) => return Ok(response),
                },
            }
        }
    };
    let mut response = match (&reader, &cached.plan) {
        (None, _) => cached.answer(coding, cached.is_held(if_none_match.as_deref()), hit),
        (Some(state), Some(plan)) => {
            let body = match gzip {
                true => plan.splice_gzip(&cached.identity, state),
                false => plan.splice(&cached.identity, state),
            }
            .map_err(ErrorInternalServerError)?;
            cached.personal_answer(body, gzip, hit)
        }
        (Some(_), None) => ask_again(&http_req),
    };
    if let Some(cookie) = stamp.filter(|_| is_html(&cached)) {
        response.add_cookie(&cookie)?;
    }
    Ok(ServiceResponse::new(http_req, response).map_into_boxed_body())
}

async fn pass(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    Ok(next.call(req).await?.map_into_boxed_body())
}

fn is_write(method: &Method) -> bool {
    [Method::POST, Method::PUT, Method::PATCH, Method::DELETE].contains(method)
}

/// The reader's own parts on this page: `Some(None)` when the shared page is theirs as it is,
/// `Some(Some(..))` when their stars or votes go in, `None` when it is rendered for them whole.
async fn own_parts(
    cache: &PageCache,
    req: &ServiceRequest,
    page: &Cacheable,
) -> Option<Option<ReaderState>> {
    match (Visitor::of(req), &page.article) {
        (Visitor::Private, _) => None,
        (Visitor::Reader(reader), Some(slug)) => {
            let pool = req.app_data::<web::Data<DbPool>>()?;
            match cache.reader_state(pool, slug, &reader).await {
                Ok(state) if state.is_theirs() => None,
                Ok(state) if state.is_plain() => Some(None),
                Ok(state) => Some(Some(state)),
                Err(error) => {
                    tracing::warn!(error = %error, "page cache: a reader's marks could not be read");
                    None
                }
            }
        }
        _ => Some(None),
    }
}

/// The public forms' stamp cookie, when the request has no usable one.
fn stamp_cookie(req: &ServiceRequest) -> Option<Cookie<'static>> {
    let key = req.app_data::<web::Data<ReaderKey>>()?;
    let settings = req.app_data::<web::Data<Settings>>()?;
    let (now, life) = (Utc::now(), settings.form_stamp_life());
    key.stamp_cookie_due(req.request(), now, life)
        .then(|| key.stamp_cookie(now, settings.is_https(), life))
}

fn is_html(page: &CachedPage) -> bool {
    page.headers.iter().any(|(name, value)| {
        name == header::CONTENT_TYPE && value.as_bytes().starts_with(b"text/html")
    })
}

/// A page that could not be made for this reader from the cache: asked again, it is rendered
/// for them whole (the cached page now says its parts cannot be spliced).
fn ask_again(req: &HttpRequest) -> HttpResponse {
    let location = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    HttpResponse::TemporaryRedirect()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .finish()
}

enum Filled {
    Page(HttpRequest, Arc<CachedPage>),
    Not(ServiceResponse<BoxBody>),
}

/// Renders the page for the cache and keeps it, unless the answer is not a page to share.
async fn fill(
    cache: &PageCache,
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    page: Cacheable,
) -> Result<Filled, actix_web::Error> {
    let filled = cache.filling(&page.tags);
    req.extensions_mut().insert(SharedRender);
    let response = next.call(req).await?;
    let headers = response.headers();
    if response.status() != StatusCode::OK
        || headers.contains_key(header::SET_COOKIE)
        || headers.contains_key(header::CONTENT_ENCODING)
    {
        return Ok(Filled::Not(response.map_into_boxed_body()));
    }
    let (http_req, mut res) = response.into_parts();
    let plan = res.extensions_mut().remove::<ArticlePlan>();
    let headers = res.headers().clone();
    let body = actix_web::body::to_bytes(res.into_body())
        .await
        .map_err(|_| ErrorInternalServerError("the page's body could not be read"))?;
    let tags = page.tags;
    let built = web::block(move || CachedPage::build(body, &headers, tags, filled, plan))
        .await?
        .map_err(ErrorInternalServerError)?;
    Ok(Filled::Page(http_req, cache.keep(page.key, built)))
}
