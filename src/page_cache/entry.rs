//! One cached page: its body as rendered for a reader nobody knows, its two compressed
//! variants, its strong validator and the headers its handler gave it.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::web::Bytes;
use sha2::{Digest, Sha256};

use crate::page_cache::compress;
use crate::page_cache::plan::ArticlePlan;

/// A rendered page ready to be answered again.
#[derive(Debug)]
pub struct CachedPage {
    /// The body as rendered.
    pub identity: Bytes,
    /// The body compressed with gzip.
    pub gzip: Bytes,
    /// The body compressed with brotli.
    pub brotli: Bytes,
    /// The strong validator of the body: a digest of the identity variant (each compressed
    /// variant answers it with a suffix, as a strong validator names one representation).
    pub etag: String,
    /// The headers of the handler's answer (content type and the like).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// What writes make it stale (see [`crate::page_cache::freshness`]).
    pub tags: Vec<String>,
    /// The epoch it was filled at.
    pub filled: u64,
    /// Where a known reader's own parts go, on an article page.
    pub plan: Option<ArticlePlan>,
}

/// The headers a cached answer sets itself, not copied from the handler's.
const OWN_HEADERS: [HeaderName; 7] = [
    header::CONTENT_LENGTH,
    header::CONTENT_ENCODING,
    header::TRANSFER_ENCODING,
    header::DATE,
    header::ETAG,
    header::CACHE_CONTROL,
    header::VARY,
];

impl CachedPage {
    /// Compresses `body` once and keeps it with what serving it again needs.
    pub fn build(
        body: Bytes,
        headers: &HeaderMap,
        tags: Vec<String>,
        filled: u64,
        plan: Option<ArticlePlan>,
    ) -> std::io::Result<Self> {
        let digest = Sha256::digest(&body);
        let etag = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        Ok(Self {
            gzip: Bytes::from(compress::gzip(&body)?),
            brotli: Bytes::from(compress::brotli(&body)?),
            etag,
            headers: headers
                .iter()
                .filter(|(name, _)| !OWN_HEADERS.contains(name))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
            tags,
            filled,
            plan: plan.and_then(|plan| plan.locate(&body)),
            identity: body,
        })
    }

    /// The bytes it holds, as counted against `cache.max_bytes`.
    pub fn weight(&self) -> u32 {
        let bytes = self.identity.len()
            + self.gzip.len()
            + self.brotli.len()
            + self.plan.as_ref().map_or(0, ArticlePlan::weight)
            + 512;
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }
}
