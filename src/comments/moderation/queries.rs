//! The queries of the moderator's own pages on one comment: its tab, the text being edited and
//! its update, and who sent it (for the block list).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::comments::model::Comment;
use crate::comments::status::CommentStatus;
use crate::schema::{articles, comments};

/// A comment as the moderator edits it.
#[derive(Debug, Clone, Queryable)]
pub struct Editable {
    /// The comment.
    pub id: i64,
    /// Its inbox tab.
    pub status: CommentStatus,
    /// Name shown.
    pub author_name: String,
    /// Address, never shown to readers.
    pub author_email: String,
    /// Website.
    pub author_url: Option<String>,
    /// Markdown as typed.
    pub body_markdown: String,
    /// The article's title.
    pub article_title: String,
}

/// The new text of an edited comment, checked.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = comments, treat_none_as_null = true)]
pub struct CommentUpdate<'a> {
    /// Name shown.
    pub author_name: &'a str,
    /// Website, `None` to remove it.
    pub author_url: Option<&'a str>,
    /// Markdown as typed.
    pub body_markdown: &'a str,
    /// Its sanitised HTML.
    pub body_html: &'a str,
}

/// Who sent a comment.
#[derive(Debug, Clone, Queryable)]
pub struct Sender {
    /// Their address.
    pub email: String,
    /// Their truncated client network as stored (`author` for the author's own).
    pub network: String,
    /// The site's author.
    pub by_author: bool,
}

/// Whether reading a comment's tab locks its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowLock {
    /// A plain read, to show what is.
    None,
    /// `FOR UPDATE`: the row stays as read until the transaction ends, so that what is decided
    /// from it holds.
    ForUpdate,
}

impl Comment {
    /// The tab a comment is in, its row locked as `lock` says; `None` when it does not exist.
    pub async fn status_of(
        conn: &mut AsyncPgConnection,
        id: i64,
        lock: RowLock,
    ) -> QueryResult<Option<CommentStatus>> {
        let status = comments::table.find(id).select(comments::status);
        match lock {
            RowLock::None => status.first(conn).await,
            RowLock::ForUpdate => status.for_update().first(conn).await,
        }
        .optional()
    }

    /// A comment to edit.
    pub async fn editable(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Editable> {
        comments::table
            .inner_join(articles::table)
            .filter(comments::id.eq(id))
            .select((
                comments::id,
                comments::status,
                comments::author_name,
                comments::author_email,
                comments::author_url,
                comments::body_markdown,
                articles::title,
            ))
            .first(conn)
            .await
    }

    /// Saves an edit; false when the comment does not exist.
    pub async fn update_text(
        conn: &mut AsyncPgConnection,
        id: i64,
        update: &CommentUpdate<'_>,
    ) -> QueryResult<bool> {
        diesel::update(comments::table.find(id))
            .set(update)
            .execute(conn)
            .await
            .map(|n| n == 1)
    }

    /// Who sent a comment.
    pub async fn sender(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Sender> {
        comments::table
            .find(id)
            .select((
                comments::author_email,
                comments::client_network,
                comments::by_author,
            ))
            .first(conn)
            .await
    }
}
