//! How a rating reads on the page: "2,5 · 2 votes", five stars, the reader's own vote.

use serde::Serialize;

use crate::i18n::Messages;
use crate::ratings::model::RatingSummary;

/// One star of the widget.
#[derive(Debug, Clone, Serialize)]
pub struct StarView {
    /// Its value, 1 to 5.
    pub value: i16,
    /// Whether it is filled by the average (rounded to the nearest half, shown full from .5).
    pub filled: bool,
    /// "Noter 3 sur 5".
    pub label: String,
}

/// The rating block of an article.
#[derive(Debug, Clone, Serialize)]
pub struct RatingView {
    /// Number of votes.
    pub count: i64,
    /// The average with one decimal in the interface's locale, e.g. "2,5".
    pub average: String,
    /// The average as a number, for machines (JSON-LD).
    pub average_value: f64,
    /// "2 votes".
    pub count_label: String,
    /// "2,5 · 2 votes", or an invitation when nobody voted yet.
    pub summary: String,
    /// The reader's own stars.
    pub mine: Option<i16>,
    /// The five stars.
    pub stars: Vec<StarView>,
}

impl RatingView {
    /// The view of `summary` for a reader who gave `mine`.
    pub fn new(t: &Messages, summary: &RatingSummary, mine: Option<i16>) -> Self {
        let average = t.decimal(summary.average);
        let count_label = t.votes(summary.count);
        let text = if summary.count == 0 {
            t.rating_none.to_owned()
        } else {
            format!("{average} · {count_label}")
        };
        Self {
            count: summary.count,
            average_value: (summary.average * 10.0).round() / 10.0,
            average,
            count_label,
            summary: text,
            mine,
            stars: (1..=5)
                .map(|value| StarView {
                    value,
                    filled: summary.average + 0.5 >= f64::from(value),
                    label: t.star_label(value),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, FR};

    #[test]
    fn the_summary_reads_like_the_first_users_site() {
        let summary = RatingSummary {
            count: 2,
            average: 2.5,
            distribution: [0, 1, 1, 0, 0],
        };
        let view = RatingView::new(&FR, &summary, Some(3));
        assert_eq!(view.summary, "2,5 · 2 votes");
        assert_eq!(view.stars.iter().filter(|s| s.filled).count(), 3);
        assert_eq!(
            RatingView::new(&EN, &summary, None).summary,
            "2.5 · 2 votes"
        );
        let one = RatingSummary {
            count: 1,
            average: 4.0,
            distribution: [0, 0, 0, 1, 0],
        };
        assert_eq!(RatingView::new(&FR, &one, None).summary, "4,0 · 1 vote");
    }
}
