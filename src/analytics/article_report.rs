//! What one article brought over a period, compared with the period before: its views and
//! visitors of each day, where its readers came from, the subscribers, follows, comments and
//! ratings it brought, and how its ratings are spread, in all and over the period. Daily
//! aggregates and the rows that belong to the article only; nothing about any one reader.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::analytics::rating_trend::{RatingBucket, Step, rating_trend};
use crate::analytics::report::{change, grouped_all, summed};
use crate::schema::{page_sources, page_views, ratings};

/// One day of an article's readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    /// The day, in the site's time zone.
    pub day: NaiveDate,
    /// Views that day.
    pub views: i64,
    /// Visitors that day.
    pub visitors: i64,
}

/// What an article brought in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, QueryableByName)]
pub struct Brought {
    /// Subscriptions confirmed from a signup made on its page.
    #[diesel(sql_type = BigInt)]
    pub subscribers: i64,
    /// Follows of its thread that took effect.
    #[diesel(sql_type = BigInt)]
    pub follows: i64,
    /// Readers' comments (approved or awaiting moderation).
    #[diesel(sql_type = BigInt)]
    pub comments: i64,
    /// First ratings given.
    #[diesel(sql_type = BigInt)]
    pub ratings: i64,
}

impl Brought {
    /// Its figures by name, in the order shown: subscribers, follows, comments, ratings.
    pub fn named(&self) -> [(&'static str, i64); 4] {
        [
            ("subscribers", self.subscribers),
            ("follows", self.follows),
            ("comments", self.comments),
            ("ratings", self.ratings),
        ]
    }
}

/// The figures of the article's stats page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleReport {
    /// Length of the period in days.
    pub days: i64,
    /// Every day of the period, oldest first, days without views included.
    pub daily: Vec<DayCount>,
    /// Views in the period.
    pub views: i64,
    /// Views in the period before.
    pub previous_views: i64,
    /// Sum of each day's visitors in the period.
    pub visitors: i64,
    /// The same in the period before.
    pub previous_visitors: i64,
    /// Its sources' groups and their views, most first (internal links left out).
    pub sources: Vec<(String, i64)>,
    /// What it brought in the period.
    pub brought: Brought,
    /// What it brought in the period before.
    pub previous_brought: Brought,
    /// How many of its current ratings give 1, 2, 3, 4 and 5 stars.
    pub distribution: [i64; 5],
    /// How the period's ratings are cut: by week or by month.
    pub rating_step: Step,
    /// The period's ratings, week by week or month by month.
    pub rating_trend: Vec<RatingBucket>,
}

/// The instant `day` starts in `timezone` (its first existing moment).
fn start_of(day: NaiveDate, timezone: Tz) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|midnight| midnight.and_local_timezone(timezone).earliest())
        .map_or_else(
            || day.and_time(chrono::NaiveTime::MIN).and_utc(),
            |at| at.to_utc(),
        )
}

impl ArticleReport {
    /// Reads the period of `days` days ending on `last_day` for the article `article_id`
    /// whose page is `path`.
    pub async fn over(
        conn: &mut AsyncPgConnection,
        article_id: i64,
        path: &str,
        days: i64,
        last_day: NaiveDate,
        timezone: Tz,
    ) -> QueryResult<Self> {
        let first = last_day - Duration::days(days - 1);
        let before = first - Duration::days(days);
        let rows: Vec<(NaiveDate, i64, i64)> = page_views::table
            .filter(page_views::path.eq(path))
            .filter(page_views::day.between(before, last_day))
            .select((page_views::day, page_views::views, page_views::visitors))
            .load(conn)
            .await?;
        let daily: Vec<DayCount> = (0..days)
            .map(|offset| {
                let day = first + Duration::days(offset);
                let row = rows.iter().find(|r| r.0 == day);
                DayCount {
                    day,
                    views: row.map_or(0, |r| r.1),
                    visitors: row.map_or(0, |r| r.2),
                }
            })
            .collect();
        let earlier = |pick: fn(&(NaiveDate, i64, i64)) -> i64| {
            rows.iter().filter(|r| r.0 < first).map(pick).sum::<i64>()
        };
        let sources: Vec<(String, i64)> = page_sources::table
            .filter(page_sources::path.eq(path))
            .filter(page_sources::day.between(first, last_day))
            .group_by(page_sources::source)
            .select((page_sources::source, summed()))
            .load(conn)
            .await?;
        let next = start_of(last_day + Duration::days(1), timezone);
        let (from, previous_from) = (start_of(first, timezone), start_of(before, timezone));
        let rating_step = Step::for_days(days);
        let rating_trend = rating_trend(
            conn,
            article_id,
            (first, last_day),
            (from, next),
            timezone,
            rating_step,
        )
        .await?;
        Ok(Self {
            days,
            views: daily.iter().map(|d| d.views).sum(),
            visitors: daily.iter().map(|d| d.visitors).sum(),
            previous_views: earlier(|r| r.1),
            previous_visitors: earlier(|r| r.2),
            daily,
            sources: grouped_all(sources),
            brought: brought(conn, article_id, from, next).await?,
            previous_brought: brought(conn, article_id, previous_from, from).await?,
            distribution: distribution(conn, article_id).await?,
            rating_step,
            rating_trend,
        })
    }

    /// The change of views from the period before, in whole percent.
    pub fn views_change(&self) -> Option<i64> {
        change(self.views, self.previous_views)
    }

    /// The same for visitors.
    pub fn visitors_change(&self) -> Option<i64> {
        change(self.visitors, self.previous_visitors)
    }
}

/// What the article brought from `from` (included) to `to` (excluded).
async fn brought(
    conn: &mut AsyncPgConnection,
    article_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Brought> {
    diesel::sql_query(
        "SELECT
           (SELECT count(*) FROM newsletter_subscriptions WHERE source_article_id = $1
              AND subscribed_at >= $2 AND subscribed_at < $3) AS subscribers,
           (SELECT count(*) FROM follows WHERE article_id = $1
              AND activated_at >= $2 AND activated_at < $3) AS follows,
           (SELECT count(*) FROM comments WHERE article_id = $1 AND NOT by_author
              AND status = ANY($4::text[]) AND created_at >= $2 AND created_at < $3) AS comments,
           (SELECT count(*) FROM ratings WHERE article_id = $1
              AND created_at >= $2 AND created_at < $3) AS ratings",
    )
    .bind::<BigInt, _>(article_id)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<diesel::sql_types::Array<Text>, _>(vec!["approved", "pending"])
    .get_result(conn)
    .await
}

/// How many of the article's ratings give each number of stars, one star first.
async fn distribution(conn: &mut AsyncPgConnection, article_id: i64) -> QueryResult<[i64; 5]> {
    let rows: Vec<(i16, i64)> = ratings::table
        .filter(ratings::article_id.eq(article_id))
        .group_by(ratings::stars)
        .select((ratings::stars, diesel::dsl::count_star()))
        .load(conn)
        .await?;
    let mut spread = [0; 5];
    for (stars, count) in rows {
        if let Some(slot) = usize::try_from(stars - 1)
            .ok()
            .and_then(|i| spread.get_mut(i))
        {
            *slot = count;
        }
    }
    Ok(spread)
}

#[cfg(test)]
mod tests {
    use super::start_of;
    use chrono::{NaiveDate, TimeZone, Utc};

    #[test]
    fn a_day_starts_at_the_sites_midnight() {
        let day = NaiveDate::from_ymd_opt(2026, 7, 14).unwrap();
        assert_eq!(
            start_of(day, chrono_tz::Europe::Paris),
            Utc.with_ymd_and_hms(2026, 7, 13, 22, 0, 0).unwrap()
        );
        assert_eq!(
            start_of(day, chrono_tz::UTC),
            Utc.with_ymd_and_hms(2026, 7, 14, 0, 0, 0).unwrap()
        );
    }
}
