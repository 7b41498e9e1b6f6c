//! Figures in article bodies: a paragraph that is one image, alone or with its caption, becomes
//! `<figure>`. The caption is the image's title (`![alt](src "caption")`) or an italic line
//! under it, the first user's convention, in the same paragraph or the next one:
//!
//! ```text
//! ![Les coûts de distribution](/images/….png)
//! *Part de chaque maillon dans le prix d’une citadine*
//! ```
//!
//! Stored images then get their `<picture>`, sizes and variants from
//! [`crate::images::figures`] when the page is shown.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd, html};

use crate::articles::markdown::{escape, plain_text};

/// A paragraph's image and where its caption is.
struct Parts<'e> {
    src: &'e str,
    title: &'e str,
    alt: String,
    /// The events inside the italic caption line, if there is one.
    italic: Option<Range<usize>>,
}

fn is_blank(event: &Event) -> bool {
    match event {
        Event::SoftBreak | Event::HardBreak => true,
        Event::Text(text) => text.trim().is_empty(),
        _ => false,
    }
}

/// The image of a paragraph made of one image and maybe an italic line; None otherwise.
fn parts<'e>(inner: &'e [Event]) -> Option<Parts<'e>> {
    let start = inner.iter().position(|e| !is_blank(e))?;
    let Event::Start(Tag::Image {
        dest_url, title, ..
    }) = &inner[start]
    else {
        return None;
    };
    let end = start
        + inner[start..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Image)))?;
    let alt_events = &inner[start + 1..end];
    if !alt_events
        .iter()
        .all(|e| matches!(e, Event::Text(_) | Event::Code(_)))
    {
        return None;
    }
    let rest: Vec<usize> = (end + 1..inner.len())
        .filter(|&i| !is_blank(&inner[i]))
        .collect();
    let italic = match (rest.first(), rest.last()) {
        (None, _) => None,
        (Some(&first), Some(&last)) => Some(italic_line(inner, first, last)?),
        (Some(_), None) => return None,
    };
    Some(Parts {
        src: dest_url,
        title,
        alt: plain_text(alt_events),
        italic,
    })
}

/// The inside of `inner[first..=last]` when it is one emphasis and nothing else.
fn italic_line(inner: &[Event], first: usize, last: usize) -> Option<Range<usize>> {
    let opens = matches!(inner[first], Event::Start(Tag::Emphasis));
    let closes = matches!(inner[last], Event::End(TagEnd::Emphasis));
    let one = !inner[first + 1..last]
        .iter()
        .any(|e| matches!(e, Event::End(TagEnd::Emphasis)));
    (opens && closes && one && first < last).then(|| first + 1..last)
}

/// Whether the paragraph is one image, alone or with its italic caption line.
pub fn is_figure(inner: &[Event]) -> bool {
    parts(inner).is_some()
}

/// Whether the paragraph is an image alone, without any caption (the next paragraph may be).
pub fn is_lone_image(inner: &[Event]) -> bool {
    parts(inner).is_some_and(|p| p.italic.is_none() && p.title.is_empty())
}

/// Whether the paragraph is one italic line, a caption when it follows a lone image.
pub fn is_italic_line(inner: &[Event]) -> bool {
    let meaningful: Vec<usize> = (0..inner.len()).filter(|&i| !is_blank(&inner[i])).collect();
    match (meaningful.first(), meaningful.last()) {
        (Some(&first), Some(&last)) => italic_line(inner, first, last).is_some(),
        _ => false,
    }
}

/// The `<figure>` of a paragraph made of one image and maybe its caption.
pub fn figure(inner: &[Event]) -> Option<String> {
    let parts = parts(inner)?;
    let caption = match &parts.italic {
        Some(range) => {
            let mut html = String::new();
            html::push_html(&mut html, inner[range.clone()].iter().cloned());
            Some(html)
        }
        None => (!parts.title.is_empty()).then(|| escape(parts.title)),
    };
    let caption = caption
        .map(|c| format!("<figcaption>{}</figcaption>", c.trim()))
        .unwrap_or_default();
    Some(format!(
        "<figure><img src=\"{}\" alt=\"{}\" loading=\"lazy\">{caption}</figure>\n",
        escape(parts.src),
        escape(&parts.alt),
    ))
}

#[cfg(test)]
mod tests {
    use crate::articles::markdown::render;
    use crate::i18n::Locale;

    const SRC: &str = "/images/a.png";

    #[test]
    fn an_italic_line_under_an_image_is_its_caption() {
        let html = render(
            &format!("![Un graphique]({SRC})\n*Les coûts, [source](https://a.example/)*"),
            Locale::En,
        )
        .html;
        assert!(
            html.starts_with("<figure><img src=\"/images/a.png\" alt=\"Un graphique\""),
            "{html}"
        );
        assert!(html.contains("<figcaption>Les coûts, <a href=\"https://a.example/\" rel=\"noopener\">source</a></figcaption></figure>"), "{html}");
    }

    #[test]
    fn an_italic_paragraph_after_a_lone_image_is_its_caption() {
        let html = render(
            &format!("![Un graphique]({SRC})\n\n*La légende*\n\nSuite."),
            Locale::En,
        )
        .html;
        assert!(
            html.contains("<figcaption>La légende</figcaption></figure>"),
            "{html}"
        );
        assert!(html.contains(">Suite.</p>"), "{html}");
    }

    #[test]
    fn an_image_alone_is_a_figure_without_caption_and_a_title_is_a_caption() {
        let alone = render(&format!("![Seule]({SRC})"), Locale::En).html;
        assert_eq!(
            alone.trim(),
            "<figure><img src=\"/images/a.png\" alt=\"Seule\" loading=\"lazy\"></figure>"
        );
        let titled = render(&format!("![A]({SRC} \"Titre\")"), Locale::En).html;
        assert!(
            titled.contains("<figcaption>Titre</figcaption>"),
            "{titled}"
        );
    }

    #[test]
    fn an_image_within_text_or_two_italics_stay_a_paragraph() {
        for markdown in [
            format!("Voir ![A]({SRC}) ici."),
            format!("![A]({SRC})\n*un* et *deux*"),
            format!("![A]({SRC})\n**gras**"),
        ] {
            let html = render(&markdown, Locale::En).html;
            assert!(html.starts_with("<p id="), "{markdown} gave {html}");
            assert!(!html.contains("<figure>"), "{html}");
        }
        let not_caption = render(&format!("![A]({SRC})\n\nTexte *italique*."), Locale::En).html;
        assert!(!not_caption.contains("<figcaption>"), "{not_caption}");
    }
}
