//! The site's day of a view, in its time zone. Working it out from the zone's rules costs more
//! than the rest of counting a view, and it changes once a day: it is kept for the minute it was
//! worked out in (every zone in use changes its offset on a whole minute).

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

/// The site's day, worked out at most once a minute.
#[derive(Debug)]
pub struct SiteDay {
    timezone: Tz,
    /// The minute (since the epoch) in the high half, the day (from the common era) in the low
    /// half; zero before the first view.
    known: AtomicU64,
}

impl SiteDay {
    /// The days of a site in `timezone`.
    pub fn new(timezone: Tz) -> Self {
        Self {
            timezone,
            known: AtomicU64::new(0),
        }
    }

    /// The site's day at `now`.
    pub fn of(&self, now: DateTime<Utc>) -> NaiveDate {
        let Ok(minute) = u32::try_from(now.timestamp().div_euclid(60)) else {
            return self.work_out(now);
        };
        let known = self.known.load(Ordering::Relaxed);
        if known >> 32 == u64::from(minute)
            && let Some(day) = NaiveDate::from_num_days_from_ce_opt(known as u32 as i32)
        {
            return day;
        }
        let day = self.work_out(now);
        let packed = u64::from(minute) << 32 | u64::from(day.num_days_from_ce() as u32);
        self.known.store(packed, Ordering::Relaxed);
        day
    }

    fn work_out(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.timezone).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::SiteDay;
    use chrono::{NaiveDate, TimeZone, Utc};

    #[test]
    fn the_day_follows_the_time_zone_across_midnight() {
        let days = SiteDay::new(chrono_tz::Europe::Paris);
        let before = Utc.with_ymd_and_hms(2026, 12, 6, 22, 59, 30).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 12, 6, 23, 0, 0).unwrap();
        let sixth = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let seventh = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(days.of(before), sixth);
        assert_eq!(days.of(before), sixth, "the minute's day, kept");
        assert_eq!(days.of(after), seventh);
        assert_eq!(
            days.of(before),
            sixth,
            "an earlier minute is worked out again"
        );
    }

    #[test]
    fn a_summer_midnight_has_its_own_offset() {
        let days = SiteDay::new(chrono_tz::Europe::Paris);
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 22, 0, 0).unwrap();
        assert_eq!(
            days.of(summer),
            NaiveDate::from_ymd_opt(2026, 7, 2).unwrap()
        );
    }
}
