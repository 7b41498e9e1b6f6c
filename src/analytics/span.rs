//! How a period of days is read from the counts: its whole months from the monthly roll-up, and
//! its partial months from the daily rows, either the days inside the period or, when fewer,
//! the month's total less the days outside it. A period then costs at most about a fortnight of
//! daily rows at each end, however long it is.

use chrono::{Datelike, Duration, NaiveDate};

/// An inclusive range of days (or of months' first days); empty when `from` is after `to`.
pub type Range = (NaiveDate, NaiveDate);

/// A period as months to add, days to add and days to take away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The months (their first days) read from the roll-up.
    pub months: Range,
    /// Days of the partial months inside the period, read from the daily rows.
    pub added: [Range; 2],
    /// Days outside the period in the months read whole, taken away.
    pub removed: [Range; 2],
}

/// The first day of `day`'s month.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The last day of `day`'s month.
fn month_end(day: NaiveDate) -> NaiveDate {
    let first = month_of(day);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    next - Duration::days(1)
}

/// The empty range (dates the database can hold, in the wrong order).
fn none() -> Range {
    let epoch = NaiveDate::default();
    (epoch + Duration::days(1), epoch)
}

/// Days in a range (zero when empty).
fn length(range: Range) -> i64 {
    ((range.1 - range.0).num_days() + 1).max(0)
}

impl Span {
    /// The span of the days from `first` to `last`, both included.
    pub fn of(first: NaiveDate, last: NaiveDate) -> Self {
        let mut span = Self {
            months: none(),
            added: [none(), none()],
            removed: [none(), none()],
        };
        if first > last {
            return span;
        }
        if month_of(first) == month_of(last) {
            span.added[0] = (first, last);
            return span;
        }
        let head = (first, month_end(first));
        let before = (month_of(first), first - Duration::days(1));
        let mut from = month_of(first);
        if length(before) < length(head) {
            span.removed[0] = before;
        } else {
            span.added[0] = head;
            from = month_of(month_end(first) + Duration::days(1));
        }
        let tail = (month_of(last), last);
        let after = (last + Duration::days(1), month_end(last));
        let mut to = month_of(last);
        if length(after) < length(tail) {
            span.removed[1] = after;
        } else {
            span.added[1] = tail;
            to = month_of(month_of(last) - Duration::days(1));
        }
        span.months = (from, to);
        span
    }
}

#[cfg(test)]
mod tests {
    use super::{Span, length};
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// How many times the span counts `probe`: once if inside the period, else never.
    fn covered(span: &Span, probe: NaiveDate) -> i64 {
        let inside = |r: (NaiveDate, NaiveDate)| i64::from(r.0 <= probe && probe <= r.1);
        let month = super::month_of(probe);
        i64::from(span.months.0 <= month && month <= span.months.1)
            + span.added.iter().map(|r| inside(*r)).sum::<i64>()
            - span.removed.iter().map(|r| inside(*r)).sum::<i64>()
    }

    #[test]
    fn a_year_reads_eleven_months_and_a_few_days() {
        let span = Span::of(day(2025, 12, 4), day(2026, 12, 3));
        assert_eq!(span.months, (day(2025, 12, 1), day(2026, 11, 1)));
        assert_eq!(span.removed[0], (day(2025, 12, 1), day(2025, 12, 3)));
        assert_eq!(span.added[1], (day(2026, 12, 1), day(2026, 12, 3)));
        assert_eq!(length(span.added[0]) + length(span.removed[1]), 0);
    }

    #[test]
    fn a_period_inside_one_month_is_read_by_day() {
        let span = Span::of(day(2026, 2, 3), day(2026, 2, 20));
        assert_eq!(span.added[0], (day(2026, 2, 3), day(2026, 2, 20)));
        assert_eq!(length(span.months), 0);
    }

    #[test]
    fn each_day_of_any_period_is_counted_exactly_once() {
        let start = day(2025, 1, 1);
        for offset in 0..120 {
            let first = start + chrono::Duration::days(offset * 3);
            for days in [1, 17, 30, 45, 90, 365] {
                let last = first + chrono::Duration::days(days - 1);
                let span = Span::of(first, last);
                for probe in 0..(days + 80) {
                    let probe = first - chrono::Duration::days(40) + chrono::Duration::days(probe);
                    let expected = i64::from(first <= probe && probe <= last);
                    assert_eq!(covered(&span, probe), expected, "{first} {last} {probe}");
                }
            }
        }
    }
}
