//! The paragraphs of an article as readers quote them: each `<p id="p-…">` of the stored body
//! HTML with its text, read back when the page is shown, and a way to add markup at the end of
//! chosen paragraphs (the inline comment markers).
//!
//! Like [`crate::articles::outline`], this scans the sanitiser's serialisation, where a
//! paragraph is written `<p id="…">` and never nests.

use std::collections::HashMap;

use crate::articles::outline::{decode_entities, strip_tags};
use crate::comments::inline::anchor::normalize;

const OPEN: &str = "<p id=\"";
const CLOSE: &str = "</p>";

/// A paragraph of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Its id (`p-` and a hash of its text).
    pub id: String,
    /// Its text, whitespace-normalised as a reader's selection is.
    pub text: String,
}

/// Every paragraph with an id, in order.
pub fn passages(body_html: &str) -> Vec<Passage> {
    let mut found = Vec::new();
    let mut rest = body_html;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let Some(id_end) = after.find('"') else { break };
        let Some(tag_end) = after[id_end..].find('>').map(|i| id_end + i + 1) else {
            break;
        };
        let Some(close) = after[tag_end..].find(CLOSE).map(|i| tag_end + i) else {
            break;
        };
        found.push(Passage {
            id: decode_entities(&after[..id_end]),
            text: normalize(&decode_entities(&strip_tags(&after[tag_end..close]))),
        });
        rest = &after[close + CLOSE.len()..];
    }
    found
}

/// `body_html` with `additions[id]` written just before the end of paragraph `id`.
pub fn append_to_paragraphs(body_html: &str, additions: &HashMap<String, String>) -> String {
    if additions.is_empty() {
        return body_html.to_owned();
    }
    let mut out = String::with_capacity(body_html.len() + additions.len() * 200);
    let mut rest = body_html;
    while let Some(start) = rest.find(OPEN) {
        let after_open = start + OPEN.len();
        let Some(id_end) = rest[after_open..].find('"').map(|i| after_open + i) else {
            break;
        };
        let id = decode_entities(&rest[after_open..id_end]);
        let Some(close) = rest[id_end..].find(CLOSE).map(|i| id_end + i) else {
            break;
        };
        out.push_str(&rest[..close]);
        if let Some(addition) = additions.get(&id) {
            out.push_str(addition);
        }
        out.push_str(CLOSE);
        rest = &rest[close + CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::articles::markdown::render;
    use crate::i18n::Locale;

    #[test]
    fn paragraphs_are_read_with_their_ids_and_plain_text() {
        let body = render(
            "## Titre\n\nLe *prix* du   LFP & des\nNMC.\n\n- un point\n\nFin.",
            Locale::En,
        );
        let found = passages(&body.html);
        assert_eq!(found.len(), 2, "{}", body.html);
        assert!(found[0].id.starts_with("p-"));
        assert_eq!(found[0].text, "Le prix du LFP & des NMC.");
        assert_eq!(found[1].text, "Fin.");
        assert_eq!(
            render("Le *prix* du   LFP & des\nNMC.", Locale::En).html,
            format!(
                "<p id=\"{}\">Le <em>prix</em> du   LFP &amp; des\nNMC.</p>\n",
                found[0].id
            ),
            "the id depends on the paragraph's text only"
        );
    }

    #[test]
    fn markup_is_added_at_the_end_of_the_chosen_paragraphs_only() {
        let html = "<p id=\"p-1\">Un</p><ul><li>x</li></ul><p id=\"p-2\">Deux <a>lien</a></p>";
        let additions = HashMap::from([("p-2".to_owned(), "<a class=m>1</a>".to_owned())]);
        assert_eq!(
            append_to_paragraphs(html, &additions),
            "<p id=\"p-1\">Un</p><ul><li>x</li></ul><p id=\"p-2\">Deux <a>lien</a><a class=m>1</a></p>"
        );
        assert_eq!(
            append_to_paragraphs("<p id=\"p-1", &additions),
            "<p id=\"p-1"
        );
    }
}
