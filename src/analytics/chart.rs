//! Bar charts as inline SVG, drawn on the server with no script: daily counts, and columns of
//! stacked counts (ratings by stars); the geometry is worked out here and the template writes
//! the `<rect>`s, a text summary and the data table that screen readers use. A module of its own rather than a plotting crate: one
//! kind of chart, a few dozen lines, no fonts or rasteriser to carry.

use chrono::NaiveDate;

/// The drawing's size in SVG units (it scales to its container).
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 160.0;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Its day, as shown in the table.
    pub label: String,
    /// Its count.
    pub value: i64,
    /// Left edge.
    pub x: String,
    /// Top edge.
    pub y: String,
    /// Width.
    pub width: String,
    /// Height.
    pub height: String,
}

/// A chart ready for the template.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// The bars, oldest first.
    pub bars: Vec<Bar>,
    /// The largest count (the top of the scale).
    pub max: i64,
    /// The `viewBox` of the SVG.
    pub view_box: String,
}

impl BarChart {
    /// The chart of `daily` counts, each day labelled by `label`.
    pub fn daily(daily: &[(NaiveDate, i64)], label: impl Fn(NaiveDate) -> String) -> Self {
        let max = daily.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        let count = u32::try_from(daily.len().max(1)).unwrap_or(u32::MAX);
        let slot = WIDTH / f64::from(count);
        let gap = (slot * 0.15).min(2.0);
        let bars = daily
            .iter()
            .zip(0u32..)
            .map(|((day, value), index)| {
                // Counts above 2^53 would lose precision; a day's views never get there.
                #[expect(clippy::cast_precision_loss, reason = "daily counts are small")]
                let share = *value as f64 / max as f64;
                let height = (HEIGHT * share).max(if *value > 0 { 1.0 } else { 0.0 });
                Bar {
                    label: label(*day),
                    value: *value,
                    x: format!("{:.1}", f64::from(index) * slot + gap / 2.0),
                    y: format!("{:.1}", HEIGHT - height),
                    width: format!("{:.1}", (slot - gap).max(0.5)),
                    height: format!("{height:.1}"),
                }
            })
            .collect();
        Self {
            bars,
            max,
            view_box: format!("0 0 {WIDTH} {HEIGHT}"),
        }
    }
}

/// One piece of a stacked column.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Its column's label.
    pub label: String,
    /// Its series, from 1 (drawn at the bottom).
    pub series: usize,
    /// Its count.
    pub value: i64,
    /// Left edge.
    pub x: String,
    /// Top edge.
    pub y: String,
    /// Width.
    pub width: String,
    /// Height.
    pub height: String,
}

/// Columns of stacked counts, ready for the template.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedChart {
    /// The non-empty pieces, column by column, bottom first.
    pub segments: Vec<Segment>,
    /// The tallest column's total (the top of the scale).
    pub max: i64,
    /// The `viewBox` of the SVG.
    pub view_box: String,
}

impl StackedChart {
    /// The chart of `columns`, each a label and its counts per series.
    pub fn of(columns: &[(String, Vec<i64>)]) -> Self {
        let max = columns
            .iter()
            .map(|(_, values)| values.iter().sum::<i64>())
            .max()
            .unwrap_or(0)
            .max(1);
        let count = u32::try_from(columns.len().max(1)).unwrap_or(u32::MAX);
        let slot = WIDTH / f64::from(count);
        let gap = slot * 0.2;
        let mut segments = Vec::new();
        for ((label, values), index) in columns.iter().zip(0u32..) {
            let mut top = HEIGHT;
            for (value, series) in values.iter().zip(1..) {
                if *value <= 0 {
                    continue;
                }
                #[expect(clippy::cast_precision_loss, reason = "rating counts are small")]
                let height = HEIGHT * (*value as f64 / max as f64);
                top -= height;
                segments.push(Segment {
                    label: label.clone(),
                    series,
                    value: *value,
                    x: format!("{:.1}", f64::from(index) * slot + gap / 2.0),
                    y: format!("{top:.1}"),
                    width: format!("{:.1}", slot - gap),
                    height: format!("{height:.1}"),
                });
            }
        }
        Self {
            segments,
            max,
            view_box: format!("0 0 {WIDTH} {HEIGHT}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{BarChart, StackedChart};
    use chrono::NaiveDate;

    #[test]
    fn the_tallest_bar_fills_the_height_and_an_empty_day_draws_nothing() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let chart = BarChart::daily(&[(day(1), 0), (day(2), 5), (day(3), 10)], |d| {
            d.format("%d/%m").to_string()
        });
        assert_eq!(chart.max, 10);
        let heights: Vec<_> = chart.bars.iter().map(|b| b.height.as_str()).collect();
        assert_eq!(heights, ["0.0", "80.0", "160.0"]);
        assert_eq!(chart.bars[2].y, "0.0");
        assert_eq!(chart.bars[0].label, "01/12");
    }

    #[test]
    fn stacked_pieces_rise_from_the_bottom_and_the_fullest_column_fills_the_height() {
        let chart = StackedChart::of(&[
            ("a".to_owned(), vec![1, 0, 3]),
            ("b".to_owned(), vec![0, 0, 2]),
        ]);
        assert_eq!(chart.max, 4);
        let pieces: Vec<_> = chart
            .segments
            .iter()
            .map(|s| (s.series, s.y.as_str(), s.height.as_str()))
            .collect();
        assert_eq!(
            pieces,
            [
                (1, "120.0", "40.0"),
                (3, "0.0", "120.0"),
                (3, "80.0", "80.0")
            ]
        );
    }
}
