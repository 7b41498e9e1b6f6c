//! "From an article": a newsletter's subject, preview line and Markdown body filled in from a
//! published article, as a teaser (summary and link) or in full. Every link and image is
//! absolute: an email has no site to resolve `/articles/...` against.

use crate::articles::model::Article;
use crate::i18n::Messages;
use crate::images::model::ImageRef;
use crate::newsletter::compose::form::{MAX_LINE, NewsletterFields};

/// How much of the article the newsletter carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleMode {
    /// The summary and a link to the article.
    Teaser,
    /// The whole body.
    Full,
}

impl ArticleMode {
    /// Reads the form value `teaser` or `full`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "teaser" => Some(ArticleMode::Teaser),
            "full" => Some(ArticleMode::Full),
            _ => None,
        }
    }

    /// The form and database value: `teaser` or `full`.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleMode::Teaser => "teaser",
            ArticleMode::Full => "full",
        }
    }
}

/// The compose fields for `article` (with its hero image) on the site at `base_url`.
pub fn fill(
    t: &Messages,
    base_url: &str,
    article: &Article,
    hero: Option<&ImageRef>,
    mode: ArticleMode,
) -> NewsletterFields {
    let url = format!("{base_url}/articles/{}", article.slug);
    let mut body = format!("# {}\n\n", escape(&article.title));
    if let Some(hero) = hero {
        let alt = escape(&article.hero_alt);
        body.push_str(&format!("![{alt}]({base_url}{})\n\n", hero.url()));
    }
    match mode {
        ArticleMode::Teaser => {
            if !article.summary.trim().is_empty() {
                body.push_str(&format!("{}\n\n", escape(article.summary.trim())));
            }
        }
        ArticleMode::Full => {
            body.push_str(&absolute_links(article.body_markdown.trim(), base_url));
            body.push_str("\n\n");
        }
    }
    body.push_str(&format!("[{}]({url})\n", escape(t.nl_read_article)));
    NewsletterFields {
        subject: one_line(&article.title),
        preheader: one_line(&article.summary),
        body,
        ..NewsletterFields::default()
    }
}

/// `text` on one line, cut to what the form accepts.
pub(crate) fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().take(MAX_LINE).collect()
}

/// `text` with the characters Markdown reads as markup escaped, so that a title such as
/// `*Prix* [2026]` stays plain text.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `markdown` with its site-relative link and image targets (`](/...)` inline,
/// `[label]: /...` as references) made absolute against `base_url`.
fn absolute_links(markdown: &str, base_url: &str) -> String {
    let inline = markdown.replace("](/", &format!("]({base_url}/"));
    inline
        .lines()
        .map(|line| match line.trim_start().split_once("]: /") {
            Some((label, rest)) if label.starts_with('[') => {
                format!("{label}]: {base_url}/{rest}")
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::FR;
    use chrono::Utc;

    fn article() -> Article {
        Article {
            id: 1,
            slug: "prix".into(),
            title: "*Prix* [2026]".into(),
            summary: "Les prix\nbaissent.".into(),
            body_markdown:
                "Voir [l’autre](/articles/autre) et ![g](/images/a.png).\n\n[r]: /feed.xml".into(),
            body_html: String::new(),
            reading_minutes: 1,
            series_id: None,
            source_url: None,
            hero_image_id: Some(1),
            hero_alt: "Une [voiture]".into(),
            status: "published".into(),
            publish_at: None,
            published_at: Some(Utc::now()),
            updated_at: Utc::now(),
        }
    }

    fn hero() -> ImageRef {
        ImageRef {
            sha256: "ab".into(),
            content_type: "image/png".into(),
            width: 10,
            height: 10,
            variants: None,
        }
    }

    #[test]
    fn a_teaser_has_the_title_hero_summary_and_link_all_absolute() {
        let fields = fill(
            &FR,
            "https://ex.org",
            &article(),
            Some(&hero()),
            ArticleMode::Teaser,
        );
        assert_eq!(fields.subject, "*Prix* [2026]");
        assert_eq!(fields.preheader, "Les prix baissent.");
        assert!(fields.body.starts_with("# \\*Prix\\* \\[2026\\]\n"));
        assert!(
            fields
                .body
                .contains("![Une \\[voiture\\]](https://ex.org/images/ab.png)")
        );
        assert!(fields.body.contains("Les prix\nbaissent."));
        assert!(fields.body.contains("(https://ex.org/articles/prix)"));
        assert!(
            !fields.body.contains("/articles/autre"),
            "no body in a teaser"
        );
    }

    #[test]
    fn the_full_article_has_its_links_made_absolute() {
        let fields = fill(&FR, "https://ex.org", &article(), None, ArticleMode::Full);
        assert!(
            fields
                .body
                .contains("[l’autre](https://ex.org/articles/autre)")
        );
        assert!(fields.body.contains("![g](https://ex.org/images/a.png)"));
        assert!(fields.body.contains("[r]: https://ex.org/feed.xml"));
        assert!(
            !fields.body.contains("![Une"),
            "no hero image when there is none"
        );
    }

    #[test]
    fn modes_are_teaser_or_full() {
        assert_eq!(ArticleMode::parse("teaser"), Some(ArticleMode::Teaser));
        assert_eq!(ArticleMode::parse("full"), Some(ArticleMode::Full));
        assert_eq!(ArticleMode::parse("FULL"), None);
    }
}
