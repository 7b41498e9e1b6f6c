//! A published article and what its page shows around it, read in one statement: the article
//! and its hero image, its stored body, series, themes, neighbours in the series, byline, rating
//! and, for a known reader, their stars and the signature of their latest comment.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::result::QueryResult;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, SmallInt, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Deserialize;

use crate::articles::model::Article;
use crate::articles::neighbours::{ArticleLink, SeriesNeighbours};
use crate::articles::stored_body::{self, FORM, ServedBody};
use crate::db::fixed::{FixedSql, fixed};
use crate::domain::Slug;
use crate::images::model::ImageRef;
use crate::ratings::model::RatingSummary;
use crate::taxonomy::model::{Series, Theme};

/// The published article at `$1` and everything around it for reader `$2` (NULL when
/// unknown); `current` says whether its stored body is of form `$3`, of the latest image epoch
/// and from its body. Neighbours in a series are by publication date, then id, as on the
/// series page. (The epoch is a scalar subquery, not a join: joined, the planner's guess at its
/// rows made the statement look costly enough to be compiled by JIT, 35 ms a view.)
struct AroundArticle;

impl FixedSql for AroundArticle {
    const SQL: &'static str = concat!(
        "SELECT
        a.id, a.slug, a.title, a.summary, a.body_markdown, a.body_html, a.reading_minutes,
        a.series_id AS article_series_id, a.source_url, a.hero_image_id, a.hero_alt, a.status,
        a.publish_at, a.published_at, a.updated_at,
        images.sha256 AS hero_sha256, images.content_type AS hero_content_type,
        images.width AS hero_width, images.height AS hero_height, ",
        crate::variants_sql!(),
        " AS hero_variants,
        b.html AS body, b.outline, b.passages,
        COALESCE(b.form = $3 AND b.epoch = (SELECT value FROM image_epoch)
            AND b.source_md5 = md5(a.body_html), FALSE) AS current,
        s.id AS series_id, s.slug AS series_slug, s.name AS series_name,
        s.description AS series_description,
        (SELECT json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name,
                'description', t.description) ORDER BY t.position, t.id)
         FROM themes t JOIN article_themes at ON at.theme_id = t.id
         WHERE at.article_id = a.id)::TEXT AS themes,
        (SELECT display_name FROM authors ORDER BY id LIMIT 1) AS author,
        (SELECT json_agg(json_build_array(r.stars, r.n))
         FROM (SELECT stars, count(*) AS n FROM ratings WHERE article_id = a.id GROUP BY stars) r
        )::TEXT AS ratings,
        (SELECT stars FROM ratings WHERE article_id = a.id AND reader_id = $2) AS mine,
        prev.slug AS previous_slug, prev.title AS previous_title,
        next.slug AS next_slug, next.title AS next_title,
        sig.author_name AS sign_name, sig.author_email AS sign_email, sig.author_url AS sign_url
    FROM articles a
    LEFT JOIN images ON images.id = a.hero_image_id
    LEFT JOIN article_bodies b ON b.article_id = a.id
    LEFT JOIN series s ON s.id = a.series_id
    LEFT JOIN LATERAL (
        SELECT p.slug, p.title FROM articles p
        WHERE p.status = 'published' AND p.series_id = a.series_id
          AND (p.published_at < a.published_at
               OR (p.published_at = a.published_at AND p.id < a.id))
        ORDER BY p.published_at DESC, p.id DESC LIMIT 1) prev ON TRUE
    LEFT JOIN LATERAL (
        SELECT n.slug, n.title FROM articles n
        WHERE n.status = 'published' AND n.series_id = a.series_id
          AND (n.published_at > a.published_at
               OR (n.published_at = a.published_at AND n.id > a.id))
        ORDER BY n.published_at ASC, n.id ASC LIMIT 1) next ON TRUE
    LEFT JOIN LATERAL (
        SELECT c.author_name, c.author_email, c.author_url FROM comments c
        WHERE c.reader_id = $2 AND NOT c.by_author
        ORDER BY c.created_at DESC LIMIT 1) sig ON TRUE
    WHERE a.slug = $1 AND a.status = 'published'"
    );
}

/// The row of [`AroundArticle`].
#[derive(QueryableByName)]
struct AroundRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    slug: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    summary: String,
    #[diesel(sql_type = Text)]
    body_markdown: String,
    #[diesel(sql_type = Text)]
    body_html: String,
    #[diesel(sql_type = Integer)]
    reading_minutes: i32,
    #[diesel(sql_type = Nullable<BigInt>)]
    article_series_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    source_url: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    hero_image_id: Option<i64>,
    #[diesel(sql_type = Text)]
    hero_alt: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    publish_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    published_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    updated_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    hero_sha256: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    hero_content_type: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    hero_width: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    hero_height: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    hero_variants: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    body: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    outline: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    passages: Option<String>,
    #[diesel(sql_type = Bool)]
    current: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    series_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    series_slug: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    series_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    series_description: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    themes: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    author: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    ratings: Option<String>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    mine: Option<i16>,
    #[diesel(sql_type = Nullable<Text>)]
    previous_slug: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    previous_title: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    next_slug: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    next_title: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    sign_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    sign_email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    sign_url: Option<String>,
}

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
    /// The article.
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
        let row: AroundRow = fixed::<AroundArticle, _>(|sql| {
            sql.bind::<Text, _>(slug.as_str())
                .bind::<Nullable<Text>, _>(reader)
                .bind::<Integer, _>(FORM)
        })
        .get_result(conn)
        .await?;
        let stored = match (row.current, row.body, row.outline, row.passages) {
            (true, Some(html), Some(outline), Some(passages)) => {
                ServedBody::stored(html, &outline, passages)
            }
            _ => None,
        };
        let body = match stored {
            Some(body) => body,
            None => stored_body::render(conn, row.id, &row.body_html).await?,
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
            body_markdown: row.body_markdown,
            body_html: row.body_html,
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
        let themes: Vec<ThemeJson> = read_json(row.themes.as_deref());
        let counts: Vec<(i16, i64)> = read_json(row.ratings.as_deref());
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

/// The list a statement aggregated as JSON (NULL when it had no row).
fn read_json<T: serde::de::DeserializeOwned>(json: Option<&str>) -> Vec<T> {
    json.and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}
