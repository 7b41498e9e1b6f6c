//! An article's ratings over a period: how many readers gave one to five stars, week by week
//! for a short period, month by month for a longer one, by the day each rating was first given.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, SmallInt, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::analytics::span::month_of;

/// The longest period read week by week.
const WEEKLY_UP_TO: i64 = 31;

/// How the period is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Weeks starting on Monday.
    Week,
    /// Calendar months.
    Month,
}

impl Step {
    /// The step for a period of `days` days.
    pub fn for_days(days: i64) -> Self {
        if days <= WEEKLY_UP_TO {
            Self::Week
        } else {
            Self::Month
        }
    }

    /// Its name for `date_trunc` and the CSV export.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    /// The first day of the week or month holding `day`.
    fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Self::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            Self::Month => month_of(day),
        }
    }

    /// The first day of the next week or month after the one starting on `start`.
    fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Self::Week => start + Duration::days(7),
            Self::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(NaiveDate::MAX),
        }
    }
}

/// One week or month of ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingBucket {
    /// Its first day (it may start before the period; only the period's ratings count).
    pub start: NaiveDate,
    /// Ratings giving 1, 2, 3, 4 and 5 stars.
    pub counts: [i64; 5],
}

impl RatingBucket {
    /// Ratings given in it.
    pub fn total(&self) -> i64 {
        self.counts.iter().sum()
    }
}

/// Every week or month from the one holding `first` to the one holding `last`, empty.
pub fn buckets(first: NaiveDate, last: NaiveDate, step: Step) -> Vec<RatingBucket> {
    let mut start = step.start_of(first);
    let mut all = Vec::new();
    while start <= last {
        all.push(RatingBucket {
            start,
            counts: [0; 5],
        });
        start = step.next(start);
    }
    all
}

/// A count of ratings with some number of stars in a bucket.
#[derive(Debug, QueryableByName)]
struct Row {
    #[diesel(sql_type = Date)]
    bucket: NaiveDate,
    #[diesel(sql_type = SmallInt)]
    stars: i16,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The article's ratings first given from `from` (included) to `to` (excluded), the days
/// `first` to `last` in `timezone`, cut by `step`.
pub async fn rating_trend(
    conn: &mut AsyncPgConnection,
    article_id: i64,
    (first, last): (NaiveDate, NaiveDate),
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    timezone: Tz,
    step: Step,
) -> QueryResult<Vec<RatingBucket>> {
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT date_trunc($2, created_at AT TIME ZONE $3)::date AS bucket, stars, count(*) AS n
         FROM ratings WHERE article_id = $1 AND created_at >= $4 AND created_at < $5
         GROUP BY 1, 2",
    )
    .bind::<BigInt, _>(article_id)
    .bind::<Text, _>(step.as_str())
    .bind::<Text, _>(timezone.name())
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .load(conn)
    .await?;
    let mut all = buckets(first, last, step);
    for row in rows {
        let bucket = all.iter_mut().find(|b| b.start == row.bucket);
        let slot = usize::try_from(row.stars - 1).ok();
        if let Some(count) = bucket.zip(slot).and_then(|(b, i)| b.counts.get_mut(i)) {
            *count += row.n;
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::{Step, buckets};
    use chrono::NaiveDate;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn a_month_is_cut_in_weeks_from_monday_and_a_year_in_months() {
        assert_eq!(Step::for_days(30), Step::Week);
        assert_eq!(Step::for_days(90), Step::Month);
        let weeks: Vec<_> = buckets(day(11, 4), day(12, 3), Step::Week)
            .iter()
            .map(|b| b.start)
            .collect();
        assert_eq!(
            weeks,
            [
                day(11, 2),
                day(11, 9),
                day(11, 16),
                day(11, 23),
                day(11, 30)
            ]
        );
        let months = buckets(day(1, 15), day(12, 3), Step::Month);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].start, day(1, 1));
        assert_eq!(months[11].start, day(12, 1));
    }
}
