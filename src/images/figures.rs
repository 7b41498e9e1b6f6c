//! Figures in article bodies. A stored body links its images by URL (content-hashed, or a
//! library image's stable `/media/{id}`); when the page is shown, each `<img>` of a stored
//! image gets its size (no layout shift) and its variants.

use diesel::QueryResult;
use diesel_async::AsyncPgConnection;

use crate::images::model::ImageRef;

/// `sizes` of an image as wide as the article column (about 42rem on a wide screen).
pub const COLUMN_SIZES: &str = "(max-width: 46rem) 100vw, 42rem";

/// How an image of a stored body starts, as the body renderer writes it.
const IMG_SRC: &str = "<img src=\"";

/// Which stored image an `<img>` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key<'h> {
    /// `/images/{sha256}.{ext}`.
    Hash(&'h str),
    /// `/media/{id}`.
    Id(i64),
}

/// The stored image named by a `src` value starting at `src` (up to its closing quote).
fn key_of(src: &str) -> Option<Key<'_>> {
    if let Some(rest) = src.strip_prefix("/images/") {
        return rest.get(..64).map(Key::Hash);
    }
    let rest = src.strip_prefix("/media/")?;
    let (id, _) = rest.split_once('"')?;
    id.parse().ok().map(Key::Id)
}

/// `html` with every image of the `images` table given its size and variants.
pub async fn with_variants(conn: &mut AsyncPgConnection, html: &str) -> QueryResult<String> {
    let keys: Vec<Key> = html
        .match_indices(IMG_SRC)
        .filter_map(|(at, _)| key_of(&html[at + IMG_SRC.len()..]))
        .collect();
    if keys.is_empty() {
        return Ok(html.to_owned());
    }
    let hashes: Vec<&str> = keys
        .iter()
        .filter_map(|key| match key {
            Key::Hash(hash) => Some(*hash),
            Key::Id(_) => None,
        })
        .collect();
    let ids: Vec<i64> = keys
        .iter()
        .filter_map(|key| match key {
            Key::Id(id) => Some(*id),
            Key::Hash(_) => None,
        })
        .collect();
    let mut images: Vec<(Key, ImageRef)> = Vec::new();
    if !hashes.is_empty() {
        let found = ImageRef::by_hashes(conn, &hashes).await?;
        for image in found {
            let hash = hashes.iter().find(|h| **h == image.sha256).copied();
            if let Some(hash) = hash {
                images.push((Key::Hash(hash), image));
            }
        }
    }
    if !ids.is_empty() {
        let found = ImageRef::by_ids(conn, &ids).await?;
        images.extend(found.into_iter().map(|(id, image)| (Key::Id(id), image)));
    }
    Ok(rewrite(html, &images))
}

fn rewrite(html: &str, images: &[(Key, ImageRef)]) -> String {
    let mut out = String::with_capacity(html.len() + images.len() * 600);
    let mut rest = html;
    while let Some(start) = rest.find(IMG_SRC) {
        let Some(end) = rest[start..].find('>').map(|len| start + len + 1) else {
            break;
        };
        out.push_str(&rest[..start]);
        let tag = &rest[start..end];
        let key = key_of(&tag[IMG_SRC.len()..]);
        // A size written by hand in the Markdown wins (and must not be doubled).
        let image = images
            .iter()
            .find(|(k, _)| Some(*k) == key)
            .filter(|_| !tag.contains(" width="));
        match image {
            Some((_, image)) => out.push_str(&picture(image, &tag["<img ".len()..])),
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
        let hash = "a".repeat(64);
        let out = rewrite(&html, &[(Key::Hash(&hash), image(Some(&webp)))]);
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
        let hash = "a".repeat(64);
        assert_eq!(rewrite(&html, &[(Key::Hash(&hash), image(None))]), html);
    }

    #[test]
    fn a_library_image_keeps_its_address_and_gets_its_file_s_variants() {
        let html = "<figure><img src=\"/media/7\" alt=\"A\" loading=\"lazy\"></figure><img src=\"/media/70\" alt=\"B\">";
        let out = rewrite(html, &[(Key::Id(7), image(None))]);
        assert!(
            out.starts_with(&format!(
                "<figure><picture><img srcset=\"/images/{}.png 1000w\"",
                "a".repeat(64)
            )),
            "{out}"
        );
        assert!(out.contains("src=\"/media/7\" alt=\"A\""), "{out}");
        assert!(out.ends_with("<img src=\"/media/70\" alt=\"B\">"), "{out}");
    }
}
