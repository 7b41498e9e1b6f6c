//! A WordPress post body to Sillage Markdown: shortcodes first (`[caption]` becomes a figure,
//! `[wpdiscuz-feedback]` leaves its passage and is remembered, wpDiscuz's display shortcodes go,
//! a `[gallery]` is left out and its attachment ids kept for the report),
//! then wpautop's paragraphs for classic posts (block posts already have theirs; their
//! `<!-- wp:… -->` delimiters are HTML comments the converter skips), then HTML to Markdown.

use crate::import::html_md::to_markdown;

/// An inline-feedback passage found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackPassage {
    /// The shortcode's `id` (wpDiscuz's `unique_id`).
    pub unique_id: String,
    /// The passage's text.
    pub text: String,
}

/// A converted body.
#[derive(Debug, Clone, Default)]
pub struct Converted {
    /// The Markdown.
    pub markdown: String,
    /// The inline-feedback passages, in order.
    pub feedback: Vec<FeedbackPassage>,
    /// Shortcodes that had no equivalent and were left as text.
    pub unknown_shortcodes: Vec<String>,
    /// The attachment ids of each `[gallery]` left out (empty: the post's attached images).
    pub galleries: Vec<Vec<i64>>,
}

/// wpDiscuz's display shortcodes: the page shows its rating and comments by itself.
const DROPPED: [&str; 3] = ["wpdrating", "wpdiscuz_comments", "wpdiscuz_post_rating"];

/// Converts a post's `content:encoded`.
pub fn post_body(content: &str) -> Converted {
    let mut converted = Converted::default();
    let mut html = shortcode(content, "caption", caption);
    html = shortcode(&html, "wpdiscuz-feedback", |attrs, inner| {
        converted.feedback.push(FeedbackPassage {
            unique_id: attribute(attrs, "id").unwrap_or_default(),
            text: crate::import::text::decode_entities(inner),
        });
        inner.to_owned()
    });
    html = shortcode(&html, "embed", |_, inner| {
        format!("<p><a href=\"{0}\">{0}</a></p>", inner.trim())
    });
    // A gallery's images are attachments the file may hold only later: it is left out, and
    // reported with their ids.
    html = shortcode(&html, "gallery", |attrs, _| {
        let ids = attribute(attrs, "ids").unwrap_or_default();
        let ids = ids.split(',').filter_map(|id| id.trim().parse().ok());
        converted.galleries.push(ids.collect());
        String::new()
    });
    for name in DROPPED {
        html = shortcode(&html, name, |_, _| String::new());
    }
    converted.unknown_shortcodes = leftover_shortcodes(&html);
    if !html.contains("<!-- wp:") {
        html = autop(&html);
    }
    converted.markdown = to_markdown(&html);
    converted
}

/// Converts a comment's content (plain text with a few tags, shown through wpautop).
pub fn comment_body(content: &str) -> String {
    to_markdown(&autop(content))
}

/// Replaces each `[name attrs]inner[/name]` (or a lone `[name attrs]`) through `replace`.
fn shortcode(text: &str, name: &str, mut replace: impl FnMut(&str, &str) -> String) -> String {
    let open = format!("[{name}");
    let close = format!("[/{name}]");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let is_tag = after.starts_with([' ', ']', '/']);
        let escaped = rest[..start].ends_with('[');
        let Some(end) = after.find(']').filter(|_| is_tag && !escaped) else {
            out.push_str(&rest[..start + open.len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..start]);
        let attrs = after[..end].trim_end_matches('/');
        let body = &after[end + 1..];
        match body.find(&close).filter(|_| !attrs.ends_with('/')) {
            Some(stop) => {
                out.push_str(&replace(attrs, &body[..stop]));
                rest = &body[stop + close.len()..];
            }
            None => {
                out.push_str(&replace(attrs, ""));
                rest = body;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A shortcode attribute: `key="v"`, `key='v'` or `key=v`.
fn attribute(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(at) = rest.find(key) {
        let before_ok = at == 0 || rest[..at].ends_with(char::is_whitespace);
        let after = rest[at + key.len()..].trim_start();
        if before_ok && let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            return Some(match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_owned(),
                _ => value.split_whitespace().next().unwrap_or("").to_owned(),
            });
        }
        rest = &rest[at + key.len()..];
    }
    None
}

/// `[caption]<img …/> Légende[/caption]` → a figure with its caption.
fn caption(attrs: &str, inner: &str) -> String {
    let (image, text) = match inner.rfind('>') {
        Some(end) => inner.split_at(end + 1),
        None => (inner, ""),
    };
    let text = match text.trim() {
        "" => attribute(attrs, "caption").unwrap_or_default(),
        text => text.to_owned(),
    };
    format!("\n\n<figure>{image}<figcaption>{text}</figcaption></figure>\n\n")
}

fn leftover_shortcodes(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('[') {
        let after = &rest[start + 1..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            .collect();
        let closes = after[name.len()..].starts_with([' ', ']']);
        if !name.is_empty()
            && closes
            && after.contains(&format!("[/{name}]"))
            && !found.contains(&name)
        {
            found.push(name);
        }
        rest = after;
    }
    found
}

const BLOCK_STARTS: [&str; 17] = [
    "<p",
    "<div",
    "<h1",
    "<h2",
    "<h3",
    "<h4",
    "<h5",
    "<h6",
    "<ul",
    "<ol",
    "<table",
    "<blockquote",
    "<figure",
    "<pre",
    "<hr",
    "<section",
    "<!--",
];

/// WordPress's `wpautop`, in short: blank lines separate paragraphs, a single newline is a
/// line break, and a chunk that already starts with a block element is left alone.
fn autop(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len() + 64);
    for chunk in text.split("\n\n") {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        let lower = chunk.to_ascii_lowercase();
        if BLOCK_STARTS.iter().any(|tag| lower.starts_with(tag)) {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            out.push_str(&chunk.replace('\n', "<br>\n"));
            out.push_str("</p>");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_classic_post_gets_its_paragraphs_and_figure() {
        let body = post_body(
            "Premier paragraphe\nsur deux lignes.\n\n[caption id=\"attachment_12\" align=\"aligncenter\" width=\"600\"]<img src=\"https://blog.example/wp-content/uploads/zoe.jpg\" alt=\"Une Zoé\" width=\"600\" /> La Zoé en 2025[/caption]\n\nFin.",
        );
        assert_eq!(
            body.markdown,
            "Premier paragraphe\\\nsur deux lignes.\n\n![Une Zoé](<https://blog.example/wp-content/uploads/zoe.jpg> \"La Zoé en 2025\")\n\nFin."
        );
    }

    #[test]
    fn feedback_passages_are_kept_without_their_shortcode() {
        let body = post_body(
            "<!-- wp:paragraph -->\n<p>Avant [wpdiscuz-feedback id=\"k3j5h2l1q0\" question=\"D’accord ?\" opened=\"0\"]la marge baisse[/wpdiscuz-feedback] après.</p>\n<!-- /wp:paragraph -->\n[wpdrating]",
        );
        assert_eq!(body.markdown, "Avant la marge baisse après.");
        assert_eq!(
            body.feedback,
            vec![FeedbackPassage {
                unique_id: "k3j5h2l1q0".into(),
                text: "la marge baisse".into()
            }]
        );
    }

    #[test]
    fn a_gallery_is_left_out_with_its_attachment_ids() {
        let body =
            post_body("Avant.\n\n[gallery ids=\"12, 13,x\" columns=\"2\"]\n\n[gallery]\n\nAprès.");
        assert_eq!(body.galleries, vec![vec![12, 13], vec![]]);
        assert!(!body.markdown.contains("gallery"), "{}", body.markdown);
        assert!(body.unknown_shortcodes.is_empty());
    }

    #[test]
    fn unknown_shortcodes_are_reported_and_escaped_ones_kept() {
        let body = post_body("[toc]x[/toc] et [[caption]]");
        assert_eq!(body.unknown_shortcodes, vec!["toc".to_owned()]);
        assert!(body.markdown.contains("caption"), "{}", body.markdown);
    }
}
