//! Making the variants of an image: smaller widths for small screens, and WebP where it is
//! lighter than the PNG or JPEG it stands for.
//!
//! PNG sources (charts, drawings, screenshots: what a PNG usually holds) get resized PNGs plus
//! lossless WebPs (the `image` crate's encoder) when those are lighter, which keeps text and
//! flat colours sharp; when they are not (a picture saved as PNG), lossy WebPs from libwebp
//! (the `webp` crate) at quality 80. JPEG sources get resized JPEGs plus lossy WebPs. A set of
//! WebPs is kept only when every one of them is lighter than its fallback, so that the
//! `<source>` of a `<picture>` never costs more. GIF, WebP and AVIF sources are served as they
//! are.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat};
use sha2::{Digest, Sha256};

/// Widths made for screens narrower than the original, in pixels.
pub const WIDTHS: [u32; 3] = [480, 800, 1200];
/// JPEG quality of resized photographs.
const JPEG_QUALITY: u8 = 82;
/// Quality of lossy WebPs: about what a JPEG at 82 shows, for far fewer bytes.
const WEBP_QUALITY: f32 = 80.0;

/// How a WebP is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WebP {
    Lossless,
    Lossy,
}

/// One encoded variant.
#[derive(Debug, Clone)]
pub struct Variant {
    /// MIME type.
    pub content_type: &'static str,
    /// Width in pixels.
    pub width: i32,
    /// Height in pixels.
    pub height: i32,
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
    /// The file.
    pub data: Vec<u8>,
}

/// The variants of an image whose bytes are `data` and type `content_type` (none when the
/// format is not one that is resized, or the file cannot be decoded).
pub fn variants(content_type: &str, data: &[u8]) -> Vec<Variant> {
    let format = match content_type {
        "image/png" => ImageFormat::Png,
        "image/jpeg" => ImageFormat::Jpeg,
        _ => return Vec::new(),
    };
    let Ok(original) = image::load_from_memory_with_format(data, format) else {
        return Vec::new();
    };
    let smaller: Vec<DynamicImage> = WIDTHS
        .iter()
        .filter(|&&w| w < original.width())
        // A triangle filter (scaled to the ratio) averages without the ringing of Lanczos,
        // which adds colours to flat drawings and makes their PNGs heavier.
        .map(|&w| original.resize(w, u32::MAX, FilterType::Triangle))
        .collect();
    // A resized file heavier than the original helps nobody (a palette PNG re-encoded in full
    // colour can be).
    let resized: Vec<Option<Variant>> = smaller
        .iter()
        .map(|img| encode(img, format).filter(|v| v.data.len() < data.len()))
        .collect();
    let fallback_sizes: Vec<usize> = resized
        .iter()
        .map(|v| v.as_ref().map_or(data.len(), |v| v.data.len()))
        .chain([data.len()])
        .collect();
    let widths: Vec<&DynamicImage> = smaller.iter().chain([&original]).collect();
    let kinds: &[WebP] = if format == ImageFormat::Png {
        &[WebP::Lossless, WebP::Lossy]
    } else {
        &[WebP::Lossy]
    };
    let webp = kinds.iter().find_map(|&kind| {
        let set: Vec<Variant> = widths
            .iter()
            .map(|img| encode_webp(img, kind))
            .collect::<Option<_>>()?;
        let lighter = set
            .iter()
            .zip(&fallback_sizes)
            .all(|(w, &f)| w.data.len() < f);
        lighter.then_some(set)
    });
    resized
        .into_iter()
        .flatten()
        .chain(webp.into_iter().flatten())
        .collect()
}

/// `img` as a JPEG when `format` is JPEG, else as a PNG.
fn encode(img: &DynamicImage, format: ImageFormat) -> Option<Variant> {
    let mut data = Cursor::new(Vec::new());
    let content_type = match format {
        ImageFormat::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut data, JPEG_QUALITY))
                .ok()?;
            "image/jpeg"
        }
        _ => {
            let encoder =
                PngEncoder::new_with_quality(&mut data, CompressionType::Best, PngFilter::Adaptive);
            img.write_with_encoder(encoder).ok()?;
            "image/png"
        }
    };
    variant(img, content_type, data.into_inner())
}

fn encode_webp(img: &DynamicImage, kind: WebP) -> Option<Variant> {
    // Both encoders take 8-bit RGB(A) only.
    let img = if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.to_rgb8())
    };
    let data = match kind {
        WebP::Lossless => {
            let mut data = Cursor::new(Vec::new());
            img.write_with_encoder(WebPEncoder::new_lossless(&mut data))
                .ok()?;
            data.into_inner()
        }
        WebP::Lossy => {
            let (width, height) = (img.width(), img.height());
            let encoder = match &img {
                DynamicImage::ImageRgba8(rgba) => webp::Encoder::from_rgba(rgba, width, height),
                _ => webp::Encoder::from_rgb(img.as_bytes(), width, height),
            };
            let mut config = webp::WebPConfig::new().ok()?;
            config.quality = WEBP_QUALITY;
            encoder.encode_advanced(&config).ok()?.to_vec()
        }
    };
    variant(&img, "image/webp", data)
}

fn variant(img: &DynamicImage, content_type: &'static str, data: Vec<u8>) -> Option<Variant> {
    Some(Variant {
        content_type,
        width: i32::try_from(img.width()).ok()?,
        height: i32::try_from(img.height()).ok()?,
        sha256: hex_sha256(&data),
        data,
    })
}

/// Lowercase hex SHA-256 of `data`.
pub fn hex_sha256(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO_PNG: &[u8] = include_bytes!("../demo/images/figure-couts-distribution.png");

    #[test]
    fn a_png_gets_lighter_smaller_widths_and_lighter_webps() {
        let variants = variants("image/png", DEMO_PNG);
        let shape: Vec<(&str, i32)> = variants.iter().map(|v| (v.content_type, v.width)).collect();
        // A PNG width is kept only when it is lighter than the original (which ones are depends
        // on the encoder); every WebP width is.
        assert_eq!(shape[0], ("image/png", 480));
        assert!(shape.contains(&("image/webp", 480)) && shape.contains(&("image/webp", 1000)));
        assert!(shape.contains(&("image/webp", 800)));
        assert_eq!(variants[0].height, 269, "the aspect ratio is kept");
        assert!(variants.iter().all(|v| v.data.len() < DEMO_PNG.len()));
    }

    #[test]
    fn a_picture_saved_as_png_gets_lossy_webps_when_lossless_ones_are_heavier() {
        let hero = include_bytes!("../demo/images/hero-distribution-agence.png");
        let variants = variants("image/png", hero);
        let shape: Vec<(&str, i32)> = variants.iter().map(|v| (v.content_type, v.width)).collect();
        assert_eq!(
            shape,
            [
                ("image/png", 480),
                ("image/png", 800),
                ("image/webp", 480),
                ("image/webp", 800),
                ("image/webp", 1200)
            ]
        );
        let png = |w: i32| {
            variants
                .iter()
                .find(|v| v.content_type == "image/png" && v.width == w)
                .map_or(hero.len(), |v| v.data.len())
        };
        for webp in variants.iter().filter(|v| v.content_type == "image/webp") {
            assert!(
                webp.data.len() * 2 < png(webp.width),
                "a lossy WebP is less than half its PNG at {} px",
                webp.width
            );
        }
    }

    #[test]
    fn a_jpeg_gets_resized_jpegs_and_lossy_webps_and_a_gif_nothing() {
        let mut jpeg = Cursor::new(Vec::new());
        let photo = DynamicImage::ImageRgb8(image::RgbImage::from_fn(1000, 500, |x, y| {
            let shade = |v: u32| u8::try_from(v % 256).unwrap();
            image::Rgb([shade(x / 4), shade(y / 2), shade((x + y) / 8)])
        }));
        photo.write_to(&mut jpeg, ImageFormat::Jpeg).unwrap();
        let variants = variants("image/jpeg", jpeg.get_ref());
        let shape: Vec<(&str, i32, i32)> = variants
            .iter()
            .map(|v| (v.content_type, v.width, v.height))
            .collect();
        assert_eq!(
            shape,
            [
                ("image/jpeg", 480, 240),
                ("image/jpeg", 800, 400),
                ("image/webp", 480, 240),
                ("image/webp", 800, 400),
                ("image/webp", 1000, 500)
            ],
            "a photograph gets lossy WebPs in every width, its own included"
        );
        assert!(super::variants("image/gif", b"GIF89a").is_empty());
    }
}
