//! A moment typed by the author in a form (`YYYY-MM-DDTHH:MM`, as `<input type=datetime-local>`
//! sends it) in the site's time zone.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Parses `YYYY-MM-DDTHH:MM` (seconds allowed) typed in `timezone`; a time skipped by a clock
/// change is refused, one that happens twice is its earlier instant.
pub fn parse_local_datetime(raw: &str, timezone: Tz) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    timezone
        .from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::parse_local_datetime;
    use chrono_tz::Europe::Paris;

    #[test]
    fn a_local_time_is_read_in_the_site_zone() {
        let at = parse_local_datetime("2030-07-01T09:30", Paris).unwrap();
        assert_eq!(at.to_rfc3339(), "2030-07-01T07:30:00+00:00");
        assert_eq!(parse_local_datetime("demain", Paris), None);
        // 02:30 does not exist in Paris on the night the clocks go forward.
        assert_eq!(parse_local_datetime("2030-03-31T02:30", Paris), None);
    }
}
