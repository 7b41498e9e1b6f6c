//! The keyset cursor of the comment threads: where the next page of top-level threads starts,
//! for one sort order. It carries the sort key of the last thread shown (its score for the
//! "top" order, its date and id for all), so a page never repeats or skips a thread, whatever
//! was posted meanwhile.
//!
//! Written `{order}.{score}.{microseconds}.{id}` (for example `newest.0.1764500000123456.42`),
//! URL-safe as it is.

use chrono::{DateTime, Utc};

use crate::comments::thread::order::Order;

/// The sort key of the last thread of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The order it belongs to.
    pub order: Order,
    /// The thread's score (up minus down votes); 0 for the date orders.
    pub score: i64,
    /// When the thread was posted.
    pub created_at: DateTime<Utc>,
    /// The thread's id, which breaks ties.
    pub id: i64,
}

impl Cursor {
    /// Reads `?comments_after=` for `order`; `None` for anything malformed, or a cursor of
    /// another order (the page then starts at the first thread).
    pub fn parse(raw: &str, order: Order) -> Option<Self> {
        let mut parts = raw.split('.');
        let (name, score, micros, id) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || name != order.key() {
            return None;
        }
        let score = score.parse::<i64>().ok()?;
        let created_at = DateTime::from_timestamp_micros(micros.parse::<i64>().ok()?)?;
        let id = id.parse::<i64>().ok().filter(|id| *id > 0)?;
        Some(Self {
            order,
            score: if order == Order::Top { score } else { 0 },
            created_at,
            id,
        })
    }

    /// The cursor as written in a link.
    pub fn encode(&self) -> String {
        format!(
            "{}.{}.{}.{}",
            self.order.key(),
            self.score,
            self.created_at.timestamp_micros(),
            self.id
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote() {
        let at = DateTime::from_timestamp_micros(1_764_500_000_123_456).unwrap();
        for (order, score) in [(Order::Newest, 0), (Order::Oldest, 0), (Order::Top, -3)] {
            let cursor = Cursor {
                order,
                score,
                created_at: at,
                id: 42,
            };
            assert_eq!(Cursor::parse(&cursor.encode(), order), Some(cursor));
        }
        assert_eq!(
            Cursor::parse("newest.0.1764500000123456.42", Order::Newest)
                .unwrap()
                .encode(),
            "newest.0.1764500000123456.42"
        );
    }

    #[test]
    fn bad_cursors_are_none() {
        for raw in [
            "",
            "newest",
            "newest.0.1764500000123456",
            "newest.0.1764500000123456.42.1",
            "newest.0.x.42",
            "newest.0.1764500000123456.-4",
            "newest.0.99999999999999999999.4",
            "sideways.0.1764500000123456.42",
            "top.1.1764500000123456.42",
        ] {
            assert_eq!(Cursor::parse(raw, Order::Newest), None, "{raw}");
        }
    }
}
