//! The weekly digest's moment: a day of the week and an hour on the site's clock, turned into
//! instants. Pure functions of the time zone's rules, so daylight saving is handled once here.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// A day of the week and an hour of the day, in the site's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weekly {
    weekday: Weekday,
    hour: u32,
}

impl Weekly {
    /// Monday at nine, the default.
    pub const MONDAY_NINE: Self = Self {
        weekday: Weekday::Mon,
        hour: 9,
    };

    /// `day` from 1 (Monday) to 7 (Sunday), `hour` from 0 to 23; None otherwise.
    pub fn new(day: u32, hour: u32) -> Option<Self> {
        let weekday = match day {
            1 => Weekday::Mon,
            2 => Weekday::Tue,
            3 => Weekday::Wed,
            4 => Weekday::Thu,
            5 => Weekday::Fri,
            6 => Weekday::Sat,
            7 => Weekday::Sun,
            _ => return None,
        };
        (hour < 24).then_some(Self { weekday, hour })
    }

    /// The day, 1 (Monday) to 7 (Sunday).
    pub fn day(self) -> u32 {
        self.weekday.number_from_monday()
    }

    /// The hour, 0 to 23.
    pub fn hour(self) -> u32 {
        self.hour
    }

    /// The first occurrence strictly after `after`. An hour the clocks skip (spring forward)
    /// falls on the hour after it; an hour they repeat (fall back) is its first passage.
    pub fn next_after(self, after: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
        let start = after.with_timezone(&zone).date_naive();
        (0..=8)
            .filter_map(|days| start.checked_add_signed(Duration::days(days)))
            .filter(|date| date.weekday() == self.weekday)
            .filter_map(|date| self.on(date, zone))
            .find(|due| *due > after)
            .unwrap_or(after + Duration::weeks(1))
    }

    /// Whether `due` is one of its occurrences.
    pub fn is_due_at(self, due: DateTime<Utc>, zone: Tz) -> bool {
        self.next_after(due - Duration::seconds(1), zone) == due
    }

    fn on(self, date: NaiveDate, zone: Tz) -> Option<DateTime<Utc>> {
        let local = date.and_hms_opt(self.hour, 0, 0)?;
        let resolved = match zone.from_local_datetime(&local) {
            LocalResult::None => zone.from_local_datetime(&(local + Duration::hours(1))),
            found => found,
        };
        resolved.earliest().map(|at| at.with_timezone(&Utc))
    }
}

/// The ISO week of `at` on the site's clock, as `2026-W49`: one digest per such week.
pub fn iso_week(at: DateTime<Utc>, zone: Tz) -> String {
    let week = at.with_timezone(&zone).iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn days_and_hours_out_of_range_are_refused() {
        assert!(Weekly::new(0, 9).is_none());
        assert!(Weekly::new(8, 9).is_none());
        assert!(Weekly::new(1, 24).is_none());
        let monday_nine = Weekly::new(1, 9).unwrap();
        assert_eq!((monday_nine.day(), monday_nine.hour()), (1, 9));
    }

    #[test]
    fn the_next_monday_at_nine_in_paris_winter_time() {
        // Monday 30 November 2026, 13:00 in Paris (UTC+1): next Monday 7 December 09:00.
        let monday = Weekly::new(1, 9).unwrap();
        let next = monday.next_after(utc("2026-11-30T12:00:00Z"), Paris);
        assert_eq!(next, utc("2026-12-07T08:00:00Z"));
        // Earlier the same day: today.
        let today = monday.next_after(utc("2026-11-30T07:00:00Z"), Paris);
        assert_eq!(today, utc("2026-11-30T08:00:00Z"));
        // Exactly at the due instant: the week after.
        assert_eq!(monday.next_after(today, Paris), next);
    }

    #[test]
    fn the_hour_stays_nine_on_the_local_clock_across_the_spring_change() {
        // Clocks go forward on Sunday 29 March 2026: 09:00 is 08:00 UTC before, 07:00 after.
        let monday = Weekly::new(1, 9).unwrap();
        let before = monday.next_after(utc("2026-03-20T12:00:00Z"), Paris);
        assert_eq!(before, utc("2026-03-23T08:00:00Z"));
        let after = monday.next_after(before, Paris);
        assert_eq!(after, utc("2026-03-30T07:00:00Z"));
        assert_eq!(after - before, Duration::hours(7 * 24 - 1));
    }

    #[test]
    fn an_hour_the_clocks_skip_falls_on_the_next_and_a_repeated_one_on_its_first_passage() {
        // Sunday 29 March 2026, 02:00 does not exist in Paris: 03:00 (01:00 UTC) instead.
        let sunday_two = Weekly::new(7, 2).unwrap();
        let skipped = sunday_two.next_after(utc("2026-03-25T00:00:00Z"), Paris);
        assert_eq!(skipped, utc("2026-03-29T01:00:00Z"));
        assert!(sunday_two.is_due_at(skipped, Paris));
        // Sunday 25 October 2026, 02:00 happens twice: the first, still summer time (00:00 UTC).
        let repeated = sunday_two.next_after(utc("2026-10-20T00:00:00Z"), Paris);
        assert_eq!(repeated, utc("2026-10-25T00:00:00Z"));
        let week_after = sunday_two.next_after(repeated, Paris);
        assert_eq!(week_after, utc("2026-11-01T01:00:00Z"));
    }

    #[test]
    fn only_occurrences_are_due() {
        let monday = Weekly::new(1, 9).unwrap();
        assert!(monday.is_due_at(utc("2026-12-07T08:00:00Z"), Paris));
        assert!(!monday.is_due_at(utc("2026-12-07T09:00:00Z"), Paris));
        assert!(
            !Weekly::new(2, 9)
                .unwrap()
                .is_due_at(utc("2026-12-07T08:00:00Z"), Paris)
        );
    }

    #[test]
    fn the_week_is_the_iso_week_on_the_site_clock() {
        assert_eq!(iso_week(utc("2026-11-30T08:00:00Z"), Paris), "2026-W49");
        // Sunday 3 January 2027 23:30 in Paris is still in 2026's last ISO week (W53).
        assert_eq!(iso_week(utc("2027-01-03T22:30:00Z"), Paris), "2026-W53");
        // Monday 00:30 in Paris, still Sunday in UTC: already the next week.
        assert_eq!(iso_week(utc("2026-11-29T23:30:00Z"), Paris), "2026-W49");
    }
}
