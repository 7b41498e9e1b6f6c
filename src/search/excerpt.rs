//! Highlighted text from PostgreSQL's `ts_headline`, turned into HTML where only `<mark>` is
//! markup: everything else, whatever the author typed, is escaped.
//!
//! `ts_headline` wraps the matches in two private-use characters rather than in tags, so that
//! escaping the whole text afterwards cannot also escape the highlights, and the article text
//! cannot smuggle a tag in. The query strips both characters from the text it highlights.

/// Written by `ts_headline` before a match.
pub const START: char = '\u{E000}';
/// Written by `ts_headline` after a match.
pub const STOP: char = '\u{E001}';

/// An HTML fragment: escaped text with `<mark>` around the matches, always balanced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlighted(String);

impl Highlighted {
    /// Builds the HTML of a `ts_headline` result; runs of white space (the line breaks between
    /// the body's blocks) become single spaces.
    pub fn from_headline(headline: &str) -> Self {
        let headline = headline.split_whitespace().collect::<Vec<_>>().join(" ");
        let headline = headline.as_str();
        let mut html = String::with_capacity(headline.len() + 32);
        let mut open = false;
        let mut text_start = 0;
        for (at, c) in headline.char_indices() {
            if c != START && c != STOP {
                continue;
            }
            escape_into(&mut html, &headline[text_start..at]);
            text_start = at + c.len_utf8();
            if c == START && !open {
                html.push_str("<mark>");
                open = true;
            } else if c == STOP && open {
                html.push_str("</mark>");
                open = false;
            }
        }
        escape_into(&mut html, &headline[text_start..]);
        if open {
            html.push_str("</mark>");
        }
        Self(html)
    }

    /// The HTML, safe to insert as is.
    pub fn as_html(&self) -> &str {
        &self.0
    }
}

fn escape_into(html: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(html, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(raw: &str) -> String {
        Highlighted::from_headline(
            &raw.replace('[', &START.to_string())
                .replace(']', &STOP.to_string()),
        )
        .as_html()
        .to_owned()
    }

    #[test]
    fn matches_are_marked_and_text_is_escaped() {
        assert_eq!(
            html("Les [batteries] <script>alert(1)</script> & [LFP]"),
            "Les <mark>batteries</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>LFP</mark>"
        );
    }

    #[test]
    fn stray_markers_never_unbalance_the_html() {
        assert_eq!(html("a] b [c [d] e"), "a b <mark>c d</mark> e");
        assert_eq!(html("[open"), "<mark>open</mark>");
        assert_eq!(html("plain \"text\""), "plain &quot;text&quot;");
        assert_eq!(html(" one\n\n  [two] "), "one <mark>two</mark>");
    }
}
