//! The comments table and its queries.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::comments::status::{CommentStatus, visible_to};
use crate::schema::{articles, comments};

/// A comment as pages show it.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, serde::Deserialize)]
#[diesel(table_name = comments)]
pub struct Comment {
    /// Primary key (the permalink is `#comment-{id}`).
    pub id: i64,
    /// The comment it answers.
    pub parent_id: Option<i64>,
    /// Nesting depth, 0 for a thread.
    pub depth: i32,
    /// The name shown.
    pub author_name: String,
    /// The commenter's website.
    pub author_url: Option<String>,
    /// Written by the site's author.
    pub by_author: bool,
    /// Markdown as typed.
    pub body_markdown: String,
    /// Sanitised HTML.
    pub body_html: String,
    /// Where it stands in moderation.
    pub status: CommentStatus,
    /// The reader who wrote it (their signed cookie's id).
    pub reader_id: Option<String>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// The passage commented on: a stored [`crate::comments::inline::anchor::Anchor`].
    pub anchor: Option<String>,
}

/// A new comment, checked.
#[derive(Debug, Insertable)]
#[diesel(table_name = comments)]
pub struct NewComment<'a> {
    /// The article.
    pub article_id: i64,
    /// The comment answered.
    pub parent_id: Option<i64>,
    /// Its depth.
    pub depth: i32,
    /// Name shown.
    pub author_name: &'a str,
    /// Address, never shown.
    pub author_email: &'a str,
    /// Website.
    pub author_url: Option<&'a str>,
    /// By the site's author.
    pub by_author: bool,
    /// Markdown as typed.
    pub body_markdown: &'a str,
    /// Rendered HTML.
    pub body_html: &'a str,
    /// Initial status.
    pub status: CommentStatus,
    /// Notification wish: `none`, `replies`, `all`.
    pub notify: &'a str,
    /// The passage commented on (a text-quote selector), if any.
    pub anchor: Option<&'a str>,
    /// The writer's reader id.
    pub reader_id: Option<&'a str>,
    /// Truncated client address.
    pub client_network: &'a str,
    /// When approved (now, for comments shown at once).
    pub approved_at: Option<DateTime<Utc>>,
}

/// A line of the moderation inbox.
#[derive(Debug, Clone, Queryable)]
pub struct InboxRow {
    /// The comment.
    pub id: i64,
    /// Name shown.
    pub author_name: String,
    /// Address.
    pub author_email: String,
    /// Rendered body.
    pub body_html: String,
    /// When written.
    pub created_at: DateTime<Utc>,
    /// The article's title.
    pub article_title: String,
    /// The article's slug.
    pub article_slug: String,
    /// The article.
    pub article_id: i64,
    /// The passage commented on, if any.
    pub anchor: Option<String>,
    /// Written by the site's author.
    pub by_author: bool,
}

impl Comment {
    /// The approved comments of an article, plus the pending ones of `reader`, oldest first.
    /// The reader's comments kept as spam show to them as pending: a blocked sender is not told.
    pub async fn visible(
        conn: &mut AsyncPgConnection,
        article_id: i64,
        reader: Option<&str>,
    ) -> QueryResult<Vec<Self>> {
        comments::table
            .filter(comments::article_id.eq(article_id))
            .filter(visible_to(reader))
            .order((comments::created_at.asc(), comments::id.asc()))
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// How many approved comments the article has.
    pub async fn approved_count(conn: &mut AsyncPgConnection, article_id: i64) -> QueryResult<i64> {
        comments::table
            .filter(comments::article_id.eq(article_id))
            .filter(comments::status.eq(CommentStatus::Approved))
            .count()
            .get_result(conn)
            .await
    }

    /// The depth and writer's name of an approved comment of this article, if it is one (a
    /// comment being answered).
    pub async fn approved_parent(
        conn: &mut AsyncPgConnection,
        article_id: i64,
        id: i64,
    ) -> QueryResult<Option<(i32, String)>> {
        comments::table
            .filter(comments::id.eq(id))
            .filter(comments::article_id.eq(article_id))
            .filter(comments::status.eq(CommentStatus::Approved))
            .select((comments::depth, comments::author_name))
            .first(conn)
            .await
            .optional()
    }

    /// Whether a comment signed `email` comes from a returning commenter: the address has an
    /// approved comment, and the request proves it is theirs (`proven`: the browser confirmed
    /// the address; or `browser`, its reader cookie, posted that approved comment). Knowing an
    /// address is not enough.
    pub async fn is_returning(
        conn: &mut AsyncPgConnection,
        email: &str,
        browser: Option<&str>,
        proven: bool,
    ) -> QueryResult<bool> {
        let approved = comments::table
            .filter(comments::author_email.eq(email))
            .filter(comments::status.eq(CommentStatus::Approved));
        match (proven, browser) {
            (true, _) => {
                diesel::select(diesel::dsl::exists(approved))
                    .get_result(conn)
                    .await
            }
            (false, Some(browser)) => {
                diesel::select(diesel::dsl::exists(
                    approved.filter(comments::reader_id.eq(browser)),
                ))
                .get_result(conn)
                .await
            }
            (false, None) => Ok(false),
        }
    }

    /// How many comments came from `network` since `since`.
    pub async fn count_from_network(
        conn: &mut AsyncPgConnection,
        network: &str,
        since: DateTime<Utc>,
    ) -> QueryResult<i64> {
        comments::table
            .filter(comments::client_network.eq(network))
            .filter(comments::created_at.gt(since))
            .count()
            .get_result(conn)
            .await
    }

    /// Whether `network` may post one more comment at `now` (fewer than `limit` in the last
    /// 10 minutes), holding the range's lock until the caller's transaction ends so that the
    /// comment it then inserts is counted by the next caller.
    pub async fn within_network_limit(
        conn: &mut AsyncPgConnection,
        network: &str,
        now: DateTime<Utc>,
        limit: i64,
    ) -> QueryResult<bool> {
        diesel::sql_query("SELECT pg_advisory_xact_lock(12, hashtext($1))")
            .bind::<diesel::sql_types::Text, _>(network)
            .execute(conn)
            .await?;
        let recent =
            Self::count_from_network(conn, network, now - chrono::Duration::minutes(10)).await?;
        Ok(recent < limit)
    }

    /// Whether the same address already posted the same text on this article since `since`.
    pub async fn is_duplicate(
        conn: &mut AsyncPgConnection,
        article_id: i64,
        email: &str,
        body: &str,
        since: DateTime<Utc>,
    ) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            comments::table
                .filter(comments::article_id.eq(article_id))
                .filter(comments::author_email.eq(email))
                .filter(comments::body_markdown.eq(body))
                .filter(comments::created_at.gt(since)),
        ))
        .get_result(conn)
        .await
    }

    /// Stores a comment.
    pub async fn insert(conn: &mut AsyncPgConnection, new: &NewComment<'_>) -> QueryResult<i64> {
        diesel::insert_into(comments::table)
            .values(new)
            .returning(comments::id)
            .get_result(conn)
            .await
    }

    /// Moves a comment to `status`; false when it does not exist.
    pub async fn set_status(
        conn: &mut AsyncPgConnection,
        id: i64,
        status: CommentStatus,
        now: DateTime<Utc>,
    ) -> QueryResult<bool> {
        let approved_at = (status == CommentStatus::Approved).then_some(now);
        diesel::update(comments::table.find(id))
            .set((
                comments::status.eq(status),
                comments::approved_at.eq(approved_at),
            ))
            .execute(conn)
            .await
            .map(|n| n == 1)
    }

    /// The slug of the published article of an approved comment.
    pub async fn approved_article_slug(
        conn: &mut AsyncPgConnection,
        id: i64,
    ) -> QueryResult<Option<String>> {
        comments::table
            .inner_join(articles::table)
            .filter(comments::id.eq(id))
            .filter(comments::status.eq(CommentStatus::Approved))
            .filter(articles::status.eq("published"))
            .select(articles::slug)
            .first(conn)
            .await
            .optional()
    }

    /// The article and depth of a comment.
    pub async fn place(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<(i64, i32)> {
        comments::table
            .find(id)
            .select((comments::article_id, comments::depth))
            .first(conn)
            .await
    }
}
