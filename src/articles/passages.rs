//! The paragraphs of an article as readers quote them: each `<p id="p-…">` of the body HTML
//! with its text and where it ends, read when the body is stored (see
//! [`crate::articles::stored_body`]), and a way to add markup at the end of chosen paragraphs
//! (the inline comment markers) without reading the HTML again.
//!
//! Like [`crate::articles::outline`], this scans the sanitiser's serialisation, where a
//! paragraph is written `<p id="…">` and never nests.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::articles::outline::{decode_entities, strip_tags};
use crate::comments::inline::anchor::normalize;

const OPEN: &str = "<p id=\"";
const CLOSE: &str = "</p>";

/// A paragraph of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// Its id (`p-` and a hash of its text).
    pub id: String,
    /// Its text, whitespace-normalised as a reader's selection is.
    pub text: String,
    /// Where its closing `</p>` starts in the HTML it was read from, in bytes.
    pub end: usize,
}

/// Every paragraph with an id, in order.
pub fn passages(body_html: &str) -> Vec<Passage> {
    let mut found = Vec::new();
    let mut offset = 0;
    while let Some(start) = body_html[offset..].find(OPEN).map(|i| offset + i) {
        let after = start + OPEN.len();
        let Some(id_end) = body_html[after..].find('"').map(|i| after + i) else {
            break;
        };
        let Some(tag_end) = body_html[id_end..].find('>').map(|i| id_end + i + 1) else {
            break;
        };
        let Some(close) = body_html[tag_end..].find(CLOSE).map(|i| tag_end + i) else {
            break;
        };
        found.push(Passage {
            id: decode_entities(&body_html[after..id_end]),
            text: normalize(&decode_entities(&strip_tags(&body_html[tag_end..close]))),
            end: close,
        });
        offset = close + CLOSE.len();
    }
    found
}

/// `html` (the HTML `found` was read from) with `additions[id]` written just before the end
/// of each paragraph `id`.
pub fn append_to_paragraphs(
    html: &str,
    found: &[Passage],
    additions: &HashMap<String, String>,
) -> String {
    let mut out = String::with_capacity(html.len() + additions.len() * 200);
    let mut copied = 0;
    for passage in found {
        let Some(addition) = additions.get(&passage.id) else {
            continue;
        };
        let Some(before) = html.get(copied..passage.end) else {
            continue;
        };
        out.push_str(before);
        out.push_str(addition);
        copied = passage.end;
    }
    out.push_str(html.get(copied..).unwrap_or_default());
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
        let html = "<p id=\"p-1\">Un</p><ul><li>x</li></ul><p id=\"p-2\">Deux <a>lien</a></p><p id=\"p-2\">Deux <a>lien</a></p>";
        let additions = HashMap::from([("p-2".to_owned(), "<a class=m>1</a>".to_owned())]);
        assert_eq!(
            append_to_paragraphs(html, &passages(html), &additions),
            "<p id=\"p-1\">Un</p><ul><li>x</li></ul><p id=\"p-2\">Deux <a>lien</a><a class=m>1</a></p><p id=\"p-2\">Deux <a>lien</a><a class=m>1</a></p>"
        );
        assert_eq!(
            append_to_paragraphs(html, &passages(html), &HashMap::new()),
            html
        );
        let broken = "<p id=\"p-1";
        assert_eq!(
            append_to_paragraphs(broken, &passages(broken), &additions),
            broken
        );
    }

    #[test]
    fn an_end_outside_the_html_adds_nothing() {
        let html = "<p id=\"p-2\">Deux</p>";
        let stale = [Passage {
            id: "p-2".into(),
            text: "Deux".into(),
            end: 400,
        }];
        let additions = HashMap::from([("p-2".to_owned(), "<a>1</a>".to_owned())]);
        assert_eq!(append_to_paragraphs(html, &stale, &additions), html);
    }
}
