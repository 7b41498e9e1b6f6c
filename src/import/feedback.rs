//! wpDiscuz inline feedback becomes Sillage inline comments: a comment's meta
//! `wpdiscuz_feedback_form_id` names a `wc_feedback_forms` row, whose `unique_id` is the
//! shortcode's around a passage of the post; the comment is anchored on that passage in the
//! article's paragraphs. Without the dump, a post with a single passage is unambiguous.

use serde_json::json;

use crate::articles::passages::passages;
use crate::comments::inline::anchor::{Anchor, normalize};
use crate::import::article::Written;
use crate::import::context::Context;
use crate::import::issue::Issue;
use crate::import::model::WpComment;
use crate::import::report::{Problem, Report};

/// The stored anchor of an inline-feedback comment; `None` for an ordinary comment.
pub fn anchor_of(
    ctx: &Context,
    comment: &WpComment,
    article: &Written,
    report: &mut Report,
) -> Option<String> {
    let form_id: i64 = comment
        .meta("wpdiscuz_feedback_form_id")?
        .trim()
        .parse()
        .ok()?;
    let feedback = &article.converted.feedback;
    let passage = match ctx.dump.feedback_forms.get(&form_id) {
        Some(form) => feedback
            .iter()
            .find(|p| p.unique_id == form.unique_id)
            .map(|p| p.text.clone())
            .or_else(|| Some(crate::import::text::decode_entities(&form.content))),
        None if feedback.len() == 1 => Some(feedback[0].text.clone()),
        None => None,
    };
    let anchored = passage.and_then(|text| anchor_on(&article.body_html, &text));
    if anchored.is_none() {
        report.problem(Problem::new(
            comment.line,
            Issue::PassageMissing {
                comment: comment.id,
                form: form_id,
            },
        ));
    }
    anchored
}

/// A text-quote selector for `text` in the first paragraph of `body_html` that holds it.
fn anchor_on(body_html: &str, text: &str) -> Option<String> {
    let exact = normalize(text);
    if exact.is_empty() {
        return None;
    }
    let paragraph = passages(body_html)
        .into_iter()
        .find(|p| p.text.contains(&exact))?;
    let at = paragraph.text.find(&exact)?;
    let before: String = paragraph.text[..at].chars().rev().take(32).collect();
    let prefix: String = before.chars().rev().collect();
    let suffix: String = paragraph.text[at + exact.len()..]
        .chars()
        .take(32)
        .collect();
    let raw = json!({"p": paragraph.id, "exact": exact, "prefix": prefix, "suffix": suffix});
    Anchor::parse(&raw.to_string())
        .ok()
        .flatten()?
        .to_json()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::anchor_on;

    #[test]
    fn a_passage_is_anchored_in_its_paragraph() {
        let html = "<p id=\"p-1a2b3c4d\">Avant la marge baisse après.</p>";
        let anchor = anchor_on(html, "la marge  baisse").unwrap();
        assert!(anchor.contains("\"p\":\"p-1a2b3c4d\""), "{anchor}");
        assert!(anchor.contains("\"exact\":\"la marge baisse\""), "{anchor}");
        assert!(anchor_on(html, "absent").is_none());
    }
}
