//! Atom documents (RFC 4287) built from feed entries and comments by pure functions, written with the
//! `atom_syndication` crate.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{DateTime, Utc};

use crate::feeds::comments::CommentEntry;
use crate::feeds::model::FeedEntry;

/// What a feed says about itself.
#[derive(Debug, Clone)]
pub struct FeedInfo<'a> {
    /// Title shown by feed readers.
    pub title: String,
    /// One line under it.
    pub subtitle: &'a str,
    /// The feed's own absolute URL (also its id).
    pub self_url: String,
    /// The absolute URL of the page the feed follows.
    pub page_url: String,
    /// The site's absolute base URL, without a trailing slash.
    pub base_url: &'a str,
    /// Who writes the articles.
    pub author: &'a str,
    /// The language of the articles (`fr`, `en`).
    pub lang: &'a str,
}

/// The Atom feed of `entries`, newest first; `now` dates a feed without entries.
pub fn build(info: &FeedInfo<'_>, entries: &[FeedEntry], now: DateTime<Utc>) -> Feed {
    let updated = entries.iter().map(FeedEntry::updated).max().unwrap_or(now);
    feed(
        info,
        entries.iter().map(|e| entry(info, e)).collect(),
        updated,
    )
}

/// The Atom feed of the comments of the article at absolute `article_url`, newest first;
/// each entry links to the comment's anchor and names its author.
pub fn build_comments(
    info: &FeedInfo<'_>,
    article_url: &str,
    entry_title: &str,
    comments: &[CommentEntry],
    now: DateTime<Utc>,
) -> Feed {
    let updated = comments
        .iter()
        .map(CommentEntry::updated)
        .max()
        .unwrap_or(now);
    let entries = comments
        .iter()
        .map(|comment| {
            let url = format!("{article_url}#comment-{}", comment.id);
            Entry {
                title: Text::plain(xml_text(&format!("{entry_title} {}", comment.author_name))),
                id: url.clone(),
                updated: fixed(comment.updated()),
                published: Some(fixed(comment.created_at)),
                authors: vec![Person {
                    name: xml_text(&comment.author_name),
                    ..Person::default()
                }],
                links: vec![link("alternate", &url, "text/html")],
                content: Some(Content {
                    base: Some(article_url.to_owned()),
                    value: Some(xml_text(&comment.body_html)),
                    content_type: Some("html".to_owned()),
                    ..Content::default()
                }),
                ..Entry::default()
            }
        })
        .collect();
    feed(info, entries, updated)
}

fn feed(info: &FeedInfo<'_>, entries: Vec<Entry>, updated: DateTime<Utc>) -> Feed {
    Feed {
        title: Text::plain(xml_text(&info.title)),
        id: info.self_url.clone(),
        updated: fixed(updated),
        authors: vec![Person {
            name: xml_text(info.author),
            ..Person::default()
        }],
        links: vec![
            link("self", &info.self_url, "application/atom+xml"),
            link("alternate", &info.page_url, "text/html"),
        ],
        subtitle: (!info.subtitle.is_empty()).then(|| Text::plain(xml_text(info.subtitle))),
        entries,
        lang: Some(info.lang.to_owned()),
        ..Feed::default()
    }
}

fn entry(info: &FeedInfo<'_>, article: &FeedEntry) -> Entry {
    let url = format!("{}/articles/{}", info.base_url, article.slug);
    let content = Content {
        // Links and images in the body are site paths: xml:base makes them absolute.
        base: Some(url.clone()),
        value: Some(xml_text(&article.body_html)),
        content_type: Some("html".to_owned()),
        ..Content::default()
    };
    Entry {
        title: Text::plain(xml_text(&article.title)),
        id: url.clone(),
        updated: fixed(article.updated()),
        published: article.published_at.map(fixed),
        links: vec![link("alternate", &url, "text/html")],
        summary: (!article.summary.is_empty()).then(|| Text::plain(xml_text(&article.summary))),
        content: Some(content),
        ..Entry::default()
    }
}

fn link(rel: &str, href: &str, mime_type: &str) -> Link {
    Link {
        href: href.to_owned(),
        rel: rel.to_owned(),
        mime_type: Some(mime_type.to_owned()),
        ..Link::default()
    }
}

fn fixed(at: DateTime<Utc>) -> FixedDateTime {
    at.fixed_offset()
}

/// `text` without the characters XML 1.0 forbids (control characters but tab and newlines):
/// the writer escapes markup but would let them through, and readers refuse the whole feed.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .filter(|&c| !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn info() -> FeedInfo<'static> {
        FeedInfo {
            title: "Sillage".into(),
            subtitle: "",
            self_url: "https://ex.org/feed.xml".into(),
            page_url: "https://ex.org/".into(),
            base_url: "https://ex.org",
            author: "Claire",
            lang: "fr",
        }
    }

    #[test]
    fn the_feed_reads_back_with_absolute_links_and_dates() {
        let published = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        let article = FeedEntry {
            slug: "prix".into(),
            title: "Prix & marges\u{1}".into(),
            summary: String::new(),
            body_html: "<p>Voir <a href=\"/articles/autre\">l’autre</a></p>".into(),
            published_at: Some(published),
            updated_at: published - chrono::Duration::days(1),
        };
        let xml = build(&info(), &[article], Utc::now()).to_string();
        let feed: Feed = xml.parse().expect("the feed parses back");
        assert_eq!(feed.updated, published.fixed_offset());
        let entry = &feed.entries[0];
        assert_eq!(entry.title.as_str(), "Prix & marges");
        assert_eq!(entry.links[0].href, "https://ex.org/articles/prix");
        assert_eq!(entry.updated, published.fixed_offset());
        let content = entry.content.as_ref().unwrap();
        assert_eq!(
            content.base.as_deref(),
            Some("https://ex.org/articles/prix")
        );
        assert!(
            content
                .value
                .as_deref()
                .unwrap()
                .contains("href=\"/articles/autre\"")
        );
    }

    #[test]
    fn an_empty_feed_is_dated_now() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let feed = build(&info(), &[], now);
        assert_eq!(feed.updated, now.fixed_offset());
        assert!(feed.entries.is_empty());
    }
}
