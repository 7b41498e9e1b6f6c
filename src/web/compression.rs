//! Compression of the responses built for one request (a page rendered from PostgreSQL, a
//! reader's spliced page the client takes only in brotli, a feed, a stylesheet): compressed at
//! once, on the worker's thread, at a fast setting: gzip at level 1 when the client takes gzip,
//! else brotli at quality 1 with a window no larger than the body. (actix's `Compress`, used
//! before, sent every body of a kilobyte or more to a blocking thread and compressed it with
//! brotli's 4 MiB window, whose zeroing alone cost more than rendering an article page.) A page
//! from the cache already carries its coding and goes as it is; so does a streamed body.

use std::io::Write;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::page_cache::serve::allows;

/// Bodies shorter than this go as they are: their compressed form would save little.
const MIN_BYTES: usize = 1024;
/// brotli's quality for a body built per request: 1, next to its fastest.
const BROTLI_QUALITY: i32 = 1;
/// brotli's smallest and largest window (2^10 to 2^22 bytes).
const BROTLI_WINDOW: (u32, u32) = (10, 22);

/// A coding a response is compressed in here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Gzip,
    Brotli,
}

impl Coding {
    /// The cheaper coding `Accept-Encoding` allows: gzip, then brotli.
    fn accepted(headers: &header::HeaderMap) -> Option<Self> {
        if allows(headers, "gzip") {
            Some(Self::Gzip)
        } else if allows(headers, "br") {
            Some(Self::Brotli)
        } else {
            None
        }
    }
}

/// Middleware: compresses a response built in memory in the coding the client accepts (see
/// the module).
pub async fn compress(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let accepted = Coding::accepted(req.headers());
    let response = next.call(req).await?;
    let Some(coding) = accepted.filter(|_| {
        response.status() != StatusCode::PARTIAL_CONTENT
            && !response.headers().contains_key(header::CONTENT_ENCODING)
            && is_compressible(response.headers().get(header::CONTENT_TYPE))
    }) else {
        return Ok(response.map_into_boxed_body());
    };
    Ok(response.map_body(|head, body| match body.try_into_bytes() {
        Ok(bytes) if bytes.len() >= MIN_BYTES => match compressed(&bytes, coding) {
            Ok((name, compressed)) => {
                let headers = head.headers_mut();
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
                headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
                BoxBody::new(compressed)
            }
            Err(error) => {
                tracing::warn!(error = %error, "a response could not be compressed");
                BoxBody::new(bytes)
            }
        },
        Ok(bytes) => BoxBody::new(bytes),
        Err(body) => BoxBody::new(body),
    }))
}

/// Whether a body of `content_type` is text that compresses (images and archives do not).
fn is_compressible(content_type: Option<&HeaderValue>) -> bool {
    let Some(value) = content_type.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.starts_with("text/")
        || essence.ends_with("+xml")
        || essence.ends_with("/xml")
        || essence.ends_with("/json")
        || essence.ends_with("+json")
        || essence == "application/javascript"
}

/// `body` in `coding`, and the coding's name.
fn compressed(body: &[u8], coding: Coding) -> std::io::Result<(&'static str, Bytes)> {
    match coding {
        Coding::Gzip => {
            let mut encoder =
                GzEncoder::new(Vec::with_capacity(body.len() / 3), Compression::fast());
            encoder.write_all(body)?;
            Ok(("gzip", Bytes::from(encoder.finish()?)))
        }
        Coding::Brotli => {
            let params = brotli::enc::BrotliEncoderParams {
                quality: BROTLI_QUALITY,
                lgwin: window_for(body.len()),
                size_hint: body.len(),
                ..Default::default()
            };
            let mut out = Vec::with_capacity(body.len() / 3);
            brotli::BrotliCompress(&mut &body[..], &mut out, &params)?;
            Ok(("br", Bytes::from(out)))
        }
    }
}

/// The smallest brotli window that holds `len` bytes, within brotli's bounds.
fn window_for(len: usize) -> i32 {
    let bits = usize::BITS - len.saturating_sub(1).leading_zeros();
    let (smallest, largest) = BROTLI_WINDOW;
    i32::try_from(bits.clamp(smallest, largest)).unwrap_or(22)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn page() -> String {
        "<article><p>Une remarque argumentée sur la marge du segment B.</p></article>".repeat(800)
    }

    #[test]
    fn both_codings_give_the_body_back_smaller() {
        let body = page();
        let (name, zipped) = compressed(body.as_bytes(), Coding::Gzip).unwrap();
        assert_eq!(name, "gzip");
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&zipped[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, body);
        let (name, squeezed) = compressed(body.as_bytes(), Coding::Brotli).unwrap();
        assert_eq!(name, "br");
        let mut unsqueezed = Vec::new();
        brotli::BrotliDecompress(&mut &squeezed[..], &mut unsqueezed).unwrap();
        assert_eq!(unsqueezed, body.as_bytes());
        assert!(zipped.len() < body.len() / 10 && squeezed.len() < body.len() / 10);
    }

    #[test]
    fn the_brotli_window_fits_the_body_within_its_bounds() {
        assert_eq!(window_for(0), 10);
        assert_eq!(window_for(1024), 10);
        assert_eq!(window_for(1025), 11);
        assert_eq!(window_for(63_266), 16);
        assert_eq!(window_for(usize::MAX), 22);
    }

    #[test]
    fn gzip_is_chosen_when_taken_and_brotli_otherwise() {
        let accepting = |value: &'static str| {
            let mut headers = header::HeaderMap::new();
            headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
            Coding::accepted(&headers)
        };
        assert_eq!(accepting("br, gzip"), Some(Coding::Gzip));
        assert_eq!(accepting("br"), Some(Coding::Brotli));
        assert_eq!(accepting("gzip;q=0, br"), Some(Coding::Brotli));
        assert_eq!(accepting("identity"), None);
    }

    #[test]
    fn text_compresses_and_images_do_not() {
        let kind = |v: &'static str| is_compressible(Some(&HeaderValue::from_static(v)));
        assert!(kind("text/html; charset=utf-8"));
        assert!(kind("application/atom+xml"));
        assert!(kind("application/json"));
        assert!(!kind("image/webp"));
        assert!(!kind("application/zip"));
        assert!(!is_compressible(None));
    }
}
