//! View models of the public article pages, built from the read models by pure functions.

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;

use crate::articles::model::ArticleCard;
use crate::i18n::Messages;
use crate::images::model::ImageRef;

/// An article in a list.
#[derive(Debug, Clone)]
pub struct CardView {
    /// Its URL.
    pub url: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// "12 novembre 2026".
    pub date_label: String,
    /// ISO 8601 date for `<time datetime>`.
    pub date_iso: String,
    /// "5 min de lecture".
    pub reading: String,
    /// Hero image.
    pub hero: Option<ImageRef>,
}

/// A date in words and in ISO 8601 to the second, as `<time datetime>` wants it (empty when
/// missing).
pub fn date_pair(t: &Messages, at: Option<DateTime<Utc>>, timezone: Tz) -> (String, String) {
    at.map(|at| {
        (
            t.date(at, timezone),
            at.to_rfc3339_opts(SecondsFormat::Secs, true),
        )
    })
    .unwrap_or_default()
}

impl CardView {
    /// The card of `card`.
    pub fn new(t: &Messages, timezone: Tz, card: ArticleCard) -> Self {
        let (date_label, date_iso) = date_pair(t, card.published_at, timezone);
        Self {
            url: format!("/articles/{}", card.slug),
            title: card.title,
            summary: card.summary,
            date_label,
            date_iso,
            reading: t.reading_time(card.reading_minutes),
            hero: card.hero,
        }
    }

    /// The cards of a list.
    pub fn list(t: &Messages, timezone: Tz, cards: Vec<ArticleCard>) -> Vec<Self> {
        cards
            .into_iter()
            .map(|card| Self::new(t, timezone, card))
            .collect()
    }
}

/// The share links of an article: plain links, no third-party script.
#[derive(Debug, Clone)]
pub struct ShareLinks {
    /// The article's absolute URL.
    pub url: String,
    /// X (Twitter).
    pub x: String,
    /// LinkedIn.
    pub linkedin: String,
    /// Facebook.
    pub facebook: String,
    /// WhatsApp.
    pub whatsapp: String,
    /// Email.
    pub email: String,
}

impl ShareLinks {
    /// The links for an article titled `title` at absolute `url`.
    pub fn new(url: &str, title: &str) -> Self {
        let u = encode(url);
        let t = encode(title);
        Self {
            url: url.to_owned(),
            x: format!("https://x.com/intent/post?url={u}&text={t}"),
            linkedin: format!("https://www.linkedin.com/sharing/share-offsite/?url={u}"),
            facebook: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
            whatsapp: format!("https://wa.me/?text={t}%20{u}"),
            email: format!("mailto:?subject={t}&body={u}"),
        }
    }
}

/// Percent-encodes a query value.
fn encode(raw: &str) -> String {
    url::form_urlencoded::byte_serialize(raw.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_dates_are_valid_for_the_time_element() {
        let at: DateTime<Utc> = "2026-11-17T19:40:54.647942Z".parse().unwrap();
        let (label, iso) = date_pair(&crate::i18n::FR, Some(at), chrono_tz::Europe::Paris);
        assert_eq!(label, "17 novembre 2026");
        assert_eq!(iso, "2026-11-17T19:40:54Z");
    }

    #[test]
    fn share_links_encode_the_title_and_url() {
        let links = ShareLinks::new("https://ex.org/articles/a-b", "Prix & marges : l’équation");
        assert!(
            links
                .x
                .contains("url=https%3A%2F%2Fex.org%2Farticles%2Fa-b")
        );
        assert!(links.x.contains("text=Prix%20%26%20marges"));
        assert!(!links.email.contains(' '));
    }
}
