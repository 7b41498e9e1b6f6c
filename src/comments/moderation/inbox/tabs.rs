//! The inbox's queries: a tab's comments newest first, one keyset page at a time, narrowed by
//! a search on the name, address, text and article title; and how many each tab holds.

use chrono::{DateTime, Utc};
use diesel::dsl::InnerJoinQuerySource;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::comments::model::{Comment, InboxRow};
use crate::comments::status::CommentStatus;
use crate::db::text_match::{contains_pattern, fold, folded};
use crate::schema::{articles, comments};

/// Where a page of the inbox starts: below this comment in the newest-first order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxCursor {
    /// When the last comment shown was written.
    pub created_at: DateTime<Utc>,
    /// Its id, which breaks ties.
    pub id: i64,
}

impl InboxCursor {
    /// The cursor after `row`.
    pub fn after(row: &InboxRow) -> Self {
        Self {
            created_at: row.created_at,
            id: row.id,
        }
    }

    /// Reads `{microseconds}.{id}`; `None` when malformed.
    pub fn parse(raw: &str) -> Option<Self> {
        let (micros, id) = raw.split_once('.')?;
        Some(Self {
            created_at: DateTime::from_timestamp_micros(micros.parse().ok()?)?,
            id: id.parse().ok().filter(|id| *id > 0)?,
        })
    }

    /// The cursor as written in a link.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.created_at.timestamp_micros(), self.id)
    }
}

/// Which comments a page of the inbox shows.
#[derive(Debug, Clone, Copy)]
pub struct InboxFilter<'a> {
    /// The tab.
    pub status: CommentStatus,
    /// The search typed, if any.
    pub search: Option<&'a str>,
    /// Start below this comment.
    pub before: Option<InboxCursor>,
}

type Joined = InnerJoinQuerySource<comments::table, articles::table>;

/// The comments whose name, address, text or article title hold `search`, whatever the
/// case and accents.
fn matching(search: &str) -> Box<dyn BoxableExpression<Joined, Pg, SqlType = Bool>> {
    let pattern = contains_pattern(&fold(search.trim()));
    Box::new(
        folded(comments::author_name)
            .like(pattern.clone())
            .or(folded(comments::author_email).like(pattern.clone()))
            .or(folded(comments::body_markdown).like(pattern.clone()))
            .or(folded(articles::title).like(pattern)),
    )
}

impl Comment {
    /// A page of the inbox: at most `limit` comments of `filter`, newest first, with their
    /// article.
    pub async fn inbox_page(
        conn: &mut AsyncPgConnection,
        filter: &InboxFilter<'_>,
        limit: i64,
    ) -> QueryResult<Vec<InboxRow>> {
        let mut query = comments::table
            .inner_join(articles::table)
            .filter(comments::status.eq(filter.status))
            .order((comments::created_at.desc(), comments::id.desc()))
            .limit(limit)
            .select((
                comments::id,
                comments::author_name,
                comments::author_email,
                comments::body_html,
                comments::created_at,
                articles::title,
                articles::slug,
                articles::id,
                comments::anchor,
                comments::by_author,
            ))
            .into_boxed();
        if let Some(search) = filter.search {
            query = query.filter(matching(search));
        }
        if let Some(before) = filter.before {
            query = query.filter(
                comments::created_at
                    .lt(before.created_at)
                    .or(comments::created_at
                        .eq(before.created_at)
                        .and(comments::id.lt(before.id))),
            );
        }
        query.load(conn).await
    }

    /// The first `limit` comments with `status`, newest first, with their article.
    pub async fn inbox(
        conn: &mut AsyncPgConnection,
        status: CommentStatus,
        limit: i64,
    ) -> QueryResult<Vec<InboxRow>> {
        let filter = InboxFilter {
            status,
            search: None,
            before: None,
        };
        Self::inbox_page(conn, &filter, limit).await
    }

    /// How many comments have each status (of those matching `search`, when given).
    pub async fn counts(
        conn: &mut AsyncPgConnection,
        search: Option<&str>,
    ) -> QueryResult<Vec<(CommentStatus, i64)>> {
        let mut query = comments::table
            .inner_join(articles::table)
            .group_by(comments::status)
            .select((comments::status, diesel::dsl::count_star()))
            .into_boxed();
        if let Some(search) = search {
            query = query.filter(matching(search));
        }
        query.load(conn).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_refuses_garbage() {
        let cursor = InboxCursor {
            created_at: DateTime::from_timestamp_micros(1_764_500_000_123_456).unwrap(),
            id: 42,
        };
        assert_eq!(InboxCursor::parse(&cursor.encode()), Some(cursor));
        for raw in [
            "",
            "42",
            "x.42",
            "1764500000123456.-1",
            "1764500000123456.y",
            "1.2.3",
        ] {
            assert_eq!(InboxCursor::parse(raw), None, "{raw}");
        }
    }
}
