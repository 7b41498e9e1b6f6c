//! Thread follows: a reader follows the comments of an article (`all`) or only the replies to
//! their own comments there (`replies`). A follow is `pending` until the address is confirmed,
//! `active` afterwards, `stopped` once the reader unsubscribed (kept so the link still answers).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::{articles, follows, readers};

/// What a follow asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowMode {
    /// Every new comment on the article.
    All,
    /// Replies to the reader's own comments.
    Replies,
}

impl FollowMode {
    /// Parses a form value: `all` or `replies`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "all" => Some(Self::All),
            "replies" => Some(Self::Replies),
            _ => None,
        }
    }

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Replies => "replies",
        }
    }
}

/// A follow with what its unsubscribe link needs.
#[derive(Debug, Clone, Queryable)]
pub struct FollowLink {
    /// The follow.
    pub id: i64,
    /// The reader's link salt (part of the link's key).
    pub link_salt: Vec<u8>,
}

/// A follow as the reader's preferences page lists it.
#[derive(Debug, Clone, Queryable)]
pub struct FollowedArticle {
    /// The follow.
    pub id: i64,
    /// `all` or `replies`.
    pub mode: String,
    /// The article's title.
    pub article_title: String,
    /// The article's slug.
    pub article_slug: String,
}

/// The queries on follows.
pub struct Follow;

impl Follow {
    /// Records what the reader asked for on this article (the latest wish wins): active at
    /// once when the reader is proven (`active`), pending otherwise.
    pub async fn request(
        conn: &mut AsyncPgConnection,
        reader_id: i64,
        article_id: i64,
        mode: FollowMode,
        active: bool,
        now: DateTime<Utc>,
    ) -> QueryResult<()> {
        let wish = (
            follows::mode.eq(mode.as_str()),
            follows::status.eq(if active { "active" } else { "pending" }),
            follows::activated_at.eq(active.then_some(now)),
            follows::stopped_at.eq(None::<DateTime<Utc>>),
        );
        diesel::insert_into(follows::table)
            .values((
                follows::reader_id.eq(reader_id),
                follows::article_id.eq(article_id),
                wish,
            ))
            .on_conflict((follows::reader_id, follows::article_id))
            .do_update()
            .set(wish)
            .execute(conn)
            .await
            .map(|_| ())
    }

    /// Whether the reader follows the article now.
    pub async fn is_active(
        conn: &mut AsyncPgConnection,
        reader_id: i64,
        article_id: i64,
    ) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            follows::table
                .filter(follows::reader_id.eq(reader_id))
                .filter(follows::article_id.eq(article_id))
                .filter(follows::status.eq("active")),
        ))
        .get_result(conn)
        .await
    }

    /// The reader's follow of the article, whatever its status.
    pub async fn id_of(
        conn: &mut AsyncPgConnection,
        reader_id: i64,
        article_id: i64,
    ) -> QueryResult<Option<i64>> {
        follows::table
            .filter(follows::reader_id.eq(reader_id))
            .filter(follows::article_id.eq(article_id))
            .select(follows::id)
            .first(conn)
            .await
            .optional()
    }

    /// Activates the reader's pending follows (their address was just confirmed); returns the
    /// titles of the articles now followed.
    pub async fn activate_pending(
        conn: &mut AsyncPgConnection,
        reader_id: i64,
        now: DateTime<Utc>,
    ) -> QueryResult<Vec<String>> {
        let ids: Vec<i64> = diesel::update(
            follows::table
                .filter(follows::reader_id.eq(reader_id))
                .filter(follows::status.eq("pending")),
        )
        .set((follows::status.eq("active"), follows::activated_at.eq(now)))
        .returning(follows::article_id)
        .get_results(conn)
        .await?;
        articles::table
            .filter(articles::id.eq_any(ids))
            .order(articles::title)
            .select(articles::title)
            .load(conn)
            .await
    }

    /// The follow behind an unsubscribe link, with its reader's salt.
    pub async fn link(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<FollowLink>> {
        follows::table
            .inner_join(readers::table)
            .filter(follows::id.eq(id))
            .select((follows::id, readers::link_salt))
            .first(conn)
            .await
            .optional()
    }

    /// Stops a follow at once; true when it was not stopped yet.
    pub async fn stop(
        conn: &mut AsyncPgConnection,
        id: i64,
        now: DateTime<Utc>,
    ) -> QueryResult<bool> {
        diesel::update(
            follows::table
                .find(id)
                .filter(follows::status.ne("stopped")),
        )
        .set((follows::status.eq("stopped"), follows::stopped_at.eq(now)))
        .execute(conn)
        .await
        .map(|n| n == 1)
    }

    /// The reader's active follows, by article title.
    pub async fn of_reader(
        conn: &mut AsyncPgConnection,
        reader_id: i64,
    ) -> QueryResult<Vec<FollowedArticle>> {
        follows::table
            .inner_join(articles::table)
            .filter(follows::reader_id.eq(reader_id))
            .filter(follows::status.eq("active"))
            .order((articles::title, follows::id))
            .select((follows::id, follows::mode, articles::title, articles::slug))
            .load(conn)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::FollowMode;

    #[test]
    fn only_the_two_modes_parse() {
        assert_eq!(FollowMode::parse("all"), Some(FollowMode::All));
        assert_eq!(FollowMode::parse(" replies "), Some(FollowMode::Replies));
        for junk in ["", "none", "ALL", "all\r\n;x", "tout"] {
            assert_eq!(FollowMode::parse(junk), None, "{junk:?}");
        }
        assert_eq!(FollowMode::All.as_str(), "all");
    }
}
