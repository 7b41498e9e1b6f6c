//! Attribution without tracking: a form filled in on an article's page says which page it
//! sat on (a hidden `from` field holding the page's path), and the article is found from it.
//! Nothing follows the reader: an unknown, unpublished or forged page is simply no article.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::domain::Slug;
use crate::schema::articles;

/// The slug of an article page's path (`/articles/{slug}`), if it is one.
pub fn article_slug(page: &str) -> Option<Slug> {
    Slug::parse(page.trim().strip_prefix("/articles/")?)
}

/// The published article whose page is `page`, if any.
pub async fn article_of_page(conn: &mut AsyncPgConnection, page: &str) -> QueryResult<Option<i64>> {
    let Some(slug) = article_slug(page) else {
        return Ok(None);
    };
    articles::table
        .filter(articles::slug.eq(slug.as_str()))
        .filter(articles::status.eq("published"))
        .select(articles::id)
        .first(conn)
        .await
        .optional()
}

/// The ids of the articles among `pages` (paths), each with its page.
pub async fn articles_of_pages(
    conn: &mut AsyncPgConnection,
    pages: &[String],
) -> QueryResult<Vec<(String, i64)>> {
    let slugs: Vec<String> = pages
        .iter()
        .filter_map(|page| article_slug(page))
        .map(|slug| slug.as_str().to_owned())
        .collect();
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<(String, i64)> = articles::table
        .filter(articles::slug.eq_any(&slugs))
        .select((articles::slug, articles::id))
        .load(conn)
        .await?;
    Ok(found
        .into_iter()
        .map(|(slug, id)| (format!("/articles/{slug}"), id))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::article_slug;

    #[test]
    fn only_an_article_path_names_an_article() {
        assert_eq!(
            article_slug("/articles/lfp-ou-nmc").map(|s| s.as_str().to_owned()),
            Some("lfp-ou-nmc".to_owned())
        );
        for other in [
            "",
            "/",
            "/articles/",
            "/series/x",
            "/articles/a/b",
            "/articles/A'",
            "x",
        ] {
            assert_eq!(article_slug(other), None, "{other}");
        }
    }
}
