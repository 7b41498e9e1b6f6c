//! Which requests count as a reader's view of a public page: a `GET` answered 200 with HTML,
//! on a public page's path, from a browser that is neither a robot nor prefetching.

use std::sync::LazyLock;

use actix_web::http::header::{self, HeaderMap, HeaderName};
use aho_corasick::AhoCorasick;

/// Longest path counted; longer ones are not pages of the site.
const MAX_PATH: usize = 300;

/// Words in a user agent that only robots, crawlers and scripts send.
const ROBOTS: [&str; 16] = [
    "bot",
    "crawl",
    "spider",
    "slurp",
    "fetch",
    "preview",
    "facebookexternalhit",
    "curl",
    "wget",
    "python",
    "java/",
    "go-http",
    "okhttp",
    "headless",
    "lighthouse",
    "monitor",
];

/// [`ROBOTS`], found in one pass over a user agent, whatever its case, with nothing copied.
static ROBOT_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    #[expect(
        clippy::expect_used,
        reason = "sixteen short fixed words always make an automaton"
    )]
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(ROBOTS)
        .expect("the robots' words make an automaton")
});

/// The headers browsers mark a prefetch or a prerender with (names made once, not parsed per
/// request).
static PREFETCH_HEADERS: [HeaderName; 4] = [
    HeaderName::from_static("sec-purpose"),
    HeaderName::from_static("purpose"),
    HeaderName::from_static("x-moz"),
    HeaderName::from_static("x-purpose"),
];

/// The public page a path is, with its query dropped, when views of it are counted: the home
/// page and its pages, articles, series, themes, search and the newsletter page. Pages that
/// carry a token (emails' links) and the admin are never counted.
pub fn counted_path(path: &str) -> Option<&str> {
    let counted = path == "/"
        || path == "/search"
        || path == "/newsletter"
        || ["/articles/", "/series/", "/themes/"]
            .iter()
            .any(|prefix| path.strip_prefix(prefix).is_some_and(is_slug));
    (counted && path.len() <= MAX_PATH).then_some(path)
}

/// One segment of lower-case letters, digits and dashes.
fn is_slug(rest: &str) -> bool {
    !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether the request comes from a person's browser showing the page: not a robot (by its
/// user agent, or none), not a prefetch or prerender.
pub fn is_reader(headers: &HeaderMap) -> bool {
    let agent = headers
        .get(header::USER_AGENT)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if agent.is_empty() || ROBOT_WORDS.is_match(agent) {
        return false;
    }
    let prefetch = PREFETCH_HEADERS
        .iter()
        .filter_map(|name| headers.get(name)?.to_str().ok())
        .any(|value| {
            let value = value.to_ascii_lowercase();
            value.contains("prefetch") || value.contains("prerender") || value.contains("preview")
        });
    !prefetch
}

#[cfg(test)]
mod tests {
    use super::{counted_path, is_reader};
    use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        map
    }

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    #[test]
    fn only_public_pages_count() {
        for path in ["/", "/articles/une-analyse", "/series/decodage", "/search"] {
            assert_eq!(counted_path(path), Some(path));
        }
        for path in [
            "/admin",
            "/articles/une-analyse/comments.xml",
            "/newsletter/preferences/12.abc",
            "/static/1/site.css",
            "/articles/",
            "/articles/../admin",
            "/health",
        ] {
            assert_eq!(counted_path(path), None, "{path}");
        }
    }

    #[test]
    fn robots_and_prefetches_are_not_readers() {
        assert!(is_reader(&headers(&[("user-agent", FIREFOX)])));
        assert!(!is_reader(&headers(&[])));
        assert!(!is_reader(&headers(&[(
            "user-agent",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
        )])));
        assert!(!is_reader(&headers(&[("user-agent", "curl/8.5.0")])));
        assert!(!is_reader(&headers(&[
            ("user-agent", FIREFOX),
            ("sec-purpose", "prefetch;prerender")
        ])));
        assert!(!is_reader(&headers(&[
            ("user-agent", FIREFOX),
            ("x-moz", "prefetch")
        ])));
    }
}
