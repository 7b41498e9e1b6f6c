//! What a page tells crawlers and link previews beyond its title and description: OpenGraph
//! and Twitter card tags, its Atom feeds, JSON-LD blocks, and whether to index it.

use serde_json::Value;

use crate::i18n::Locale;
use crate::images::model::ImageRef;

/// The search-engine and social metadata of a page, read by `base.html`.
#[derive(Debug, Clone)]
pub struct PageSeo {
    /// `og:type`: `website`, or `article` on an article page.
    pub og_type: &'static str,
    /// `og:locale`: `fr_FR` or `en_US`.
    pub og_locale: &'static str,
    /// The image of link previews, when the page has one.
    pub image: Option<SocialImage>,
    /// Asks search engines not to index the page (search results).
    pub noindex: bool,
    /// The Atom feeds announced in `<head>`, the site's first.
    pub feeds: Vec<FeedLink>,
    /// Structured data, each emitted as a `<script type="application/ld+json">` block.
    pub json_ld: Vec<JsonLd>,
}

/// An image for link previews, with an absolute URL.
#[derive(Debug, Clone)]
pub struct SocialImage {
    /// Absolute URL.
    pub url: String,
    /// Width in pixels.
    pub width: i32,
    /// Height in pixels.
    pub height: i32,
    /// Alternative text.
    pub alt: String,
}

/// An Atom feed announced by `<link rel="alternate" type="application/atom+xml">`.
#[derive(Debug, Clone)]
pub struct FeedLink {
    /// What feed readers show.
    pub title: String,
    /// Absolute URL.
    pub href: String,
}

/// A JSON-LD document, serialised and escaped for embedding in HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonLd(String);

impl PageSeo {
    /// The metadata of an ordinary page of a site at `base_url` titled `site_title`.
    pub fn new(locale: Locale, base_url: &str, site_title: &str) -> Self {
        Self {
            og_type: "website",
            og_locale: locale.og_locale(),
            image: None,
            noindex: false,
            feeds: vec![FeedLink {
                title: site_title.to_owned(),
                href: format!("{base_url}/feed.xml"),
            }],
            json_ld: Vec::new(),
        }
    }

    /// The Twitter card type: a large image when there is one.
    pub fn twitter_card(&self) -> &'static str {
        if self.image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        }
    }
}

impl SocialImage {
    /// The preview image of a stored image, described by `alt`.
    pub fn new(base_url: &str, image: &ImageRef, alt: &str) -> Self {
        Self {
            url: format!("{base_url}{}", image.url()),
            width: image.width,
            height: image.height,
            alt: alt.to_owned(),
        }
    }
}

impl JsonLd {
    /// Serialises `value` so that it can sit in a `<script>` element: serde_json leaves `<`,
    /// `>` and `&` as they are, and `</script>` in a title would end the element. They only
    /// occur inside JSON strings, where `\u003c` and the like mean the same character.
    pub fn new(value: &Value) -> Self {
        let json = value.to_string();
        let mut out = String::with_capacity(json.len());
        for c in json.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                c => out.push(c),
            }
        }
        Self(out)
    }

    /// The JSON text, safe to insert as is in a `<script type="application/ld+json">`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let value = json!({"headline": "</script><script>alert(1)</script> & <!--"});
        let embedded = JsonLd::new(&value);
        assert!(!embedded.as_str().contains('<'));
        assert!(!embedded.as_str().contains('>'));
        assert!(!embedded.as_str().contains('&'));
        let back: Value = serde_json::from_str(embedded.as_str()).unwrap();
        assert_eq!(back, value, "the data reads back unchanged");
    }

    #[test]
    fn the_card_is_large_only_with_an_image() {
        let mut seo = PageSeo::new(Locale::Fr, "https://ex.org", "Sillage");
        assert_eq!(seo.twitter_card(), "summary");
        assert_eq!(seo.feeds[0].href, "https://ex.org/feed.xml");
        seo.image = Some(SocialImage {
            url: "https://ex.org/images/a.png".into(),
            width: 1200,
            height: 630,
            alt: "Une voiture".into(),
        });
        assert_eq!(seo.twitter_card(), "summary_large_image");
    }
}
