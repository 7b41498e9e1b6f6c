//! The statement behind an article page: the published article at a slug and everything its
//! page shows around it, in one row (see [`crate::articles::surroundings`]).

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::result::QueryResult;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, SmallInt, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::articles::stored_body::FORM;
use crate::db::fixed::{FixedSql, fixed};
use crate::domain::Slug;

/// The published article at `$1` and everything around it for reader `$2` (NULL when
/// unknown), without its Markdown and HTML (the page shows the stored body); `current` says
/// whether its stored body is of form `$3`, of the latest image epoch and from the body's
/// latest version. Neighbours in a series are by publication date, then id, as on the
/// series page. (The epoch is a scalar subquery, not a join: joined, the planner's guess at its
/// rows made the statement look costly enough to be compiled by JIT, 35 ms a view.)
struct AroundArticle;

impl FixedSql for AroundArticle {
    const SQL: &'static str = concat!(
        "SELECT
        a.id, a.slug, a.title, a.summary, a.reading_minutes,
        a.series_id AS article_series_id, a.source_url, a.hero_image_id, a.hero_alt, a.status,
        a.publish_at, a.published_at, a.updated_at,
        images.sha256 AS hero_sha256, images.content_type AS hero_content_type,
        images.width AS hero_width, images.height AS hero_height, ",
        crate::variants_sql!(),
        " AS hero_variants,
        b.html AS body, b.outline, b.passages,
        COALESCE(b.form = $3 AND b.epoch = (SELECT value FROM image_epoch)
            AND b.source_version = a.body_version, FALSE) AS current,
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
pub(crate) struct AroundRow {
    #[diesel(sql_type = BigInt)]
    pub(crate) id: i64,
    #[diesel(sql_type = Text)]
    pub(crate) slug: String,
    #[diesel(sql_type = Text)]
    pub(crate) title: String,
    #[diesel(sql_type = Text)]
    pub(crate) summary: String,
    #[diesel(sql_type = Integer)]
    pub(crate) reading_minutes: i32,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub(crate) article_series_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) source_url: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub(crate) hero_image_id: Option<i64>,
    #[diesel(sql_type = Text)]
    pub(crate) hero_alt: String,
    #[diesel(sql_type = Text)]
    pub(crate) status: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub(crate) publish_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub(crate) published_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    pub(crate) updated_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) hero_sha256: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) hero_content_type: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub(crate) hero_width: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub(crate) hero_height: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) hero_variants: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) body: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) outline: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) passages: Option<String>,
    #[diesel(sql_type = Bool)]
    pub(crate) current: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub(crate) series_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) series_slug: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) series_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) series_description: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) themes: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) author: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) ratings: Option<String>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    pub(crate) mine: Option<i16>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) previous_slug: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) previous_title: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) next_slug: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) next_title: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) sign_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) sign_email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(crate) sign_url: Option<String>,
}

/// The row of the published article at `slug` for `reader`; `NotFound` when there is none.
pub(crate) async fn read(
    conn: &mut AsyncPgConnection,
    slug: &Slug,
    reader: Option<&str>,
) -> QueryResult<AroundRow> {
    fixed::<AroundArticle, _>(|sql| {
        sql.bind::<Text, _>(slug.as_str())
            .bind::<Nullable<Text>, _>(reader)
            .bind::<Integer, _>(FORM)
    })
    .get_result(conn)
    .await
}
