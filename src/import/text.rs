//! Small conversions of exported values: HTML entities in plain-text fields, WordPress dates,
//! slugs and web addresses.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Decodes HTML entities once (`Cuisine &amp; Vins` → `Cuisine & Vins`, `&#8217;` → `’`), as
/// WordPress stores them in names and titles; tags are dropped, text is trimmed.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') && !text.contains('<') {
        return text.trim().to_owned();
    }
    let fragment = scraper::Html::parse_fragment(text);
    let decoded: String = fragment.root_element().text().collect();
    decoded.replace('\u{a0}', " ").trim().to_owned()
}

/// A WordPress `Y-m-d H:i:s` date: the `*_gmt` value when it is a real date, otherwise the
/// site-time value read in the site's time zone. `0000-00-00 00:00:00` is no date.
pub fn wp_date(gmt: &str, local: &str, zone: Tz) -> Option<DateTime<Utc>> {
    if let Some(at) = naive(gmt) {
        return Some(at.and_utc());
    }
    naive(local)
        .and_then(|at| zone.from_local_datetime(&at).earliest())
        .map(|at| at.with_timezone(&Utc))
}

fn naive(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    if text.is_empty() || text.starts_with("0000") {
        return None;
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok()
}

/// A slug Sillage accepts: WordPress's percent-encoded slugs decoded, then reduced to
/// `a-z0-9-`, at most 120 characters; empty when nothing is left.
pub fn slug(raw: &str) -> String {
    let decoded = percent_decode(raw);
    let mut slug = slug::slugify(decoded);
    if slug.len() > 120 {
        slug.truncate(120);
        slug = slug.trim_end_matches('-').to_owned();
    }
    slug
}

/// Decodes `%xx` escapes (invalid UTF-8 is replaced).
pub fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A commenter's website, kept only when it is an http(s) address.
pub fn web_address(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let scheme_end = raw.find("://")?;
    let scheme = raw[..scheme_end].to_ascii_lowercase();
    let ok = matches!(scheme.as_str(), "http" | "https")
        && raw.len() <= 2000
        && url::Url::parse(raw).is_ok();
    // The database takes only a lower-case scheme.
    ok.then(|| format!("{scheme}{}", &raw[scheme_end..]))
}

/// The path of an address (`https://blog.example/2025/06/x/?a=1` → `/2025/06/x`), without its
/// trailing slash: how redirects are keyed.
pub fn path_of(address: &str) -> Option<String> {
    let parsed = url::Url::parse(address).ok()?;
    let path = parsed.path().trim_end_matches('/');
    let mut key = if path.is_empty() {
        "/".to_owned()
    } else {
        path.to_owned()
    };
    if let Some(query) = parsed.query().filter(|q| !q.is_empty()) {
        key.push('?');
        key.push_str(query);
    }
    Some(key.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(decode_entities("Cuisine &amp; Vins"), "Cuisine & Vins");
        assert_eq!(decode_entities("L&#8217;&eacute;t&eacute;"), "L’été");
        assert_eq!(decode_entities("AT&amp;amp;T"), "AT&amp;T");
    }

    #[test]
    fn zero_dates_fall_back_to_site_time_or_nothing() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let at = wp_date("0000-00-00 00:00:00", "2025-06-10 14:00:00", paris).unwrap();
        assert_eq!(at.to_rfc3339(), "2025-06-10T12:00:00+00:00");
        assert!(wp_date("0000-00-00 00:00:00", "0000-00-00 00:00:00", paris).is_none());
        let gmt = wp_date("2025-06-10 12:30:00", "whatever", paris).unwrap();
        assert_eq!(gmt.to_rfc3339(), "2025-06-10T12:30:00+00:00");
    }

    #[test]
    fn slugs_are_decoded_and_reduced() {
        assert_eq!(slug("voitures-%c3%a9lectriques"), "voitures-electriques");
        assert_eq!(slug("Hello World!"), "hello-world");
        assert_eq!(slug(""), "");
    }

    #[test]
    fn only_web_addresses_are_kept() {
        assert_eq!(
            web_address("https://ex.org/?a=1&b=2").as_deref(),
            Some("https://ex.org/?a=1&b=2")
        );
        assert!(web_address("javascript:alert(1)").is_none());
        assert!(web_address("ex.org").is_none());
    }

    #[test]
    fn paths_lose_their_trailing_slash() {
        assert_eq!(
            path_of("https://blog.example/2025/06/Essai/").as_deref(),
            Some("/2025/06/essai")
        );
        assert_eq!(
            path_of("https://blog.example/?p=12").as_deref(),
            Some("/?p=12")
        );
    }
}
