//! The compressed variants of a cached page, made once when the page is filled: brotli at a
//! middle quality (a fraction of the size of gzip's for a fraction of quality 11's time) and
//! gzip at its usual level, for the clients that do not speak brotli.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

/// Brotli's quality: 5 compresses an article page in about a millisecond.
const BROTLI_QUALITY: i32 = 5;
/// Brotli's window (2^22 bytes, its default).
const BROTLI_WINDOW: i32 = 22;
/// gzip's level: zlib's default.
const GZIP_LEVEL: u32 = 6;

/// `body` compressed with brotli.
pub fn brotli(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let params = ::brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(body.len() / 4);
    ::brotli::BrotliCompress(&mut &body[..], &mut out, &params)?;
    Ok(out)
}

/// `body` compressed with gzip at the usual level.
pub fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        Compression::new(GZIP_LEVEL),
    );
    encoder.write_all(body)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn both_variants_give_the_body_back() {
        let body = "<p>Une remarque argumentée sur le segment B.</p>".repeat(200);
        let mut from_brotli = Vec::new();
        ::brotli::BrotliDecompress(&mut &brotli(body.as_bytes()).unwrap()[..], &mut from_brotli)
            .unwrap();
        assert_eq!(from_brotli, body.as_bytes());
        let zipped = gzip(body.as_bytes()).unwrap();
        let mut from_gzip = String::new();
        flate2::read::GzDecoder::new(&zipped[..])
            .read_to_string(&mut from_gzip)
            .unwrap();
        assert_eq!(from_gzip, body);
        assert!(zipped.len() < body.len() / 4);
    }
}
