//! What the dashboard shows of the readers: views and visitors over a period compared with the
//! period before, the views of each day, the most read pages and the sources. Queries on the
//! daily aggregates and their monthly roll-ups only.

use chrono::{Duration, NaiveDate};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::analytics::rollup;
use crate::analytics::source::group_of;
use crate::analytics::span::Span;
use crate::analytics::store::SITE;
use crate::schema::page_views;

/// Rows in the top lists.
const TOP: i64 = 10;

/// The periods offered, in days.
pub const PERIODS: [i64; 3] = [30, 90, 365];

/// The readers over a period ending on `last_day`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience {
    /// Length of the period in days.
    pub days: i64,
    /// Views in the period.
    pub views: i64,
    /// Views in the period before.
    pub previous_views: i64,
    /// Sum of each day's visitors in the period.
    pub visitors: i64,
    /// The same in the period before.
    pub previous_visitors: i64,
    /// Views of each day, oldest first, days without any included.
    pub daily: Vec<(NaiveDate, i64)>,
    /// The most viewed pages and their views.
    pub top_pages: Vec<(String, i64)>,
    /// The sources' groups and their views, most first (internal links left out).
    pub top_sources: Vec<(String, i64)>,
}

impl Audience {
    /// Reads the period of `days` days ending on `last_day`.
    pub async fn over(
        conn: &mut AsyncPgConnection,
        days: i64,
        last_day: NaiveDate,
    ) -> QueryResult<Self> {
        let first = last_day - Duration::days(days - 1);
        let before = first - Duration::days(days);
        let site_rows: Vec<(NaiveDate, i64, i64)> = page_views::table
            .filter(page_views::path.eq(SITE))
            .filter(page_views::day.between(before, last_day))
            .select((page_views::day, page_views::views, page_views::visitors))
            .load(conn)
            .await?;
        let total = |from: NaiveDate, to: NaiveDate, pick: fn(&(NaiveDate, i64, i64)) -> i64| {
            site_rows
                .iter()
                .filter(|row| row.0 >= from && row.0 <= to)
                .map(pick)
                .sum::<i64>()
        };
        let yesterday_of_first = first - Duration::days(1);
        let daily = (0..days)
            .map(|offset| {
                let day = first + Duration::days(offset);
                let views = site_rows.iter().find(|r| r.0 == day).map_or(0, |r| r.1);
                (day, views)
            })
            .collect();
        let span = Span::of(first, last_day);
        let top_pages = rollup::top_pages(conn, span, TOP).await?;
        let sources = rollup::sources(conn, span, SITE).await?;
        Ok(Self {
            days,
            views: total(first, last_day, |r| r.1),
            previous_views: total(before, yesterday_of_first, |r| r.1),
            visitors: total(first, last_day, |r| r.2),
            previous_visitors: total(before, yesterday_of_first, |r| r.2),
            daily,
            top_pages,
            top_sources: grouped(sources),
        })
    }

    /// The change of views from the period before, in whole percent ("+12 %"), when there
    /// was something before.
    pub fn views_change(&self) -> Option<i64> {
        change(self.views, self.previous_views)
    }

    /// The same for visitors.
    pub fn visitors_change(&self) -> Option<i64> {
        change(self.visitors, self.previous_visitors)
    }
}

/// The views of the rows grouped, as a `bigint` (Postgres sums one as `numeric`).
pub(crate) fn summed() -> diesel::expression::SqlLiteral<BigInt> {
    sql::<BigInt>("coalesce(sum(views), 0)::bigint")
}

/// The change from `before` to `now` in whole percent, when there was something before.
pub(crate) fn change(now: i64, before: i64) -> Option<i64> {
    (before > 0).then(|| ((now - before) * 100 + before / 2).div_euclid(before))
}

/// The period asked for in `?days=`: none means the first offered, anything not offered is
/// refused.
pub fn period(raw: Option<&str>) -> Option<i64> {
    match raw {
        None => Some(PERIODS[0]),
        Some(raw) => raw
            .trim()
            .parse()
            .ok()
            .filter(|days| PERIODS.contains(days)),
    }
}

/// The [`TOP`] sources of [`grouped_all`].
fn grouped(sources: Vec<(String, i64)>) -> Vec<(String, i64)> {
    let mut groups = grouped_all(sources);
    groups.truncate(usize::try_from(TOP).unwrap_or(10));
    groups
}

/// Sources summed by group (a search engine, a social network…), other sites by domain.
pub(crate) fn grouped_all(sources: Vec<(String, i64)>) -> Vec<(String, i64)> {
    let mut groups: Vec<(String, i64)> = Vec::new();
    for (source, views) in sources {
        let key = match group_of(&source) {
            "internal" => continue,
            "site" | "campaign" => source,
            group => group.to_owned(),
        };
        match groups.iter_mut().find(|(name, _)| *name == key) {
            Some(entry) => entry.1 += views,
            None => groups.push((key, views)),
        }
    }
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    groups
}

#[cfg(test)]
mod tests {
    use super::{change, grouped, period};

    #[test]
    fn only_an_offered_period_is_accepted() {
        assert_eq!(period(None), Some(30));
        assert_eq!(period(Some("90")), Some(90));
        assert_eq!(period(Some(" 365 ")), Some(365));
        for bad in ["7", "", "abc", "-30", "30.0", "99999999999999999999"] {
            assert_eq!(period(Some(bad)), None, "{bad}");
        }
    }

    #[test]
    fn the_change_is_rounded_and_absent_without_a_period_before() {
        assert_eq!(change(112, 100), Some(12));
        assert_eq!(change(50, 100), Some(-50));
        assert_eq!(change(2, 3), Some(-33));
        assert_eq!(change(10, 0), None);
    }

    #[test]
    fn sources_are_summed_by_group_and_internal_links_left_out() {
        let rows = vec![
            ("search:google.fr".to_owned(), 3),
            ("search:duckduckgo.com".to_owned(), 2),
            ("site:autoplus.fr".to_owned(), 4),
            ("internal".to_owned(), 40),
            ("direct".to_owned(), 1),
        ];
        assert_eq!(
            grouped(rows),
            vec![
                ("search".to_owned(), 5),
                ("site:autoplus.fr".to_owned(), 4),
                ("direct".to_owned(), 1)
            ]
        );
    }
}
