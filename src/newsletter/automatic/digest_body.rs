//! The weekly digest's content: the articles published in the week before its due time, each
//! with its title, hero image, summary and absolute link, as the fields of a newsletter.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::i18n::Messages;
use crate::images::model::ImageRef;
use crate::newsletter::compose::form::NewsletterFields;
use crate::newsletter::compose::from_article::{escape, one_line};
use crate::schema::{articles, images};

/// An article as the digest lists it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct DigestEntry {
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Alternative text of the hero image.
    pub hero_alt: String,
    /// Hero image.
    #[diesel(embed)]
    pub hero: Option<ImageRef>,
}

impl DigestEntry {
    /// The articles published in the seven days before `due`, oldest first.
    pub async fn week_before(
        conn: &mut AsyncPgConnection,
        due: DateTime<Utc>,
    ) -> QueryResult<Vec<Self>> {
        articles::table
            .left_join(images::table)
            .filter(articles::status.eq("published"))
            .filter(articles::published_at.ge(due - Duration::days(7)))
            .filter(articles::published_at.lt(due))
            .order((articles::published_at.asc(), articles::id.asc()))
            .select(Self::as_select())
            .load(conn)
            .await
    }
}

/// The digest's subject, preview line and Markdown body for `entries` on the site `site`
/// at `base_url`.
pub fn digest_fields(
    t: &Messages,
    site: &str,
    base_url: &str,
    entries: &[DigestEntry],
) -> NewsletterFields {
    let mut body = format!(
        "# {}\n\n{}\n\n",
        escape(t.automatic.digest_title),
        escape(t.automatic.digest_lead)
    );
    for entry in entries {
        let url = format!("{base_url}/articles/{}", entry.slug);
        body.push_str(&format!("## [{}]({url})\n\n", escape(&entry.title)));
        if let Some(hero) = &entry.hero {
            let alt = escape(&entry.hero_alt);
            body.push_str(&format!("![{alt}]({base_url}{})\n\n", hero.url()));
        }
        if !entry.summary.trim().is_empty() {
            body.push_str(&format!("{}\n\n", escape(entry.summary.trim())));
        }
        body.push_str(&format!("[{}]({url})\n\n", escape(t.nl_read_article)));
    }
    let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    NewsletterFields {
        subject: one_line(&format!("{} — {site}", t.automatic.digest_title)),
        preheader: one_line(&titles.join(" · ")),
        body: body.trim_end().to_owned(),
        ..NewsletterFields::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::FR;

    fn entry(slug: &str, title: &str, hero: bool) -> DigestEntry {
        DigestEntry {
            slug: slug.into(),
            title: title.into(),
            summary: format!("Résumé de {title}"),
            hero_alt: "Une voiture".into(),
            hero: hero.then(|| ImageRef {
                sha256: "cd".into(),
                content_type: "image/jpeg".into(),
                width: 10,
                height: 10,
                variants: None,
            }),
        }
    }

    #[test]
    fn each_article_has_its_title_hero_summary_and_absolute_link() {
        let entries = [entry("un", "*Un*", true), entry("deux", "Deux", false)];
        let fields = digest_fields(&FR, "Sillage", "https://ex.org", &entries);
        assert_eq!(
            fields.subject,
            format!("{} — Sillage", FR.automatic.digest_title)
        );
        assert_eq!(fields.preheader, "*Un* · Deux");
        assert!(
            fields
                .body
                .contains("## [\\*Un\\*](https://ex.org/articles/un)")
        );
        assert!(
            fields
                .body
                .contains("![Une voiture](https://ex.org/images/cd.jpg)")
        );
        assert!(fields.body.contains("Résumé de Deux"));
        assert!(fields.body.contains("(https://ex.org/articles/deux)"));
        assert_eq!(fields.body.matches("![").count(), 1, "one hero only");
    }
}
