//! Inline comments ("Commentaires en ligne"): each quote found again in the article as it reads
//! now, the count markers beside the passages, and the entries of the "inline" tab. A quote
//! whose passage is gone keeps its text and is flagged, on the page and in the admin inbox.

use std::collections::HashMap;

use crate::articles::passages::Passage;
use crate::comments::inline::anchor::Anchor;
use crate::comments::model::Comment;
use crate::comments::status::CommentStatus;
use crate::i18n::Messages;

/// The paragraph where `anchor`'s quote is now, if it is still in the article: the paragraph
/// it was taken from when that still holds it, else the one holding the quote in its context,
/// else the first holding the quote alone.
pub fn locate<'a>(anchor: &Anchor, passages: &'a [Passage]) -> Option<&'a str> {
    let exact = anchor.exact();
    let context = anchor.in_context();
    passages
        .iter()
        .find(|p| p.id == anchor.paragraph() && p.text.contains(exact))
        .or_else(|| passages.iter().find(|p| p.text.contains(&context)))
        .or_else(|| passages.iter().find(|p| p.text.contains(exact)))
        .map(|p| p.id.as_str())
}

/// One entry of the inline tab.
#[derive(Debug, Clone)]
pub struct InlineView {
    /// The comment.
    pub id: i64,
    /// Its writer's name.
    pub name: String,
    /// The quoted words.
    pub quote: String,
    /// The paragraph holding the quote now; `None` when the passage was changed or removed.
    pub paragraph: Option<String>,
    /// Sanitised body.
    pub body_html: String,
    /// Waiting for moderation (shown to its writer only).
    pub pending: bool,
}

/// The inline comments of an article page.
#[derive(Debug, Clone, Default)]
pub struct InlineComments {
    /// The entries, in the order of their passages; orphaned ones last.
    pub items: Vec<InlineView>,
    /// The marker to add at the end of each paragraph with approved inline comments.
    pub markers: HashMap<String, String>,
}

/// Places `comments` (inline, oldest first) in the article's `passages`.
pub fn arrange(t: &Messages, comments: Vec<Comment>, passages: &[Passage]) -> InlineComments {
    let position: HashMap<&str, usize> = passages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut items: Vec<InlineView> = comments
        .into_iter()
        .filter_map(|c| {
            let anchor = Anchor::from_stored(c.anchor.as_deref()?)?;
            Some(InlineView {
                paragraph: locate(&anchor, passages).map(str::to_owned),
                quote: anchor.exact().to_owned(),
                id: c.id,
                name: c.author_name,
                body_html: c.body_html,
                pending: c.status != CommentStatus::Approved,
            })
        })
        .collect();
    // Stable: within a passage, the oldest first.
    items.sort_by_key(|item| {
        item.paragraph
            .as_deref()
            .and_then(|p| position.get(p).copied())
            .unwrap_or(usize::MAX)
    });
    let mut counts: HashMap<&str, (usize, i64)> = HashMap::new();
    for item in items.iter().filter(|item| !item.pending) {
        if let Some(paragraph) = item.paragraph.as_deref() {
            counts.entry(paragraph).or_insert((0, item.id)).0 += 1;
        }
    }
    let markers = counts
        .into_iter()
        .map(|(paragraph, (count, first))| {
            let marker = format!(
                "<a class=\"inline-marker\" href=\"#inline-comment-{first}\" aria-label=\"{} : {count}\">{count}</a>",
                escape(t.inline_marker_label)
            );
            (paragraph.to_owned(), marker)
        })
        .collect();
    InlineComments { items, markers }
}

fn escape(text: &str) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::articles::markdown::render;
    use crate::articles::passages::passages;
    use crate::i18n::Locale;

    fn anchor(paragraph: &str, exact: &str, prefix: &str) -> Anchor {
        let raw = serde_json::json!({ "p": paragraph, "exact": exact, "prefix": prefix });
        Anchor::parse(&raw.to_string()).unwrap().unwrap()
    }

    #[test]
    fn a_quote_is_found_after_its_paragraph_changed_and_lost_when_it_is_gone() {
        let before =
            passages(&render("Le LFP coûte moins cher.\n\nLe NMC est dense.", Locale::En).html);
        let quote = anchor(&before[0].id, "coûte moins cher", "Le LFP ");
        assert_eq!(locate(&quote, &before), Some(before[0].id.as_str()));
        let edited = passages(
            &render(
                "Intro ajoutée.\n\nLe LFP coûte moins cher, dit-on.\n\nLe NMC est dense.",
                Locale::En,
            )
            .html,
        );
        assert_eq!(
            locate(&quote, &edited),
            Some(edited[1].id.as_str()),
            "found in the paragraph's new version"
        );
        let gone =
            passages(&render("Le LFP est bon marché.\n\nLe NMC est dense.", Locale::En).html);
        assert_eq!(locate(&quote, &gone), None);
    }

    #[test]
    fn the_context_picks_the_right_occurrence() {
        let found =
            passages(&render("Le prix baisse.\n\nMais le prix du NMC monte.", Locale::En).html);
        let quote = anchor("p-00000000", "prix", "Mais le ");
        assert_eq!(locate(&quote, &found), Some(found[1].id.as_str()));
    }
}
