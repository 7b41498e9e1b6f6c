//! What a reader typed in the search box, made fit for the database.

/// Longest query accepted, in characters: a reader's question is never longer, and a longer one
/// would only make PostgreSQL work for nothing.
pub const MAX_CHARS: usize = 200;

/// A non-empty search query of at most [`MAX_CHARS`] characters, with no control character
/// (PostgreSQL refuses a NUL in text) and single spaces between words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerms(String);

/// Why a query is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong;

impl SearchTerms {
    /// The terms of `raw`: `Ok(None)` when nothing is left to search for.
    pub fn parse(raw: &str) -> Result<Option<Self>, TooLong> {
        let cleaned: String = raw
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let joined = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        if joined.chars().count() > MAX_CHARS {
            Err(TooLong)
        } else if joined.is_empty() {
            Ok(None)
        } else {
            Ok(Some(Self(joined)))
        }
    }

    /// The query as PostgreSQL's `websearch_to_tsquery` reads it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_queries_search_for_nothing() {
        for blank in ["", "   ", "\0\t\n", "\u{7f}"] {
            assert_eq!(SearchTerms::parse(blank), Ok(None), "{blank:?}");
        }
    }

    #[test]
    fn control_characters_and_runs_of_spaces_are_dropped() {
        let terms = SearchTerms::parse("  voiture\0électrique\n  « LFP »  ").unwrap();
        assert_eq!(terms.unwrap().as_str(), "voiture électrique « LFP »");
    }

    #[test]
    fn long_queries_are_refused_by_characters_not_bytes() {
        assert!(
            SearchTerms::parse(&"é".repeat(MAX_CHARS))
                .unwrap()
                .is_some()
        );
        assert_eq!(SearchTerms::parse(&"é".repeat(MAX_CHARS + 1)), Err(TooLong));
    }
}
