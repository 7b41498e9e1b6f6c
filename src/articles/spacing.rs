//! French spacing in an article body as it is rendered (see [`crate::i18n::typography`]): in the
//! text nodes that are read as prose only, never in code, link addresses, image descriptions or
//! raw HTML.

use std::borrow::Cow;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::i18n::typography::french_spacing;

/// French spacing in the text nodes that are read as prose: not inside a code block, whose
/// text is code, nor inside an image, whose text becomes its `alt` attribute.
pub(crate) fn french_text(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut verbatim = 0usize;
    events
        .into_iter()
        .map(|event| {
            match &event {
                Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => verbatim += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::Image) => {
                    verbatim = verbatim.saturating_sub(1);
                }
                Event::Text(text) if verbatim == 0 => {
                    if let Cow::Owned(spaced) = french_spacing(text) {
                        return Event::Text(spaced.into());
                    }
                }
                _ => {}
            }
            event
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::articles::markdown::render;
    use crate::i18n::Locale;

    const BODY: &str = "Le choix : LFP ou NMC ? « Oui » !\n\n`a : b`, [le lien ?](https://a.example/?x=1 \"Titre ?\") et ![Photo : la batterie](/images/a.png) ici.\n\n```\nclé : valeur ?\n```\n";

    #[test]
    fn a_french_body_takes_french_spacing_in_its_words_only() {
        let html = render(BODY, Locale::Fr).html;
        assert!(
            html.contains("Le choix&nbsp;: LFP ou NMC\u{202f}? «&nbsp;Oui&nbsp;»\u{202f}!"),
            "{html}"
        );
        assert!(html.contains(">le lien\u{202f}?</a>"), "{html}");
        for verbatim in [
            "<code>a : b</code>",
            "href=\"https://a.example/?x=1\"",
            "title=\"Titre ?\"",
            "alt=\"Photo : la batterie\"",
            "clé : valeur ?",
        ] {
            assert!(html.contains(verbatim), "{verbatim} in {html}");
        }
    }

    #[test]
    fn a_french_figure_s_caption_is_spaced_and_its_description_is_not() {
        let html = render(
            "![Photo : la batterie](/images/a.png)\n*Source : Renault*",
            Locale::Fr,
        )
        .html;
        assert!(html.contains("alt=\"Photo : la batterie\""), "{html}");
        assert!(
            html.contains("<figcaption>Source&nbsp;: Renault</figcaption>"),
            "{html}"
        );
    }

    #[test]
    fn an_english_body_is_left_as_typed_with_the_same_ids() {
        let (fr, en) = (render(BODY, Locale::Fr).html, render(BODY, Locale::En).html);
        assert!(en.contains("Le choix : LFP ou NMC ? « Oui » !"), "{en}");
        let ids = |html: &str| -> Vec<String> {
            html.match_indices("id=\"")
                .map(|(at, _)| html[at + 4..].split('"').next().unwrap_or("").to_owned())
                .collect()
        };
        assert_eq!(ids(&fr), ids(&en), "anchors survive the spacing");
    }
}
