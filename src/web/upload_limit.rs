//! The cap on multipart bodies (`server.upload_limit_bytes`), applied while the body streams:
//! a declared length over the cap is refused before a byte is read, and a body that grows past
//! it (chunked, or lying about its length) stops being read at the cap. Either way the answer
//! is a 413 and the friendly page says what was too large.

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_multipart::{Multipart, MultipartError};
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, web};
use futures_util::Stream;

use crate::error::AppError;

/// A body that fails with [`PayloadError::Overflow`] once more than its limit has arrived.
pub struct Capped<S> {
    inner: S,
    left: usize,
}

impl<S> Stream for Capped<S>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin,
{
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let polled = Pin::new(&mut self.inner).poll_next(cx);
        match polled {
            Poll::Ready(Some(Ok(chunk))) => match self.left.checked_sub(chunk.len()) {
                Some(left) => {
                    self.left = left;
                    Poll::Ready(Some(Ok(chunk)))
                }
                None => Poll::Ready(Some(Err(PayloadError::Overflow))),
            },
            other => other,
        }
    }
}

/// The request's multipart body, capped at `limit` bytes; 413 when it declares more.
pub fn capped_multipart(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Multipart, AppError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(AppError::PayloadTooLarge);
    }
    let body = Capped {
        inner: payload,
        left: limit,
    };
    Ok(Multipart::new(req.headers(), body))
}

/// The error of a multipart body as the client should hear it: 413 past the cap, 400 for a
/// body that is not multipart.
pub fn multipart_error(error: MultipartError) -> AppError {
    match error {
        MultipartError::Payload(PayloadError::Overflow) => AppError::PayloadTooLarge,
        _ => AppError::BadRequest("malformed multipart body"),
    }
}

/// Reads one multipart field up to `cap` bytes: its bytes, or `None` when it held more (the
/// rest is drained so the next field can be read).
pub async fn read_field(
    field: &mut actix_multipart::Field,
    cap: usize,
) -> Result<Option<Vec<u8>>, AppError> {
    use futures_util::StreamExt;
    let mut data = Vec::new();
    let mut too_large = false;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(multipart_error)?;
        if too_large || data.len() + chunk.len() > cap {
            too_large = true;
            continue;
        }
        data.extend_from_slice(&chunk);
    }
    Ok((!too_large).then_some(data))
}

/// A text field read by [`read_field`]: 413 when it was too long, 400 when it is not UTF-8.
pub fn text_field(data: Option<Vec<u8>>) -> Result<String, AppError> {
    let data = data.ok_or(AppError::PayloadTooLarge)?;
    String::from_utf8(data).map_err(|_| AppError::BadRequest("form field is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use futures_util::stream;

    #[tokio::test]
    async fn a_body_is_cut_off_once_past_its_limit() {
        let chunks = (0..4).map(|_| Ok::<_, PayloadError>(Bytes::from_static(&[0u8; 10])));
        let mut capped = Capped {
            inner: stream::iter(chunks),
            left: 25,
        };
        let mut read = 0;
        while let Some(Ok(chunk)) = capped.next().await {
            read += chunk.len();
        }
        assert_eq!(read, 20, "the chunk crossing the limit is refused");
        let exact = (0..2).map(|_| Ok::<_, PayloadError>(Bytes::from_static(&[0u8; 10])));
        let whole: Vec<_> = Capped {
            inner: stream::iter(exact),
            left: 20,
        }
        .collect()
        .await;
        assert!(
            whole.iter().all(Result::is_ok),
            "a body at its limit passes"
        );
    }
}
