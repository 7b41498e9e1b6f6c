//! Which requests the cache answers: a `GET` of a public page (article, home and its pages,
//! series, themes, feeds, sitemap), keyed by its path and query. Admin pages and pages reached
//! through a secret link are never among them.

use actix_web::dev::ServiceRequest;
use actix_web::http::Method;

use crate::page_cache::freshness::article_tag;

/// The route patterns of the pages every article change may alter (lists, feeds, sitemap).
const LISTINGS: [&str; 7] = [
    "/",
    "/series/{slug}",
    "/themes/{slug}",
    "/feed.xml",
    "/series/{slug}/feed.xml",
    "/themes/{slug}/feed.xml",
    "/sitemap.xml",
];

/// A request the cache may answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cacheable {
    /// The cache key: the path and the query.
    pub key: String,
    /// The tags of the page besides `all`.
    pub tags: Vec<String>,
    /// The article's slug, on an article page (the one page with personal parts).
    pub article: Option<String>,
}

/// The cacheable page `req` asks for, if it is one.
pub fn cacheable(req: &ServiceRequest) -> Option<Cacheable> {
    if req.method() != Method::GET {
        return None;
    }
    let (path, query) = (req.path(), req.query_string());
    classify(public_route(path)?, path, query)
}

/// The route pattern of a public page's path, read from its segments; `None` for any other
/// path. The router's own lookup (`match_pattern`) tries every route's pattern in turn, which
/// took a fifth of a cache hit's time.
pub fn public_route(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    let slug = |segment: &str| !segment.is_empty();
    Some(match segments.as_slice() {
        [""] => "/",
        ["feed.xml"] => "/feed.xml",
        ["sitemap.xml"] => "/sitemap.xml",
        ["articles", s] if slug(s) => "/articles/{slug}",
        ["articles", s, "comments.xml"] if slug(s) => "/articles/{slug}/comments.xml",
        ["series", s] if slug(s) => "/series/{slug}",
        ["series", s, "feed.xml"] if slug(s) => "/series/{slug}/feed.xml",
        ["themes", s] if slug(s) => "/themes/{slug}",
        ["themes", s, "feed.xml"] if slug(s) => "/themes/{slug}/feed.xml",
        _ => return None,
    })
}

fn classify(pattern: &str, path: &str, query: &str) -> Option<Cacheable> {
    let key = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    let (tags, article) = match pattern {
        "/articles/{slug}" => {
            let slug = path.strip_prefix("/articles/")?;
            (vec![article_tag(slug)], Some(slug.to_owned()))
        }
        "/articles/{slug}/comments.xml" => {
            let slug = path
                .strip_prefix("/articles/")?
                .strip_suffix("/comments.xml")?;
            (vec![article_tag(slug)], None)
        }
        listing if LISTINGS.contains(&listing) => (Vec::new(), None),
        _ => return None,
    };
    Some(Cacheable { key, tags, article })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_pages_are_cacheable_with_their_tags_and_others_not() {
        let article = classify("/articles/{slug}", "/articles/a-b", "comments=top").unwrap();
        assert_eq!(article.key, "/articles/a-b?comments=top");
        assert_eq!(article.tags, ["article:a-b"]);
        assert_eq!(article.article.as_deref(), Some("a-b"));
        let feed = classify(
            "/articles/{slug}/comments.xml",
            "/articles/a/comments.xml",
            "",
        );
        assert_eq!(feed.unwrap().tags, ["article:a"]);
        let home = classify("/", "/", "page=2").unwrap();
        assert_eq!((home.key.as_str(), home.tags.len()), ("/?page=2", 0));
        for (path, pattern) in [
            ("/", Some("/")),
            ("/articles/a-b", Some("/articles/{slug}")),
            (
                "/articles/a/comments.xml",
                Some("/articles/{slug}/comments.xml"),
            ),
            ("/series/x/feed.xml", Some("/series/{slug}/feed.xml")),
            ("/themes/x", Some("/themes/{slug}")),
            ("/sitemap.xml", Some("/sitemap.xml")),
            ("/articles/", None),
            ("/articles/a/", None),
            ("/articles/a/b", None),
            ("/articles/a/comments", None),
            ("/admin/articles", None),
            ("", None),
        ] {
            assert_eq!(public_route(path), pattern, "{path}");
        }
        for private in [
            "/admin",
            "/admin/articles",
            "/newsletter/preferences/{token}",
            "/search",
        ] {
            assert_eq!(classify(private, private, ""), None, "{private}");
        }
    }
}
