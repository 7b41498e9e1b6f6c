//! The table of contents of an article: its `<h2 id=…>` sections, read from the body HTML when
//! the body is stored for its page (see [`crate::articles::stored_body`]).
//!
//! Reading the HTML the page shows makes the anchors by construction the ids of that page. The
//! scan is light because that HTML is always the sanitiser's serialisation: `<h2 id="…">` is
//! written exactly so (`id` is the only attribute a heading keeps), attribute values are quoted
//! with `"`, and `<` never appears in text.

use serde::{Deserialize, Serialize};

/// Fewer sections than this need no table of contents.
pub const MIN_SECTIONS: usize = 3;

/// A `##` section of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The heading's id, the anchor to link to.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// The sections of `body_html` when there are at least [`MIN_SECTIONS`], else none.
pub fn table_of_contents(body_html: &str) -> Vec<Section> {
    let sections = sections(body_html);
    if sections.len() >= MIN_SECTIONS {
        sections
    } else {
        Vec::new()
    }
}

/// Every `<h2>` with an id and some text, in order.
fn sections(html: &str) -> Vec<Section> {
    const OPEN: &str = "<h2 id=\"";
    const CLOSE: &str = "</h2>";
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let Some(id_end) = after.find('"') else { break };
        let Some(tag_end) = after[id_end..].find('>').map(|i| id_end + i + 1) else {
            break;
        };
        let Some(close) = after[tag_end..].find(CLOSE).map(|i| tag_end + i) else {
            break;
        };
        let id = decode_entities(&after[..id_end]);
        let title = decode_entities(&strip_tags(&after[tag_end..close]));
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if !id.is_empty() && !title.is_empty() {
            found.push(Section { id, title });
        }
        rest = &after[close + CLOSE.len()..];
    }
    found
}

/// The text of an HTML fragment, its tags removed.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Decodes the entities the sanitiser writes (`&amp;` last, so `&amp;lt;` stays `&lt;`).
pub(crate) fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::articles::markdown::render;
    use crate::i18n::Locale;

    #[test]
    fn three_sections_make_a_table_of_contents() {
        let body = render(
            "Intro\n\n## Le *prix* & les `<marges>`\n\ntexte\n\n### Détail\n\n## Les volumes\n\n## Conclusion\n",
            Locale::En,
        );
        let toc = table_of_contents(&body.html);
        assert_eq!(
            toc,
            vec![
                Section {
                    id: "le-prix-les-marges".into(),
                    title: "Le prix & les <marges>".into()
                },
                Section {
                    id: "les-volumes".into(),
                    title: "Les volumes".into()
                },
                Section {
                    id: "conclusion".into(),
                    title: "Conclusion".into()
                },
            ]
        );
        for section in &toc {
            assert!(body.html.contains(&format!("<h2 id=\"{}\">", section.id)));
        }
    }

    #[test]
    fn two_sections_make_none() {
        let body = render(
            "## Un\n\ntexte\n\n## Deux\n\ntexte\n\n### Trois\n",
            Locale::En,
        );
        assert_eq!(sections(&body.html).len(), 2);
        assert!(table_of_contents(&body.html).is_empty());
    }

    #[test]
    fn broken_html_ends_the_scan_without_panicking() {
        assert!(sections("<h2 id=\"a\">unclosed").is_empty());
        assert!(sections("<h2 id=\"a").is_empty());
        assert_eq!(sections("<h2 id=\"\">x</h2><h2 id=\"b\"></h2>"), vec![]);
    }
}
