//! The ratings table: one row per (article, reader), the aggregate computed from the rows.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, SmallInt, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::db::fixed::{FixedSql, fixed};
use crate::db::quick_commit;
use crate::schema::ratings;

/// A number of stars, 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stars(i16);

impl Stars {
    /// Accepts "1" to "5" only.
    pub fn parse(raw: &str) -> Option<Self> {
        raw.trim()
            .parse::<i16>()
            .ok()
            .filter(|n| (1..=5).contains(n))
            .map(Self)
    }

    /// The number.
    pub fn get(self) -> i16 {
        self.0
    }
}

/// The votes of one article.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RatingSummary {
    /// How many readers voted.
    pub count: i64,
    /// The mean of their stars (0 without votes).
    pub average: f64,
    /// Votes per star, index 0 for one star.
    pub distribution: [i64; 5],
}

impl RatingSummary {
    pub(crate) fn from_counts(rows: &[(i16, i64)]) -> Self {
        let mut distribution = [0i64; 5];
        for (stars, count) in rows {
            if let Some(slot) = usize::try_from(*stars - 1)
                .ok()
                .and_then(|i| distribution.get_mut(i))
            {
                *slot = *count;
            }
        }
        let count: i64 = distribution.iter().sum();
        let total: i64 = distribution
            .iter()
            .zip(1..)
            .map(|(n, stars)| n * stars)
            .sum();
        let average = if count == 0 {
            0.0
        } else {
            total as f64 / count as f64
        };
        Self {
            count,
            average,
            distribution,
        }
    }

    /// The summary of one article's votes.
    pub async fn of_article(conn: &mut AsyncPgConnection, article_id: i64) -> QueryResult<Self> {
        let rows: Vec<(i16, i64)> = ratings::table
            .filter(ratings::article_id.eq(article_id))
            .group_by(ratings::stars)
            .select((ratings::stars, diesel::dsl::count_star()))
            .load(conn)
            .await?;
        Ok(Self::from_counts(&rows))
    }

    /// The summaries of every article with votes, in one query.
    pub async fn all(conn: &mut AsyncPgConnection) -> QueryResult<HashMap<i64, Self>> {
        let rows: Vec<(i64, i16, i64)> = ratings::table
            .group_by((ratings::article_id, ratings::stars))
            .select((
                ratings::article_id,
                ratings::stars,
                diesel::dsl::count_star(),
            ))
            .load(conn)
            .await?;
        let mut by_article: HashMap<i64, Vec<(i16, i64)>> = HashMap::new();
        for (article, stars, count) in rows {
            by_article.entry(article).or_default().push((stars, count));
        }
        Ok(by_article
            .into_iter()
            .map(|(id, counts)| (id, Self::from_counts(&counts)))
            .collect())
    }
}

/// What became of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteOutcome {
    /// Recorded (new or changed).
    Recorded,
    /// Refused: too many new votes from this address range today.
    NetworkLimit,
}

/// Serialises the new votes of one address range (`$1`) on one article (`$2`).
struct RangeLock;

impl FixedSql for RangeLock {
    const SQL: &'static str = "SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))::text";
}

/// The vote, taken when the reader already voted (a change) or when their address range gave
/// fewer than `$6` new votes on the article since `$5`: one statement, so that the check and
/// the write see the same rows.
struct Vote;

impl FixedSql for Vote {
    const SQL: &'static str = "\
INSERT INTO ratings (article_id, reader_id, stars, client_network)
SELECT $1, $2, $3, $4
WHERE EXISTS (SELECT 1 FROM ratings WHERE article_id = $1 AND reader_id = $2)
   OR (SELECT count(*) FROM ratings
       WHERE article_id = $1 AND client_network = $4 AND created_at > $5) < $6
ON CONFLICT (article_id, reader_id) DO UPDATE SET stars = EXCLUDED.stars, updated_at = now()";
}

/// Records the reader's vote: a new vote counts against the address range's daily limit, a
/// changed vote never does. Votes from one range on one article are serialised so the limit is
/// exact (the vote, a statement after the lock's, sees every vote committed before it). A vote
/// recorded is on disk when this returns ([`quick_commit`]).
pub async fn vote(
    conn: &mut AsyncPgConnection,
    article_id: i64,
    reader_id: &str,
    network: &str,
    stars: Stars,
    daily_limit: i64,
) -> QueryResult<VoteOutcome> {
    let since = chrono::Utc::now() - chrono::Duration::days(1);
    let taken = conn
        .transaction(async |conn| {
            quick_commit::defer_sync(conn).await?;
            fixed::<RangeLock, _>(|sql| {
                sql.bind::<Text, _>(network)
                    .bind::<Text, _>(article_id.to_string())
            })
            .execute(conn)
            .await?;
            fixed::<Vote, _>(|sql| {
                sql.bind::<BigInt, _>(article_id)
                    .bind::<Text, _>(reader_id)
                    .bind::<SmallInt, _>(stars.get())
                    .bind::<Text, _>(network)
                    .bind::<Timestamptz, _>(since)
                    .bind::<BigInt, _>(daily_limit)
            })
            .execute(conn)
            .await
        })
        .await?;
    if taken == 0 {
        return Ok(VoteOutcome::NetworkLimit);
    }
    quick_commit::wait_for_disk(conn).await?;
    Ok(VoteOutcome::Recorded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_to_five_stars_parse() {
        assert_eq!(Stars::parse("4").map(Stars::get), Some(4));
        for bad in ["0", "6", "abc", "", "4.5", "-1", "99999"] {
            assert!(Stars::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_summary_is_computed_from_the_counts() {
        let summary = RatingSummary::from_counts(&[(2, 1), (3, 1)]);
        assert_eq!(summary.count, 2);
        assert!((summary.average - 2.5).abs() < 1e-9);
        assert_eq!(summary.distribution, [0, 1, 1, 0, 0]);
        assert_eq!(RatingSummary::from_counts(&[]).average, 0.0);
    }
}
