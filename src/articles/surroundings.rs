//! A published article and what its page shows around it, read in one statement: the article
//! and its hero image, its stored body, series, themes, neighbours in the series, byline, rating
//! and, for a known reader, their stars and the signature of their latest comment.

use diesel::result::QueryResult;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::articles::around_statement;
use crate::articles::model::Article;
use crate::articles::neighbours::{ArticleLink, SeriesNeighbours};
use crate::articles::stored_body::{self, ServedBody};
use crate::db::json_agg::json_list;
use crate::domain::Slug;
use crate::images::model::ImageRef;
use crate::ratings::model::RatingSummary;
use crate::taxonomy::model::{Series, Theme};

/// A theme as the statement lists it.
#[derive(Deserialize)]
struct ThemeJson {
    id: i64,
    slug: String,
    name: String,
    description: String,
}

/// A published article and what its page shows around it.
pub struct Surroundings {
    /// The article, without its Markdown and HTML (empty): the page shows [`Self::body`].
    pub article: Article,
    /// Its hero image.
    pub hero: Option<ImageRef>,
    /// The body, ready to show.
    pub body: ServedBody,
    /// Its series.
    pub series: Option<Series>,
    /// Its themes, in their order.
    pub themes: Vec<Theme>,
    /// The articles before and after it in its series.
    pub neighbours: SeriesNeighbours,
    /// The byline.
    pub author: Option<String>,
    /// The votes.
    pub rating: RatingSummary,
    /// The reader's own stars.
    pub mine: Option<i16>,
    /// The name, address and website the reader's latest guest comment was signed with.
    pub signature: Option<(String, String, Option<String>)>,
}

fn link(slug: Option<String>, title: Option<String>) -> Option<ArticleLink> {
    Some(ArticleLink {
        slug: slug?,
        title: title?,
    })
}

impl Surroundings {
    /// The published article at `slug` and its surroundings for `reader` (`NotFound` when
    /// there is none); its stored body is rendered again first when it is outdated.
    pub async fn load(
        conn: &mut AsyncPgConnection,
        slug: &Slug,
        reader: Option<&str>,
    ) -> QueryResult<Self> {
        let row = around_statement::read(conn, slug, reader).await?;
        let stored = match (row.current, row.body, row.outline, row.passages) {
            (true, Some(html), Some(outline), Some(passages)) => {
                ServedBody::stored(html, &outline, passages)
            }
            _ => None,
        };
        let body = match stored {
            Some(body) => body,
            None => stored_body::render_again(conn, row.id).await?,
        };
        let hero = match (
            row.hero_sha256,
            row.hero_content_type,
            row.hero_width,
            row.hero_height,
        ) {
            (Some(sha256), Some(content_type), Some(width), Some(height)) => Some(ImageRef {
                sha256,
                content_type,
                width,
                height,
                variants: row.hero_variants,
            }),
            _ => None,
        };
        let article = Article {
            id: row.id,
            slug: row.slug,
            title: row.title,
            summary: row.summary,
            body_markdown: String::new(),
            body_html: String::new(),
            reading_minutes: row.reading_minutes,
            series_id: row.article_series_id,
            source_url: row.source_url,
            hero_image_id: row.hero_image_id,
            hero_alt: row.hero_alt,
            status: row.status,
            publish_at: row.publish_at,
            published_at: row.published_at,
            updated_at: row.updated_at,
        };
        let series = match (row.series_id, row.series_slug, row.series_name) {
            (Some(id), Some(slug), Some(name)) => Some(Series {
                id,
                slug,
                name,
                description: row.series_description.unwrap_or_default(),
            }),
            _ => None,
        };
        let themes: Vec<ThemeJson> = json_list(row.themes.as_deref());
        let counts: Vec<(i16, i64)> = json_list(row.ratings.as_deref());
        Ok(Self {
            article,
            hero,
            body,
            series,
            themes: themes
                .into_iter()
                .map(|t| Theme {
                    id: t.id,
                    slug: t.slug,
                    name: t.name,
                    description: t.description,
                })
                .collect(),
            neighbours: SeriesNeighbours {
                previous: link(row.previous_slug, row.previous_title),
                next: link(row.next_slug, row.next_title),
            },
            author: row.author,
            rating: RatingSummary::from_counts(&counts),
            mine: row.mine,
            signature: match (row.sign_name, row.sign_email) {
                (Some(name), Some(email)) => Some((name, email, row.sign_url)),
                _ => None,
            },
        })
    }
}
