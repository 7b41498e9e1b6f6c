//! Answering from a cached page: the variant the client accepts (brotli, then gzip, then the
//! body as is), its validator and a `304` when the client already holds it, and the headers a
//! reverse proxy needs to keep it and ask again (`Cache-Control: public, no-cache`).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::web::Bytes;

use crate::page_cache::entry::CachedPage;

/// The header saying whether the page came from memory (`hit`) or was rendered (`miss`).
pub const X_CACHE: &str = "x-cache";

/// A content coding the cache holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// brotli.
    Brotli,
    /// gzip.
    Gzip,
    /// None.
    Identity,
}

impl Coding {
    /// The best coding `Accept-Encoding` allows: brotli, then gzip, then none.
    pub fn accepted(headers: &HeaderMap) -> Self {
        if allows(headers, "br") {
            Self::Brotli
        } else if allows(headers, "gzip") {
            Self::Gzip
        } else {
            Self::Identity
        }
    }

    fn name(self) -> Option<&'static str> {
        match self {
            Self::Brotli => Some("br"),
            Self::Gzip => Some("gzip"),
            Self::Identity => None,
        }
    }
}

/// Whether `Accept-Encoding` allows `coding`.
pub fn allows(headers: &HeaderMap, coding: &str) -> bool {
    let Some(accept) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    accept.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        (name.eq_ignore_ascii_case(coding) || name == "*") && !refused
    })
}

impl CachedPage {
    fn variant(&self, coding: Coding) -> (Bytes, String) {
        match coding {
            Coding::Brotli => (self.brotli.clone(), format!("\"{}-br\"", self.etag)),
            Coding::Gzip => (self.gzip.clone(), format!("\"{}-gz\"", self.etag)),
            Coding::Identity => (self.identity.clone(), format!("\"{}\"", self.etag)),
        }
    }

    /// Whether `If-None-Match` (`if_none_match`) names this page (in any of its variants).
    pub fn is_held(&self, if_none_match: Option<&str>) -> bool {
        if_none_match.is_some_and(|list| {
            list.split(',').map(str::trim).any(|tag| {
                let tag = tag.trim_start_matches("W/").trim_matches('"');
                tag == "*"
                    || tag == self.etag
                    || tag.strip_suffix("-br").or_else(|| tag.strip_suffix("-gz"))
                        == Some(self.etag.as_str())
            })
        })
    }

    /// The shared answer: the variant `coding`, or a `304` when the client holds the page.
    pub fn answer(&self, coding: Coding, held: bool, hit: bool) -> HttpResponse {
        let (body, etag) = self.variant(coding);
        let status = if held {
            StatusCode::NOT_MODIFIED
        } else {
            StatusCode::OK
        };
        let mut response = HttpResponse::build(status);
        for (name, value) in &self.headers {
            response.insert_header((name.clone(), value.clone()));
        }
        response
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, "public, no-cache"))
            .insert_header((header::VARY, "Accept-Encoding"))
            .insert_header((X_CACHE, if hit { "hit" } else { "miss" }));
        if held {
            return response.finish();
        }
        if let Some(name) = coding.name() {
            response.insert_header((header::CONTENT_ENCODING, name));
        }
        response.body(body)
    }

    /// One reader's answer: `body`, the page with their parts (gzipped when `gzipped`), never
    /// kept by a shared cache.
    pub fn personal_answer(&self, body: Vec<u8>, gzipped: bool, hit: bool) -> HttpResponse {
        let mut response = HttpResponse::Ok();
        for (name, value) in &self.headers {
            response.insert_header((name.clone(), value.clone()));
        }
        response
            .insert_header((header::CACHE_CONTROL, "private, no-cache"))
            .insert_header((header::VARY, "Accept-Encoding"))
            .insert_header((X_CACHE, if hit { "hit" } else { "miss" }));
        if gzipped {
            response.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("gzip")));
        }
        response.body(body)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(name: HeaderName, value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn brotli_is_preferred_then_gzip_and_a_refused_coding_is_not_sent() {
        let accepted = |v| Coding::accepted(&headers(header::ACCEPT_ENCODING, v));
        assert_eq!(accepted("gzip, deflate, br"), Coding::Brotli);
        assert_eq!(accepted("gzip"), Coding::Gzip);
        assert_eq!(accepted("br;q=0, gzip;q=0.5"), Coding::Gzip);
        assert_eq!(accepted("identity"), Coding::Identity);
        assert_eq!(Coding::accepted(&HeaderMap::new()), Coding::Identity);
    }
}
