//! The body of an article as its page shows it, kept in `article_bodies`: the stored images as
//! `<picture>` with their sizes and variants ([`crate::images::figures`]), the table of
//! contents and the paragraphs with where each ends. It is rendered when the article is saved,
//! and again by the first view that finds it outdated: rendered by other code ([`FORM`]), from
//! another version of the body (`articles.body_version`, bumped by a trigger on every change
//! of the body), or before an image changed (the `image_epoch` the migrations' triggers bump).
//! A view then only copies it, adding the inline comment markers at the paragraph ends it
//! already knows.

use std::collections::HashMap;
use std::sync::OnceLock;

use diesel::QueryResult;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::articles::outline::{Section, table_of_contents};
use crate::articles::passages::{Passage, append_to_paragraphs, passages};
use crate::db::fixed::{FixedSql, fixed};
use crate::images::figures;
use crate::schema::{articles, image_epoch};

/// The version of the rendering: bump it when the shown form of a body changes, and every
/// stored body is rendered again by its next view.
pub const FORM: i32 = 1;

/// A body ready to show.
#[derive(Debug)]
pub struct ServedBody {
    /// The HTML, figures done, without markers.
    pub html: String,
    /// The table of contents (empty under [`crate::articles::outline::MIN_SECTIONS`]).
    pub outline: Vec<Section>,
    /// The paragraphs as stored (JSON), read only when inline comments need them.
    paragraphs: String,
    read: OnceLock<Vec<Passage>>,
}

impl ServedBody {
    /// The body of `html`, whose figures are done.
    pub fn shape(html: String) -> Self {
        let found = passages(&html);
        let paragraphs = serde_json::to_string(&found).unwrap_or_default();
        Self {
            outline: table_of_contents(&html),
            html,
            paragraphs,
            read: OnceLock::from(found),
        }
    }

    /// The body as `article_bodies` holds it; `None` when its JSON does not read.
    pub fn stored(html: String, outline: &str, paragraphs: String) -> Option<Self> {
        Some(Self {
            outline: serde_json::from_str(outline).ok()?,
            html,
            paragraphs,
            read: OnceLock::new(),
        })
    }

    /// Its paragraphs.
    pub fn passages(&self) -> &[Passage] {
        self.read
            .get_or_init(|| serde_json::from_str(&self.paragraphs).unwrap_or_default())
    }

    /// The HTML with `markers[id]` at the end of each paragraph `id`.
    pub fn with_markers(self, markers: &HashMap<String, String>) -> String {
        if markers.is_empty() {
            return self.html;
        }
        append_to_paragraphs(&self.html, self.passages(), markers)
    }
}

/// Stores the rendering of article `$1` (form `$2`, image epoch `$3`) from the body `$4`,
/// unless the article is gone; with the body's version while the article's body is still `$4`
/// (else with none, and the next view renders it again).
struct StoreBody;

impl FixedSql for StoreBody {
    const SQL: &'static str = "INSERT INTO article_bodies
            (article_id, form, epoch, source_version, html, outline, passages)
        SELECT $1, $2, $3,
            (SELECT body_version FROM articles WHERE id = $1 AND body_html = $4), $5, $6, $7
        WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1)
        ON CONFLICT (article_id) DO UPDATE SET form = excluded.form, epoch = excluded.epoch,
            source_version = excluded.source_version, html = excluded.html,
            outline = excluded.outline, passages = excluded.passages";
}

/// Renders the current body of article `article_id` for its page and stores it.
pub async fn render_again(
    conn: &mut AsyncPgConnection,
    article_id: i64,
) -> QueryResult<ServedBody> {
    let body_html: String = articles::table
        .find(article_id)
        .select(articles::body_html)
        .first(conn)
        .await?;
    render(conn, article_id, &body_html).await
}

/// Renders the body `body_html` of article `article_id` for its page and stores it.
pub async fn render(
    conn: &mut AsyncPgConnection,
    article_id: i64,
    body_html: &str,
) -> QueryResult<ServedBody> {
    // Read before the images: a change made in between leaves this rendering outdated.
    let epoch: i64 = image_epoch::table
        .select(image_epoch::value)
        .first(conn)
        .await?;
    let body = ServedBody::shape(figures::with_variants(conn, body_html).await?);
    let outline = serde_json::to_string(&body.outline).unwrap_or_default();
    fixed::<StoreBody, _>(|sql| {
        sql.bind::<BigInt, _>(article_id)
            .bind::<Integer, _>(FORM)
            .bind::<BigInt, _>(epoch)
            .bind::<Text, _>(body_html)
            .bind::<Text, _>(&body.html)
            .bind::<Text, _>(outline)
            .bind::<Text, _>(&body.paragraphs)
    })
    .execute(conn)
    .await?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::articles::markdown::render as markdown;

    /// How a page placed the markers before bodies were stored: a scan of the HTML for each
    /// paragraph's end.
    fn scanned(html: &str, additions: &HashMap<String, String>) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(start) = rest.find("<p id=\"") {
            let after_open = start + "<p id=\"".len();
            let Some(id_end) = rest[after_open..].find('"').map(|i| after_open + i) else {
                break;
            };
            let id = &rest[after_open..id_end];
            let Some(close) = rest[id_end..].find("</p>").map(|i| id_end + i) else {
                break;
            };
            out.push_str(&rest[..close]);
            if let Some(addition) = additions.get(id) {
                out.push_str(addition);
            }
            out.push_str("</p>");
            rest = &rest[close + "</p>".len()..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn a_stored_body_shows_the_same_html_as_a_body_scanned_on_each_view() {
        let body = markdown(
            "Intro *é* & <b>x</b>.\n\n## Un\n\nLe LFP.\n\n![A](/media/7 \"T\")\n\n## Deux\n\n- point\n\nLe NMC.\n\n## Trois\n\nFin.",
            crate::i18n::Locale::Fr,
        )
        .html;
        let shaped = ServedBody::shape(body.clone());
        let stored = ServedBody::stored(
            shaped.html.clone(),
            &serde_json::to_string(&shaped.outline).unwrap(),
            shaped.paragraphs.clone(),
        )
        .unwrap();
        assert_eq!(stored.outline, table_of_contents(&body));
        assert_eq!(stored.outline.len(), 3);
        let found = passages(&body);
        assert!(found.len() >= 3, "{body}");
        let markers: HashMap<String, String> = [&found[0], &found[2]]
            .into_iter()
            .map(|p| {
                (
                    p.id.clone(),
                    format!("<a class=\"inline-marker\">{}</a>", p.end),
                )
            })
            .collect();
        assert_eq!(stored.with_markers(&markers), scanned(&body, &markers));
        assert_eq!(
            ServedBody::shape(body.clone()).with_markers(&HashMap::new()),
            body
        );
    }

    #[test]
    fn a_stored_body_whose_json_does_not_read_is_not_used() {
        assert!(ServedBody::stored("<p>x</p>".into(), "{", "[]".into()).is_none());
        let body = ServedBody::stored("<p>x</p>".into(), "[]", "not json".into()).unwrap();
        assert!(body.passages().is_empty());
    }
}
