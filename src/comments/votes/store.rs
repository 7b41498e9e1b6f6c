//! Votes on comments: up or down, one per reader and comment (an upsert on the composite key),
//! with the same reader identity and address-range limit as ratings.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

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

/// Records the reader's vote; `false` when the address range is over its daily limit of new votes.
pub async fn vote(
    conn: &mut AsyncPgConnection,
    comment_id: i64,
    reader_id: &str,
    network: &str,
    value: VoteValue,
    daily_limit: i64,
) -> QueryResult<bool> {
    conn.transaction(async |conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock(11, hashtext($1))")
            .bind::<Text, _>(network)
            .execute(conn)
            .await?;
        let existing: Option<i16> = comment_votes::table
            .find((comment_id, reader_id))
            .select(comment_votes::value)
            .first(conn)
            .await
            .optional()?;
        if existing.is_none() {
            let today: i64 = comment_votes::table
                .filter(comment_votes::client_network.eq(network))
                .filter(
                    comment_votes::created_at.gt(chrono::Utc::now() - chrono::Duration::days(1)),
                )
                .count()
                .get_result(conn)
                .await?;
            if today >= daily_limit {
                return Ok(false);
            }
        }
        diesel::insert_into(comment_votes::table)
            .values((
                comment_votes::comment_id.eq(comment_id),
                comment_votes::reader_id.eq(reader_id),
                comment_votes::value.eq(value.0),
                comment_votes::client_network.eq(network),
            ))
            .on_conflict((comment_votes::comment_id, comment_votes::reader_id))
            .do_update()
            .set((
                comment_votes::value.eq(value.0),
                comment_votes::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await?;
        Ok(true)
    })
    .await
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
