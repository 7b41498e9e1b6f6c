//! The list's URL parameters (`q`, `status`, `theme`, `after`), read leniently: a value that
//! cannot be understood is dropped, never a 500, and the links of the page carry the rest.

use crate::i18n::Messages;

/// Longest search text kept.
const MAX_TEXT: usize = 200;

/// A subscription status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting for the reader's confirmation.
    Pending,
    /// Confirmed.
    Subscribed,
    /// Gone.
    Unsubscribed,
}

impl Status {
    /// Every status, in the order of the tabs.
    pub const ALL: [Status; 3] = [Status::Subscribed, Status::Pending, Status::Unsubscribed];

    /// The status stored as `raw`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pending" => Some(Status::Pending),
            "subscribed" => Some(Status::Subscribed),
            "unsubscribed" => Some(Status::Unsubscribed),
            _ => None,
        }
    }

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Subscribed => "subscribed",
            Status::Unsubscribed => "unsubscribed",
        }
    }

    /// One subscriber's state in the interface's language ("Abonné").
    pub fn state(self, t: &Messages) -> &'static str {
        match self {
            Status::Pending => t.subscribers.status_pending,
            Status::Subscribed => t.subscribers.state_subscribed,
            Status::Unsubscribed => t.subscribers.state_unsubscribed,
        }
    }

    /// The label of the subscribers in this state, in the interface's language ("Abonnés").
    pub fn label(self, t: &Messages) -> &'static str {
        match self {
            Status::Pending => t.subscribers.status_pending,
            Status::Subscribed => t.subscribers.status_subscribed,
            Status::Unsubscribed => t.subscribers.status_unsubscribed,
        }
    }
}

/// Which subscribers to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Part of the address or the name.
    pub text: Option<String>,
    /// One status only.
    pub status: Option<Status>,
    /// Following this theme (or every theme).
    pub theme: Option<i64>,
}

/// The list's parameters: the filter and the keyset position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// The filter.
    pub filter: ListFilter,
    /// Show the subscribers whose id is below this one.
    pub after: Option<i64>,
}

impl ListQuery {
    /// Reads the query string's pairs; unknown keys and unreadable values are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut query = Self::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key.as_str() {
                "q" if !value.is_empty() => {
                    let text: String = value
                        .chars()
                        .filter(|c| !c.is_control())
                        .take(MAX_TEXT)
                        .collect();
                    query.filter.text = Some(text);
                }
                "status" => query.filter.status = Status::parse(value),
                "theme" => query.filter.theme = value.parse().ok().filter(|id| *id > 0),
                "after" => query.after = value.parse().ok().filter(|id| *id > 0),
                _ => {}
            }
        }
        query
    }

    /// The query string of this filter with `status` replaced (the tabs' links), without
    /// the keyset position.
    pub fn with_status(&self, status: Option<Status>) -> String {
        let filter = ListFilter {
            status,
            ..self.filter.clone()
        };
        encode(&filter, None)
    }

    /// The query string of the page after `last`.
    pub fn next(&self, last: i64) -> String {
        encode(&self.filter, Some(last))
    }

    /// The query string of the filter alone (the export link, the first page).
    pub fn filter_only(&self) -> String {
        encode(&self.filter, None)
    }
}

fn encode(filter: &ListFilter, after: Option<i64>) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(text) = &filter.text {
        pairs.push(("q", text.clone()));
    }
    if let Some(status) = filter.status {
        pairs.push(("status", status.as_str().to_owned()));
    }
    if let Some(theme) = filter.theme {
        pairs.push(("theme", theme.to_string()));
    }
    if let Some(after) = after {
        pairs.push(("after", after.to_string()));
    }
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(raw: &str) -> Vec<(String, String)> {
        serde_urlencoded::from_str(raw).unwrap()
    }

    #[test]
    fn known_parameters_are_read() {
        let query =
            ListQuery::from_pairs(&pairs("q=%20l%C3%A9a%20&status=pending&theme=3&after=40"));
        assert_eq!(query.filter.text.as_deref(), Some("léa"));
        assert_eq!(query.filter.status, Some(Status::Pending));
        assert_eq!(query.filter.theme, Some(3));
        assert_eq!(query.after, Some(40));
        assert_eq!(query.next(12), "q=l%C3%A9a&status=pending&theme=3&after=12");
        assert_eq!(query.with_status(None), "q=l%C3%A9a&theme=3");
    }

    #[test]
    fn unreadable_parameters_are_dropped() {
        let query = ListQuery::from_pairs(&pairs(
            "status=everything&theme=-2&after=abc&q=&other=1&theme=99999999999999999999",
        ));
        assert_eq!(query, ListQuery::default());
        let long = "x".repeat(500);
        let query = ListQuery::from_pairs(&[("q".into(), long)]);
        assert_eq!(query.filter.text.map(|t| t.len()), Some(MAX_TEXT));
    }
}
