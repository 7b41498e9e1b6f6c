//! The `redirects` table: an old path, stored without its trailing slash, and its new page.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::redirects;

/// The page `path` moved to, if it is a known old address.
pub async fn target_of(conn: &mut AsyncPgConnection, path: &str) -> QueryResult<Option<String>> {
    redirects::table
        .find(path)
        .select(redirects::target)
        .first(conn)
        .await
        .optional()
}

/// The key of a requested path: lower case, without its trailing slash or WordPress's
/// `comment-page-N` suffix (the comments are all on the article's page here).
pub fn key_of(path: &str) -> String {
    let path = path.trim_end_matches('/').to_lowercase();
    let path = match path.rsplit_once('/') {
        Some((before, last))
            if last
                .strip_prefix("comment-page-")
                .is_some_and(|n| n.parse::<u32>().is_ok()) =>
        {
            before.to_owned()
        }
        _ => path,
    };
    if path.is_empty() {
        "/".to_owned()
    } else {
        path
    }
}

/// The key of a WordPress query (`/?p=12`, `/?page_id=3`, `/?replytocom=101`…), if the query
/// has one.
pub fn query_key(query: &str) -> Option<String> {
    const KEYS: [&str; 7] = [
        "p",
        "page_id",
        "attachment_id",
        "cat",
        "tag",
        "feed",
        "replytocom",
    ];
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (KEYS.contains(&key) && !value.is_empty())
            .then(|| format!("/?{key}={}", value.to_lowercase()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_keyed_without_slash_case_or_comment_page() {
        assert_eq!(key_of("/2025/06/Essai/"), "/2025/06/essai");
        assert_eq!(key_of("/essai/comment-page-2/"), "/essai");
        assert_eq!(key_of("/"), "/");
        assert_eq!(query_key("utm=x&p=12").as_deref(), Some("/?p=12"));
        assert_eq!(query_key("page=2"), None);
    }
}
