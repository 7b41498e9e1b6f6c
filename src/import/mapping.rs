//! What each WordPress item became (`wordpress_items`, keyed by site, kind and WordPress id), and
//! the old addresses that answer with a redirect (`redirects`). Both are written with the item
//! they belong to, in its transaction.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::{comments, redirects, wordpress_items};

/// The kinds of WordPress items remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A post, become an article.
    Post,
    /// A comment.
    Comment,
    /// A wpDiscuz subscription, become a follow.
    Subscription,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Comment => "comment",
            Kind::Subscription => "subscription",
        }
    }
}

/// The mapping of one WordPress site.
#[derive(Debug, Clone)]
pub struct Mapping {
    site: String,
}

impl Mapping {
    /// The mapping of the site at `site` (its `base_blog_url`).
    pub fn of_site(site: &str) -> Self {
        Self {
            site: site.trim_end_matches('/').to_lowercase(),
        }
    }

    /// The site, as the mapping keys it.
    pub fn site(&self) -> &str {
        &self.site
    }

    /// What the item became, if it was imported before.
    pub async fn find(
        &self,
        conn: &mut AsyncPgConnection,
        kind: Kind,
        wp_id: i64,
    ) -> QueryResult<Option<i64>> {
        wordpress_items::table
            .find((&self.site, kind.as_str(), wp_id))
            .select(wordpress_items::target_id)
            .first(conn)
            .await
            .optional()
    }

    /// Remembers what items became.
    pub async fn record(
        &self,
        conn: &mut AsyncPgConnection,
        kind: Kind,
        pairs: &[(i64, i64)],
    ) -> QueryResult<()> {
        let rows: Vec<_> = pairs
            .iter()
            .map(|(wp_id, target)| {
                (
                    wordpress_items::site.eq(&self.site),
                    wordpress_items::kind.eq(kind.as_str()),
                    wordpress_items::wp_id.eq(*wp_id),
                    wordpress_items::target_id.eq(*target),
                )
            })
            .collect();
        for chunk in rows.chunks(10_000) {
            diesel::insert_into(wordpress_items::table)
                .values(chunk)
                .on_conflict_do_nothing()
                .execute(conn)
                .await?;
        }
        Ok(())
    }

    /// The comments of `wp_ids` imported before: WordPress id → (comment id, depth).
    pub async fn comments(
        &self,
        conn: &mut AsyncPgConnection,
        wp_ids: &[i64],
    ) -> QueryResult<HashMap<i64, (i64, i32)>> {
        let rows: Vec<(i64, i64, i32)> = wordpress_items::table
            .inner_join(comments::table.on(comments::id.eq(wordpress_items::target_id)))
            .filter(wordpress_items::site.eq(&self.site))
            .filter(wordpress_items::kind.eq(Kind::Comment.as_str()))
            .filter(wordpress_items::wp_id.eq_any(wp_ids))
            .select((wordpress_items::wp_id, comments::id, comments::depth))
            .load(conn)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(wp, id, depth)| (wp, (id, depth)))
            .collect())
    }
}

/// Adds redirects `path → target` (an old address already known keeps its target); returns
/// how many were new.
pub async fn add_redirects(
    conn: &mut AsyncPgConnection,
    pairs: &[(String, String)],
) -> QueryResult<usize> {
    let rows: Vec<_> = pairs
        .iter()
        .filter(|(path, target)| path.starts_with('/') && path != target && path.len() <= 2000)
        .map(|(path, target)| (redirects::path.eq(path), redirects::target.eq(target)))
        .collect();
    let mut added = 0;
    for chunk in rows.chunks(5_000) {
        added += diesel::insert_into(redirects::table)
            .values(chunk)
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
    }
    Ok(added)
}
