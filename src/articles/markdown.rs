//! Article bodies: Markdown (pulldown-cmark, with GitHub's tables and alerts) rendered to HTML,
//! sanitised (ammonia) and given stable ids. A heading's id comes from its text, a paragraph's
//! from a hash of its text, so that anchors survive edits elsewhere in the article.
//!
//! Conventions beyond CommonMark: `> [!NOTE]` (or TIP, IMPORTANT, WARNING, CAUTION) makes a
//! highlighted callout box; an image alone in its paragraph becomes a figure, captioned by its
//! title or the italic line under it (see [`crate::articles::figure`]); tables scroll on small
//! screens.
//!
//! On a French site the words follow French spacing ([`crate::articles::spacing`]). Ids are made
//! from the words as typed, so they do not change with it.

use std::collections::HashSet;

use pulldown_cmark::{BlockQuoteKind, Event, Options, Parser, Tag, TagEnd, html};
use sha2::{Digest, Sha256};

use crate::articles::figure;
use crate::articles::spacing::french_text;
use crate::i18n::Locale;

/// Words read per minute, for the reading time.
const WORDS_PER_MINUTE: usize = 220;

/// A rendered article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedBody {
    /// Sanitised HTML.
    pub html: String,
    /// Estimated reading time, at least one minute.
    pub reading_minutes: i32,
}

/// Renders `markdown`, written in `locale`'s language, to safe HTML.
pub fn render(markdown: &str, locale: Locale) -> RenderedBody {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let words: usize = events
        .iter()
        .map(|event| match event {
            Event::Text(text) | Event::Code(text) => text.split_whitespace().count(),
            _ => 0,
        })
        .sum();
    let mut raw = String::with_capacity(markdown.len() * 2);
    let events = Decorator {
        used_ids: HashSet::new(),
        locale,
    }
    .decorate(events);
    let events = match locale {
        Locale::Fr => french_text(events),
        Locale::En => events,
    };
    html::push_html(&mut raw, events.into_iter());
    RenderedBody {
        html: sanitizer().clean(&raw).to_string(),
        reading_minutes: i32::try_from(words.div_ceil(WORDS_PER_MINUTE).max(1)).unwrap_or(i32::MAX),
    }
}

/// Rewrites block starts into HTML carrying ids and classes.
struct Decorator {
    used_ids: HashSet<String>,
    /// The body's language, for the figures it writes as HTML.
    locale: Locale,
}

impl Decorator {
    fn decorate<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len());
        let mut iter = events.into_iter().peekable();
        while let Some(event) = iter.next() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let inner =
                        take_until(&mut iter, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                    let text = plain_text(&inner);
                    let id = self.unique(slug::slugify(&text), "section");
                    out.push(Event::Html(format!("<{level} id=\"{id}\">").into()));
                    out.extend(inner);
                    out.push(Event::Html(format!("</{level}>").into()));
                }
                Event::Start(Tag::Paragraph) => {
                    let mut inner = take_paragraph(&mut iter);
                    // A lone image takes the italic paragraph after it as its caption.
                    while figure::is_lone_image(&inner)
                        && matches!(iter.peek(), Some(Event::Start(Tag::Paragraph)))
                    {
                        iter.next();
                        let next = take_paragraph(&mut iter);
                        if figure::is_italic_line(&next) {
                            inner.push(Event::SoftBreak);
                            inner.extend(next);
                            break;
                        }
                        out.extend(self.paragraph(std::mem::replace(&mut inner, next)));
                    }
                    out.extend(self.paragraph(inner));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    out.push(Event::Html(
                        format!("<aside class=\"callout callout-{}\">", kind_name(kind)).into(),
                    ));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</aside>".into())),
                Event::Start(Tag::Table(alignments)) => {
                    out.push(Event::Html(
                        "<div class=\"table-wrap\" tabindex=\"0\">".into(),
                    ));
                    out.push(Event::Start(Tag::Table(alignments)));
                }
                Event::End(TagEnd::Table) => {
                    out.push(Event::End(TagEnd::Table));
                    out.push(Event::Html("</div>".into()));
                }
                other => out.push(other),
            }
        }
        out
    }

    fn paragraph<'a>(&mut self, inner: Vec<Event<'a>>) -> Vec<Event<'a>> {
        // A figure is written as HTML here: its caption takes the spacing now.
        let figure = match self.locale {
            Locale::Fr if figure::is_figure(&inner) => figure::figure(&french_text(inner.clone())),
            _ => figure::figure(&inner),
        };
        if let Some(figure) = figure {
            return vec![Event::Html(figure.into())];
        }
        let text = plain_text(&inner);
        let digest = Sha256::digest(text.trim().as_bytes());
        let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
        let id = self.unique(format!("p-{hash}"), "p");
        let mut out = vec![Event::Html(format!("<p id=\"{id}\">").into())];
        out.extend(inner);
        out.push(Event::Html("</p>\n".into()));
        out
    }

    fn unique(&mut self, candidate: String, fallback: &str) -> String {
        let base = if candidate.is_empty() {
            fallback.to_owned()
        } else {
            candidate
        };
        let mut id = base.clone();
        let mut n = 2;
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

fn take_until<'a>(
    iter: &mut impl Iterator<Item = Event<'a>>,
    is_end: impl Fn(&Event) -> bool,
) -> Vec<Event<'a>> {
    let mut inner = Vec::new();
    for event in iter.by_ref() {
        if is_end(&event) {
            break;
        }
        inner.push(event);
    }
    inner
}

fn take_paragraph<'a>(iter: &mut impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    take_until(iter, |e| matches!(e, Event::End(TagEnd::Paragraph)))
}

/// The text of `events`, without markup.
pub(crate) fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect()
}

/// `text` escaped for HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

fn kind_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["figure", "figcaption", "aside"])
        .add_generic_attributes(["id"])
        .add_tag_attributes("img", ["loading", "width", "height"])
        .add_tag_attributes("div", ["tabindex"])
        .add_tag_attributes("ol", ["start"])
        .add_allowed_classes(
            "aside",
            [
                "callout",
                "callout-note",
                "callout-tip",
                "callout-important",
                "callout-warning",
                "callout-caution",
            ],
        )
        .add_allowed_classes("div", ["table-wrap"])
        .add_allowed_classes("sup", ["footnote-reference"])
        .add_allowed_classes("div", ["footnote-definition"])
        .link_rel(Some("noopener"));
    builder.attribute_filter(|_, attr, value| {
        // Raw HTML may not smuggle in an interactive tab stop outside our table wrapper.
        if attr == "tabindex" && value != "0" {
            None
        } else {
            Some(value.into())
        }
    });
    builder
}
