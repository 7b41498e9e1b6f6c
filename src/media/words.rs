//! The words that go with an image: its alternative text (required) and its caption
//! (optional), checked at the edge, and the figure Markdown written from them in the first
//! user's convention (the image alone on its line, its caption in italics on the next).

use crate::domain::text::is_plain;
use crate::i18n::Messages;

/// Longest alternative text, in characters (the `images.alt` check constraint).
const MAX_ALT: usize = 300;
/// Longest caption, in characters (the `images.caption` check constraint).
const MAX_CAPTION: usize = 500;

/// Checked alternative text and caption, each one line without surrounding spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageWords {
    alt: String,
    caption: String,
}

/// Which word was refused, and why (in the interface's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordsError {
    /// `alt` or `caption`.
    pub field: &'static str,
    /// The message shown beside the field.
    pub message: &'static str,
}

/// Whether `text` fits on one line of at most `max` characters.
fn fits(text: &str, max: usize) -> bool {
    text.chars().count() <= max && !text.contains(['\n', '\r'])
}

impl ImageWords {
    /// Checks the alternative text and caption as typed.
    pub fn parse(alt: &str, caption: &str, t: &'static Messages) -> Result<Self, WordsError> {
        let (alt, caption) = (alt.trim(), caption.trim());
        let refuse = |field, message| Err(WordsError { field, message });
        if !is_plain(alt) {
            return refuse("alt", t.guards.control_characters);
        }
        if alt.is_empty() {
            return refuse("alt", t.media.error_alt_required);
        }
        if !fits(alt, MAX_ALT) {
            return refuse("alt", t.media.error_alt_long);
        }
        if !is_plain(caption) {
            return refuse("caption", t.guards.control_characters);
        }
        if !fits(caption, MAX_CAPTION) {
            return refuse("caption", t.media.error_caption_long);
        }
        Ok(Self {
            alt: alt.to_owned(),
            caption: caption.to_owned(),
        })
    }

    /// The alternative text.
    pub fn alt(&self) -> &str {
        &self.alt
    }

    /// The caption, maybe empty.
    pub fn caption(&self) -> &str {
        &self.caption
    }
}

/// `text` with the characters Markdown would read as syntax escaped.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '#' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The Markdown of a figure showing the image at `address` with `alt` and `caption`: the image alone on
/// its line, then its caption in italics when it has one.
pub fn figure_markdown(address: &str, alt: &str, caption: &str) -> String {
    let image = format!("![{}]({address})", escape_markdown(alt));
    match caption.trim() {
        "" => image,
        caption => format!("{image}\n*{}*", escape_markdown(caption)),
    }
}

/// `body` with `figure` appended as a paragraph of its own.
pub fn append_figure(body: &str, figure: &str) -> String {
    let kept = body.trim_end();
    if kept.is_empty() {
        format!("{figure}\n")
    } else {
        format!("{kept}\n\n{figure}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::articles::markdown::render;
    use crate::i18n::FR;
    use crate::i18n::Locale;

    #[test]
    fn the_alt_text_is_required_and_both_words_fit_on_a_line() {
        assert_eq!(
            ImageWords::parse("  ", "", &FR).unwrap_err(),
            WordsError {
                field: "alt",
                message: FR.media.error_alt_required
            }
        );
        assert_eq!(
            ImageWords::parse(&"a".repeat(301), "", &FR)
                .unwrap_err()
                .field,
            "alt"
        );
        assert_eq!(
            ImageWords::parse("Un graphique", "deux\nlignes", &FR)
                .unwrap_err()
                .field,
            "caption"
        );
        let words = ImageWords::parse(" Un graphique ", " La légende ", &FR).unwrap();
        assert_eq!(
            (words.alt(), words.caption()),
            ("Un graphique", "La légende")
        );
    }

    #[test]
    fn the_markdown_renders_as_a_figure_with_its_caption() {
        let markdown = figure_markdown(
            "/media/7",
            "Coûts [2024] *réels*",
            "Part du *réseau* <b>selon</b> l’étude_2",
        );
        let html = render(&append_figure("Un paragraphe.", &markdown), Locale::En).html;
        assert!(
            html.contains(
                "<figure><img src=\"/media/7\" alt=\"Coûts [2024] *réels*\" loading=\"lazy\">"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<figcaption>Part du *réseau* &lt;b&gt;selon&lt;/b&gt; l’étude_2</figcaption></figure>"
            ),
            "{html}"
        );
    }

    #[test]
    fn a_figure_without_caption_is_the_image_alone() {
        let html = render(
            &append_figure("", &figure_markdown("/media/7", "Seule", "")),
            Locale::En,
        )
        .html;
        assert_eq!(
            html.trim(),
            "<figure><img src=\"/media/7\" alt=\"Seule\" loading=\"lazy\"></figure>"
        );
    }
}
