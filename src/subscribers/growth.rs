//! The growth chart: the number of subscribers at the end of each of the last weeks, queried
//! in one statement, and the geometry of its SVG line, computed by a pure function. The SVG is
//! written by hand in the template: a dozen points need no plotting crate nor any script.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Integer, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// Weeks shown before the current instant.
pub const WEEKS: i32 = 12;

/// The width of the drawing, in SVG units.
pub const WIDTH: f64 = 640.0;
/// The height of the drawing, in SVG units.
pub const HEIGHT: f64 = 220.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 32.0;

/// The subscriber count at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct GrowthPoint {
    /// The instant.
    #[diesel(sql_type = Timestamptz)]
    pub at: DateTime<Utc>,
    /// Subscribed then.
    #[diesel(sql_type = BigInt)]
    pub subscribed: i64,
}

/// A subscription counts from its confirmation until its unsubscription (an unsubscription
/// older than the confirmation belongs to an earlier subscription of the same reader).
const GROWTH: &str = "
    SELECT g.at AS at, count(s.reader_id) AS subscribed
    FROM generate_series($1 - make_interval(weeks => $2), $1, interval '1 week') AS g(at)
    LEFT JOIN newsletter_subscriptions s
      ON s.subscribed_at <= g.at
     AND (s.unsubscribed_at IS NULL OR s.unsubscribed_at > g.at
          OR s.unsubscribed_at < s.subscribed_at)
    GROUP BY g.at ORDER BY g.at";

/// The subscriber counts at `now` and at the end of each of the [`WEEKS`] weeks before.
pub async fn weekly(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> diesel::QueryResult<Vec<GrowthPoint>> {
    diesel::sql_query(GROWTH)
        .bind::<Timestamptz, _>(now)
        .bind::<Integer, _>(WEEKS)
        .load(conn)
        .await
}

/// A point of the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
    /// The count it stands for.
    pub value: i64,
}

/// The drawing of a series of counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    /// The `points` attribute of the polyline.
    pub line: String,
    /// One dot per count.
    pub dots: Vec<Dot>,
    /// The count at the top of the vertical axis.
    pub top: i64,
    /// The vertical position of the axis' top.
    pub top_y: f64,
    /// The vertical position of zero.
    pub zero_y: f64,
    /// The horizontal position of the axis.
    pub left_x: f64,
    /// The horizontal end of the axis.
    pub right_x: f64,
}

/// The smallest "round" number (1, 2 or 5 times a power of ten) at least `max`, so that the
/// axis reads well; at least 1.
fn round_top(max: i64) -> i64 {
    let mut step = 1_i64;
    loop {
        for factor in [1, 2, 5] {
            let top = step.saturating_mul(factor);
            if top >= max || top == i64::MAX {
                return top;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// Places `values` evenly from left to right, scaled to the drawing's height.
pub fn plot(values: &[i64]) -> Plot {
    let top = round_top(values.iter().copied().max().unwrap_or(0).max(1));
    let (inner_w, inner_h) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    let step = if values.len() > 1 {
        inner_w / (values.len() - 1) as f64
    } else {
        0.0
    };
    let dots: Vec<Dot> = values
        .iter()
        .enumerate()
        .map(|(i, &value)| Dot {
            x: round(LEFT + step * i as f64),
            y: round(TOP + inner_h - inner_h * value.max(0) as f64 / top as f64),
            value,
        })
        .collect();
    let line = dots
        .iter()
        .map(|dot| format!("{},{}", dot.x, dot.y))
        .collect::<Vec<_>>()
        .join(" ");
    Plot {
        line,
        dots,
        top,
        top_y: TOP,
        zero_y: TOP + inner_h,
        left_x: LEFT,
        right_x: WIDTH - RIGHT,
    }
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_on_a_round_number() {
        assert_eq!(round_top(0), 1);
        assert_eq!(round_top(1), 1);
        assert_eq!(round_top(3), 5);
        assert_eq!(round_top(7), 10);
        assert_eq!(round_top(11), 20);
        assert_eq!(round_top(480), 500);
        assert_eq!(round_top(501), 1000);
        assert_eq!(round_top(i64::MAX), i64::MAX);
    }

    #[test]
    fn counts_are_spread_left_to_right_and_scaled_to_the_top() {
        let plot = plot(&[0, 5, 10]);
        assert_eq!(plot.top, 10);
        assert_eq!(plot.dots.len(), 3);
        assert_eq!(plot.dots[0].x, LEFT);
        assert_eq!(plot.dots[2].x, WIDTH - RIGHT);
        assert_eq!(plot.dots[0].y, plot.zero_y);
        assert_eq!(plot.dots[2].y, TOP);
        assert_eq!(plot.dots[1].y, (TOP + plot.zero_y) / 2.0);
        assert_eq!(plot.line, "48,188 336,102 624,16");
    }

    #[test]
    fn an_empty_or_flat_series_stays_on_the_drawing() {
        assert_eq!(plot(&[]).line, "");
        let flat = plot(&[0, 0]);
        assert_eq!(flat.top, 1);
        assert!(flat.dots.iter().all(|d| d.y == flat.zero_y));
        let single = plot(&[5]);
        assert_eq!(single.dots[0].x, LEFT);
        assert_eq!(single.dots[0].y, TOP);
    }
}
