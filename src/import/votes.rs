//! Votes and ratings, so the article shows the same numbers WordPress did. With the SQL dump,
//! each voter's vote and each rater's stars (`wc_users_voted`, `wc_users_rated`) become rows of
//! their own. Without it, the totals of the meta (`wpdiscuz_votes_seperate`, `wpdiscuz_votes`;
//! `wpdiscuz_rating_count`, `wpdiscuz_post_rating` and its count) become as many anonymous rows
//! giving the same totals and average. Either way the row keys are derived from WordPress's, so
//! importing again rewrites nothing; rows from the meta give way to the dump's when it comes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int2, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use sha2::{Digest, Sha256};

use crate::import::context::Context;
use crate::import::model::{Item, WpComment};
use crate::import::php::unserialize;
use crate::import::report::Report;

/// The reader-id prefix of rows made from totals.
const FROM_TOTALS: &str = "wordpress-total-";

/// The reader id of a WordPress voter or rater (`user_id` or md5 of their address).
fn voter_id(kind: &str, voter: &str) -> String {
    let digest = Sha256::digest(format!("{kind}:{voter}").as_bytes());
    let hex: String = digest.iter().take(20).map(|b| format!("{b:02x}")).collect();
    format!("wordpress-{hex}")
}

fn total_id(scope: i64, n: usize) -> String {
    format!("{FROM_TOTALS}{scope:012}-{n:06}")
}

/// Writes the comments' votes: the dump's per voter, or the meta's totals.
pub async fn comment_votes(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    item: &Item,
    comment_ids: &HashMap<i64, i64>,
    report: &mut Report,
) -> QueryResult<()> {
    let mut rows = VoteRows::default();
    let mut from_dump = Vec::new();
    for comment in &item.comments {
        let Some(&id) = comment_ids.get(&comment.id) else {
            continue;
        };
        let at = crate::import::text::wp_date(&comment.date_gmt, &comment.date, ctx.zone)
            .unwrap_or(ctx.now);
        match ctx.dump.votes.get(&comment.id) {
            Some(votes) => {
                from_dump.push(id);
                for vote in votes {
                    rows.push(
                        id,
                        voter_id("vote", &vote.voter),
                        vote.value,
                        vote.at.unwrap_or(at),
                    );
                }
            }
            None => {
                let (likes, dislikes) = totals(comment);
                for n in 0..likes {
                    rows.push(id, total_id(comment.id, n), 1, at);
                }
                for n in likes..likes + dislikes {
                    rows.push(id, total_id(comment.id, n), -1, at);
                }
            }
        }
    }
    if !from_dump.is_empty() {
        diesel::sql_query(format!(
            "DELETE FROM comment_votes WHERE comment_id = ANY($1) AND reader_id LIKE '{FROM_TOTALS}%'"
        ))
        .bind::<Array<BigInt>, _>(&from_dump)
        .execute(conn)
        .await?;
    }
    let written = rows
        .upsert(
            conn,
            "INSERT INTO comment_votes (comment_id, reader_id, value, client_network, created_at, updated_at) \
         SELECT c, r, v, '', t, t FROM unnest($1::bigint[], $2::text[], $3::int2[], $4::timestamptz[]) AS u(c, r, v, t) \
         ON CONFLICT (comment_id, reader_id) DO UPDATE SET value = excluded.value \
         WHERE comment_votes.value <> excluded.value",
        )
        .await?;
    report.imported("comment votes", written as u64);
    Ok(())
}

/// Likes and dislikes from a comment's meta.
fn totals(comment: &WpComment) -> (usize, usize) {
    let count = |n: Option<f64>| n.filter(|n| *n > 0.0).map_or(0, |n| n as usize);
    if let Some(separate) = comment
        .meta("wpdiscuz_votes_seperate")
        .and_then(unserialize)
    {
        let likes = separate.get("like").and_then(|v| v.number());
        let dislikes = separate.get("dislike").and_then(|v| v.number());
        return (count(likes), count(dislikes.map(f64::abs)));
    }
    match comment
        .meta("wpdiscuz_votes")
        .and_then(|v| v.trim().parse::<f64>().ok())
    {
        Some(net) if net > 0.0 => (net as usize, 0),
        Some(net) => (0, (-net) as usize),
        None => (0, 0),
    }
}

/// Writes the article's rating: the dump's raters, or stars giving the meta's average and count.
pub async fn rating(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    item: &Item,
    article_id: i64,
    report: &mut Report,
) -> QueryResult<()> {
    let at = crate::import::text::wp_date(&item.date_gmt, &item.date, ctx.zone).unwrap_or(ctx.now);
    let mut rows = VoteRows::default();
    let from_dump = ctx.dump.ratings.get(&item.id);
    match from_dump {
        Some(ratings) => {
            for rating in ratings {
                rows.push(
                    article_id,
                    voter_id("rating", &rating.rater),
                    rating.stars,
                    rating.at.unwrap_or(at),
                );
            }
            diesel::sql_query(format!(
                "DELETE FROM ratings WHERE article_id = $1 AND reader_id LIKE '{FROM_TOTALS}%'"
            ))
            .bind::<BigInt, _>(article_id)
            .execute(conn)
            .await?;
        }
        None => {
            for (n, stars) in stars_from_meta(item).into_iter().enumerate() {
                rows.push(article_id, total_id(item.id, n), stars, at);
            }
        }
    }
    let written = rows
        .upsert(
            conn,
            "INSERT INTO ratings (article_id, reader_id, stars, client_network, created_at, updated_at) \
         SELECT a, r, s, '', t, t FROM unnest($1::bigint[], $2::text[], $3::int2[], $4::timestamptz[]) AS u(a, r, s, t) \
         ON CONFLICT (article_id, reader_id) DO UPDATE SET stars = excluded.stars \
         WHERE ratings.stars <> excluded.stars",
        )
        .await?;
    report.imported("ratings", written as u64);
    Ok(())
}

/// The stars of each vote: the exact distribution of `wpdiscuz_rating_count` when the meta has
/// it, else `count` votes whose mean is `wpdiscuz_post_rating`.
pub fn stars_from_meta(item: &Item) -> Vec<i16> {
    if let Some(fields) = item.meta("wpdiscuz_rating_count").and_then(unserialize)
        && let crate::import::php::PhpValue::Array(fields) = fields
        && let Some(crate::import::php::PhpValue::Array(per_star)) = fields.values().next()
    {
        let mut stars = Vec::new();
        for (star, count) in per_star {
            let star: i16 = star.parse::<f64>().map_or(0, |s| s as i16);
            let count = count.number().unwrap_or(0.0).max(0.0) as usize;
            if (1..=5).contains(&star) {
                stars.extend(std::iter::repeat_n(star, count));
            }
        }
        if !stars.is_empty() {
            return stars;
        }
    }
    let average: f64 = item
        .meta("wpdiscuz_post_rating")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0);
    let count: usize = item
        .meta("wpdiscuz_post_rating_count")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    if count == 0 || !(1.0..=5.0).contains(&average) {
        return Vec::new();
    }
    let total = (average * count as f64).round() as usize;
    let base = total / count;
    let extra = total % count;
    (0..count)
        .map(|n| (base + usize::from(n < extra)).clamp(1, 5) as i16)
        .collect()
}

#[derive(Default)]
struct VoteRows {
    targets: Vec<i64>,
    readers: Vec<String>,
    values: Vec<i16>,
    times: Vec<DateTime<Utc>>,
}

impl VoteRows {
    fn push(&mut self, target: i64, reader: String, value: i16, at: DateTime<Utc>) {
        self.targets.push(target);
        self.readers.push(reader);
        self.values.push(value);
        self.times.push(at);
    }

    /// Runs `statement`, an upsert whose four arrays `$1..$4` are the rows' targets, readers,
    /// values and times; returns the rows it wrote.
    async fn upsert(&self, conn: &mut AsyncPgConnection, statement: &str) -> QueryResult<usize> {
        diesel::sql_query(statement)
            .bind::<Array<BigInt>, _>(&self.targets)
            .bind::<Array<Text>, _>(&self.readers)
            .bind::<Array<Int2>, _>(&self.values)
            .bind::<Array<Timestamptz>, _>(&self.times)
            .execute(conn)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(meta: &[(&str, &str)]) -> Item {
        Item {
            meta: meta
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
            ..Item::default()
        }
    }

    #[test]
    fn the_average_and_count_come_back() {
        let stars = stars_from_meta(&item(&[
            ("wpdiscuz_post_rating", "2.5"),
            ("wpdiscuz_post_rating_count", "2"),
        ]));
        assert_eq!(stars, vec![3, 2]);
        let stars = stars_from_meta(&item(&[
            ("wpdiscuz_post_rating", "4.3"),
            ("wpdiscuz_post_rating_count", "3"),
        ]));
        let mean = stars.iter().map(|s| f64::from(*s)).sum::<f64>() / 3.0;
        assert!((mean - 4.33).abs() < 0.01, "{stars:?}");
        assert!(stars_from_meta(&item(&[])).is_empty());
    }

    #[test]
    fn a_rating_field_distribution_is_exact() {
        let stars = stars_from_meta(&item(&[(
            "wpdiscuz_rating_count",
            r#"a:1:{s:10:"note_12345";a:2:{i:5;i:2;i:1;i:1;}}"#,
        )]));
        let mut sorted = stars.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![1, 5, 5]);
    }

    #[test]
    fn voter_ids_fit_the_reader_id_column() {
        let id = voter_id("vote", "5");
        assert!(id.len() >= 22 && id.len() <= 64);
        assert!(total_id(123, 7).len() >= 22);
    }
}
