//! Votes on comments: up or down, one per reader and comment (an upsert on the composite key),
//! with the same reader identity and address-range limit as ratings.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, SmallInt, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::db::fixed::{FixedSql, fixed};
use crate::db::quick_commit;
use crate::schema::{comment_votes, comments};

/// An up or down vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteValue(i16);

impl VoteValue {
    /// Accepts "1" and "-1" only.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "1" | "+1" => Some(Self(1)),
            "-1" => Some(Self(-1)),
            _ => None,
        }
    }
}

/// Serialises the new votes of one address range (`$1`).
struct RangeLock;

impl FixedSql for RangeLock {
    const SQL: &'static str = "SELECT pg_advisory_xact_lock(11, hashtext($1))::text";
}

/// The vote, taken when the reader already voted on the comment (a change) or when their
/// address range gave fewer than `$6` new votes since `$5`: one statement, so that the check
/// and the write see the same rows.
struct Vote;

impl FixedSql for Vote {
    const SQL: &'static str = "\
INSERT INTO comment_votes (comment_id, reader_id, value, client_network)
SELECT $1, $2, $3, $4
WHERE EXISTS (SELECT 1 FROM comment_votes WHERE comment_id = $1 AND reader_id = $2)
   OR (SELECT count(*) FROM comment_votes WHERE client_network = $4 AND created_at > $5) < $6
ON CONFLICT (comment_id, reader_id) DO UPDATE SET value = EXCLUDED.value, updated_at = now()";
}

/// Records the reader's vote; `false` when the address range is over its daily limit of new
/// votes. Votes from one range are serialised so the limit is exact (the vote, a statement after
/// the lock's, sees every vote committed before it). A vote recorded is on disk when this
/// returns ([`quick_commit`]).
pub async fn vote(
    conn: &mut AsyncPgConnection,
    comment_id: i64,
    reader_id: &str,
    network: &str,
    value: VoteValue,
    daily_limit: i64,
) -> QueryResult<bool> {
    let since = chrono::Utc::now() - chrono::Duration::days(1);
    let taken = conn
        .transaction(async |conn| {
            quick_commit::defer_sync(conn).await?;
            fixed::<RangeLock, _>(|sql| sql.bind::<Text, _>(network))
                .execute(conn)
                .await?;
            fixed::<Vote, _>(|sql| {
                sql.bind::<BigInt, _>(comment_id)
                    .bind::<Text, _>(reader_id)
                    .bind::<SmallInt, _>(value.0)
                    .bind::<Text, _>(network)
                    .bind::<Timestamptz, _>(since)
                    .bind::<BigInt, _>(daily_limit)
            })
            .execute(conn)
            .await
        })
        .await?;
    if taken == 0 {
        return Ok(false);
    }
    quick_commit::wait_for_disk(conn).await?;
    Ok(true)
}

/// The scores of an article's comments and the reader's own votes, in two grouped queries.
pub async fn of_article(
    conn: &mut AsyncPgConnection,
    article_id: i64,
    reader: Option<&str>,
) -> QueryResult<(HashMap<i64, i64>, HashMap<i64, i16>)> {
    let on_article = comments::table
        .filter(comments::article_id.eq(article_id))
        .select(comments::id);
    let rows: Vec<(i64, Option<i64>)> = comment_votes::table
        .filter(comment_votes::comment_id.eq_any(on_article))
        .group_by(comment_votes::comment_id)
        .select((
            comment_votes::comment_id,
            diesel::dsl::sum(comment_votes::value),
        ))
        .load(conn)
        .await?;
    let scores = rows
        .into_iter()
        .map(|(id, sum)| (id, sum.unwrap_or(0)))
        .collect();
    let mine = match reader {
        Some(reader) => comment_votes::table
            .filter(comment_votes::reader_id.eq(reader))
            .filter(
                comment_votes::comment_id.eq_any(
                    comments::table
                        .filter(comments::article_id.eq(article_id))
                        .select(comments::id),
                ),
            )
            .select((comment_votes::comment_id, comment_votes::value))
            .load(conn)
            .await?
            .into_iter()
            .collect(),
        None => HashMap::new(),
    };
    Ok((scores, mine))
}

#[cfg(test)]
mod tests {
    use super::VoteValue;

    #[test]
    fn only_up_and_down_are_votes() {
        assert_eq!(VoteValue::parse("1"), Some(VoteValue(1)));
        assert_eq!(VoteValue::parse("-1"), Some(VoteValue(-1)));
        for bad in ["0", "2", "-2", "abc", "", "1.0"] {
            assert!(VoteValue::parse(bad).is_none(), "{bad}");
        }
    }
}
