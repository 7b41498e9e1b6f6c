//! The article stats page's "ratings over time": the stacked chart of each week's or month's
//! ratings by stars, its data table and its summary for screen readers.

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use crate::admin::audience_view::day_start;
use crate::analytics::chart::StackedChart;
use crate::analytics::rating_trend::{RatingBucket, Step};
use crate::i18n::Messages;

/// One line of the table: a week or a month.
#[derive(Debug)]
pub struct TrendRow {
    /// "Semaine du 2 novembre 2026", "novembre 2026".
    pub label: String,
    /// Ratings giving 1 to 5 stars.
    pub counts: [i64; 5],
    /// All its ratings.
    pub total: i64,
}

/// The chart, the table and the summary.
#[derive(Debug)]
pub struct RatingTrendView {
    /// The stacked columns, one star at the bottom.
    pub chart: StackedChart,
    /// The table's lines, oldest first.
    pub rows: Vec<TrendRow>,
    /// The text summary.
    pub summary: String,
}

/// The name of the week or month starting on `start`.
pub fn bucket_label(t: &Messages, step: Step, start: NaiveDate, timezone: Tz) -> String {
    match step {
        Step::Week => t
            .stats
            .week_of
            .replace("{day}", &t.date(day_start(start), timezone)),
        Step::Month => {
            let month = t.months.get(start.month0() as usize).copied().unwrap_or("");
            format!("{month} {}", start.year())
        }
    }
}

impl RatingTrendView {
    /// The view of `buckets` over a period of `days` days.
    pub fn of(t: &Messages, buckets: &[RatingBucket], step: Step, days: i64, timezone: Tz) -> Self {
        let rows: Vec<TrendRow> = buckets
            .iter()
            .map(|b| TrendRow {
                label: bucket_label(t, step, b.start, timezone),
                counts: b.counts,
                total: b.total(),
            })
            .collect();
        let columns: Vec<(String, Vec<i64>)> = rows
            .iter()
            .map(|r| (r.label.clone(), r.counts.to_vec()))
            .collect();
        let chart = StackedChart::of(&columns);
        let count: i64 = rows.iter().map(|r| r.total).sum();
        let stars: i64 = buckets
            .iter()
            .flat_map(|b| b.counts.iter().zip(1..).map(|(n, s)| n * s))
            .sum();
        let s = &t.stats;
        let summary = if count == 0 {
            s.rating_trend_empty.replace("{days}", &days.to_string())
        } else {
            #[expect(clippy::cast_precision_loss, reason = "rating counts are small")]
            let average = stars as f64 / count as f64;
            s.rating_trend_summary
                .replace("{count}", &count.to_string())
                .replace("{days}", &days.to_string())
                .replace("{average}", &t.decimal(average))
                .replace("{max}", &chart.max.to_string())
                .replace(
                    "{step}",
                    match step {
                        Step::Week => s.per_week,
                        Step::Month => s.per_month,
                    },
                )
        };
        Self {
            chart,
            rows,
            summary,
        }
    }
}
