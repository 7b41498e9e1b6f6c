//! The passage an inline comment is about: a text-quote selector (the exact words, a little
//! text before and after them, and the id of the paragraph they were in), so that the quote can
//! be found again after the article is edited.
//!
//! On the wire (the comment form's `anchor` field) and in the `comments.anchor` column it is
//! compact JSON: `{"p":"p-1a2b3c4d","exact":"…","prefix":"…","suffix":"…"}`. It is parsed here,
//! once, into an [`Anchor`] whose texts are whitespace-normalised and within limits; what is
//! stored is that value serialised again, never the raw field.

use serde::{Deserialize, Serialize};

/// The longest quote, in characters.
pub const MAX_EXACT: usize = 500;
/// The longest context before or after the quote, in characters.
pub const MAX_CONTEXT: usize = 64;
/// The longest raw field accepted, in bytes (JSON escapes included).
const MAX_RAW: usize = 4_000;

/// A checked text-quote selector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    #[serde(rename = "p")]
    paragraph: String,
    exact: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
}

/// Why an `anchor` field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorError {
    /// Not a selector: bad JSON, unknown fields, a bad paragraph id, an empty quote, control
    /// characters.
    Malformed,
    /// A quote or a context over its limit.
    TooLong,
}

/// Collapses every run of whitespace into one space and trims the ends: how both the browser
/// and the server read a passage, so that they compare the same text.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses runs of whitespace into one space but keeps an edge space: a context's space
/// separates it from the quote.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Line breaks and tabs are whitespace a selection may carry; other control characters are not
/// text.
fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && !c.is_whitespace())
}

/// Paragraph ids as the article renderer writes them: `p-` and 8 hex digits, maybe `-N`.
fn is_paragraph_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("p-") else {
        return false;
    };
    let (hash, suffix) = rest.split_once('-').unwrap_or((rest, ""));
    hash.len() == 8
        && hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && suffix.len() <= 4
        && suffix.bytes().all(|b| b.is_ascii_digit())
        && (suffix.is_empty() || !suffix.starts_with('0'))
}

impl Anchor {
    /// Reads the form's `anchor` field: `Ok(None)` when empty, the selector when valid.
    pub fn parse(raw: &str) -> Result<Option<Self>, AnchorError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        if raw.len() > MAX_RAW {
            return Err(AnchorError::TooLong);
        }
        // An object only: serde would also read a struct from an array.
        let value: serde_json::Value =
            serde_json::from_str(raw).map_err(|_| AnchorError::Malformed)?;
        if !value.is_object() {
            return Err(AnchorError::Malformed);
        }
        let sent: Anchor = serde_json::from_value(value).map_err(|_| AnchorError::Malformed)?;
        if [&sent.exact, &sent.prefix, &sent.suffix]
            .iter()
            .any(|text| has_control(text))
        {
            return Err(AnchorError::Malformed);
        }
        let anchor = Anchor {
            exact: normalize(&sent.exact),
            prefix: squeeze(&sent.prefix),
            suffix: squeeze(&sent.suffix),
            paragraph: sent.paragraph,
        };
        if !is_paragraph_id(&anchor.paragraph) || anchor.exact.is_empty() {
            return Err(AnchorError::Malformed);
        }
        if anchor.exact.chars().count() > MAX_EXACT
            || anchor.prefix.chars().count() > MAX_CONTEXT
            || anchor.suffix.chars().count() > MAX_CONTEXT
        {
            return Err(AnchorError::TooLong);
        }
        Ok(Some(anchor))
    }

    /// A stored selector (written by [`Anchor::to_json`]); `None` for anything else.
    pub fn from_stored(stored: &str) -> Option<Self> {
        Self::parse(stored).ok().flatten()
    }

    /// The compact JSON stored in `comments.anchor`.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string(self)
    }

    /// The id of the paragraph the quote was taken from.
    pub fn paragraph(&self) -> &str {
        &self.paragraph
    }

    /// The quoted words.
    pub fn exact(&self) -> &str {
        &self.exact
    }

    /// The quote with its context, as it read in the article.
    pub fn in_context(&self) -> String {
        format!("{}{}{}", self.prefix, self.exact, self.suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selector_is_read_normalised_and_written_back_compact() {
        let raw = r#"{"p":"p-0a1b2c3d","exact":"  le  prix\n du LFP ","prefix":"Parlons de ","suffix":", puis des volumes."}"#;
        let anchor = Anchor::parse(raw).unwrap().unwrap();
        assert_eq!(anchor.exact(), "le prix du LFP");
        assert_eq!(anchor.paragraph(), "p-0a1b2c3d");
        assert_eq!(
            anchor.in_context(),
            "Parlons de le prix du LFP, puis des volumes."
        );
        let stored = anchor.to_json().unwrap();
        assert_eq!(Anchor::from_stored(&stored), Some(anchor));
        assert_eq!(Anchor::parse("  "), Ok(None));
    }

    #[test]
    fn bad_selectors_are_refused() {
        for raw in [
            "le prix",
            "{}",
            r#"{"p":"p-0a1b2c3d"}"#,
            r#"{"p":"p-0a1b2c3d","exact":"   "}"#,
            r#"{"p":"intro","exact":"x"}"#,
            r#"{"p":"p-0A1B2C3D","exact":"x"}"#,
            r#"{"p":"p-0a1b2c3d\"><script>","exact":"x"}"#,
            r#"{"p":"p-0a1b2c3d","exact":"x","extra":1}"#,
            r#"{"p":"p-0a1b2c3d","exact":"x\u0000y"}"#,
            r#"["p-0a1b2c3d","x"]"#,
        ] {
            assert_eq!(Anchor::parse(raw), Err(AnchorError::Malformed), "{raw}");
        }
        assert!(Anchor::parse(r#"{"p":"p-0a1b2c3d-2","exact":"x"}"#).is_ok());
    }

    #[test]
    fn long_quotes_and_contexts_are_refused() {
        let long = "a".repeat(MAX_EXACT + 1);
        let raw = format!(r#"{{"p":"p-0a1b2c3d","exact":"{long}"}}"#);
        assert_eq!(Anchor::parse(&raw), Err(AnchorError::TooLong));
        let context = "b".repeat(MAX_CONTEXT + 1);
        let raw = format!(r#"{{"p":"p-0a1b2c3d","exact":"x","prefix":"{context}"}}"#);
        assert_eq!(Anchor::parse(&raw), Err(AnchorError::TooLong));
        assert_eq!(
            Anchor::parse(&"x".repeat(MAX_RAW + 1)),
            Err(AnchorError::TooLong)
        );
    }
}
