//! Figures in article bodies. A stored body links its images by URL; when the page is shown,
//! each `<img>` of a stored image gets its size (no layout shift) and its variants.

use diesel::QueryResult;
use diesel_async::AsyncPgConnection;

use crate::images::model::ImageRef;

/// `sizes` of an image as wide as the article column (about 42rem on a wide screen).
pub const COLUMN_SIZES: &str = "(max-width: 46rem) 100vw, 42rem";

/// How an image of a stored body starts, as the body renderer writes it.
const STORED_IMG: &str = "<img src=\"/images/";

/// `html` with every image of the `images` table given its size and variants.
pub async fn with_variants(conn: &mut AsyncPgConnection, html: &str) -> QueryResult<String> {
    let hashes: Vec<&str> = html
        .match_indices(STORED_IMG)
        .filter_map(|(at, _)| html.get(at + STORED_IMG.len()..at + STORED_IMG.len() + 64))
        .collect();
    if hashes.is_empty() {
        return Ok(html.to_owned());
    }
    let images = ImageRef::by_hashes(conn, &hashes).await?;
    Ok(rewrite(html, &images))
}

fn rewrite(html: &str, images: &[ImageRef]) -> String {
    let mut out = String::with_capacity(html.len() + images.len() * 600);
    let mut rest = html;
    while let Some(start) = rest.find(STORED_IMG) {
        let Some(end) = rest[start..].find('>').map(|len| start + len + 1) else {
            break;
        };
        out.push_str(&rest[..start]);
        let tag = &rest[start..end];
        let hash = tag.get(STORED_IMG.len()..STORED_IMG.len() + 64);
        // A size written by hand in the Markdown wins (and must not be doubled).
        let image = images
            .iter()
            .find(|image| Some(image.sha256.as_str()) == hash)
            .filter(|_| !tag.contains(" width="));
        match image {
            Some(image) => out.push_str(&picture(image, &tag["<img ".len()..])),
            None => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A `<picture>` for `image`, keeping the stored tag's own `attributes` (src, alt, loading).
fn picture(image: &ImageRef, attributes: &str) -> String {
    let source = image
        .webp_srcset()
        .map(|set| {
            format!("<source type=\"image/webp\" srcset=\"{set}\" sizes=\"{COLUMN_SIZES}\">")
        })
        .unwrap_or_default();
    format!(
        "<picture>{source}<img srcset=\"{}\" sizes=\"{COLUMN_SIZES}\" width=\"{}\" height=\"{}\" decoding=\"async\" {attributes}</picture>",
        image.srcset(),
        image.width,
        image.height
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(variants: Option<&str>) -> ImageRef {
        ImageRef {
            sha256: "a".repeat(64),
            content_type: "image/png".into(),
            width: 1000,
            height: 560,
            variants: variants.map(str::to_owned),
        }
    }

    #[test]
    fn a_stored_figure_gets_its_size_and_variants() {
        let html = format!(
            "<p>x</p><figure><img src=\"/images/{}.png\" alt=\"A chart\" loading=\"lazy\"><figcaption>c</figcaption></figure>",
            "a".repeat(64)
        );
        let webp = format!("image/webp {} 480", "b".repeat(64));
        let out = rewrite(&html, &[image(Some(&webp))]);
        assert!(out.starts_with("<p>x</p><figure><picture><source type=\"image/webp\""));
        assert!(out.contains(&format!("/images/{}.webp 480w", "b".repeat(64))));
        assert!(out.contains("width=\"1000\" height=\"560\""));
        assert!(out.contains("alt=\"A chart\" loading=\"lazy\"></picture><figcaption>"));
    }

    #[test]
    fn unknown_images_and_sized_ones_are_left_alone() {
        let html = format!(
            "<img src=\"/images/{}.png\" alt=\"\"><img src=\"/images/{}.png\" width=\"5\">",
            "c".repeat(64),
            "a".repeat(64)
        );
        assert_eq!(rewrite(&html, &[image(None)]), html);
    }
}
