//! Checking an uploaded file: its bytes (not its name or declared type) must be an image of an
//! accepted format and sensible size. The size is read from the header alone, before anything
//! is decoded: a small file may declare a picture that would take gigabytes once decoded.

use crate::images::resize::hex_sha256;

/// Largest accepted image file.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Largest accepted side, in pixels.
pub const MAX_SIDE: usize = 10_000;

/// Why an upload was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageRejection {
    /// Not an image of an accepted format.
    NotAnImage,
    /// Too heavy or too large.
    TooBig,
    /// More pixels than the budget (`images.max_pixels`).
    TooManyPixels,
}

/// An image that passed the checks.
#[derive(Debug, Clone)]
pub struct CheckedImage {
    /// MIME type found from the bytes.
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

impl CheckedImage {
    /// Checks `data`, refusing a picture of more than `max_pixels` pixels.
    pub fn check(data: Vec<u8>, max_pixels: u64) -> Result<Self, ImageRejection> {
        if data.len() > MAX_BYTES {
            return Err(ImageRejection::TooBig);
        }
        let content_type = match imagesize::image_type(&data) {
            Ok(imagesize::ImageType::Png) => "image/png",
            Ok(imagesize::ImageType::Jpeg) => "image/jpeg",
            Ok(imagesize::ImageType::Gif) => "image/gif",
            Ok(imagesize::ImageType::Webp) => "image/webp",
            Ok(imagesize::ImageType::Heif(imagesize::Compression::Av1)) => "image/avif",
            _ => return Err(ImageRejection::NotAnImage),
        };
        let size = imagesize::blob_size(&data).map_err(|_| ImageRejection::NotAnImage)?;
        if size.width == 0 || size.height == 0 {
            return Err(ImageRejection::NotAnImage);
        }
        if size.width > MAX_SIDE || size.height > MAX_SIDE {
            return Err(ImageRejection::TooBig);
        }
        let pixels = u64::try_from(size.width)
            .ok()
            .zip(u64::try_from(size.height).ok())
            .and_then(|(w, h)| w.checked_mul(h));
        if pixels.is_none_or(|pixels| pixels > max_pixels) {
            return Err(ImageRejection::TooManyPixels);
        }
        let sha256 = hex_sha256(&data);
        Ok(Self {
            content_type,
            width: i32::try_from(size.width).map_err(|_| ImageRejection::TooBig)?,
            height: i32::try_from(size.height).map_err(|_| ImageRejection::TooBig)?,
            sha256,
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO_PNG: &[u8] = include_bytes!("../demo/images/figure-couts-distribution.png");

    #[test]
    fn a_png_is_recognised_with_its_size() {
        let image = CheckedImage::check(DEMO_PNG.to_vec(), 560_000).unwrap();
        assert_eq!(image.content_type, "image/png");
        assert_eq!((image.width, image.height), (1000, 560));
        assert_eq!(image.sha256.len(), 64);
    }

    #[test]
    fn text_and_svg_are_not_images() {
        for data in [
            b"hello".to_vec(),
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
            Vec::new(),
        ] {
            assert_eq!(
                CheckedImage::check(data, u64::MAX).unwrap_err(),
                ImageRejection::NotAnImage
            );
        }
    }

    #[test]
    fn a_truncated_png_is_refused() {
        assert!(CheckedImage::check(DEMO_PNG[..12].to_vec(), u64::MAX).is_err());
    }

    #[test]
    fn a_picture_over_the_pixel_budget_is_refused_from_its_header() {
        assert_eq!(
            CheckedImage::check(DEMO_PNG.to_vec(), 559_999).unwrap_err(),
            ImageRejection::TooManyPixels
        );
        // The header alone (a truncated file) declares the size: nothing is decoded.
        assert_eq!(
            CheckedImage::check(DEMO_PNG[..64].to_vec(), 1_000).unwrap_err(),
            ImageRejection::TooManyPixels
        );
    }
}
