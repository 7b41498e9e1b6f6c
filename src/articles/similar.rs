//! "Publications similaires": the published articles closest to one article, by shared
//! themes, shared series and text, computed by PostgreSQL in one statement and cached in
//! `similar_articles` until any article or theme link changes (the migration's triggers bump
//! `similar_epoch`; a list of an older epoch is never read).

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::result::QueryResult;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::articles::model::ArticleCard;
use crate::db::fixed::{FixedSql, fixed};
use crate::images::model::ImageRef;

/// Reads the cached list of `$1` when it is of the current epoch; otherwise scores every
/// other published article and stores the best `$2`. Each signal lies in [0, 1] and they add
/// up: the share of the article's themes the candidate has, the same series, and the text
/// rank of the candidate against all the article's lexemes, relative to the best candidate's.
/// `computed` is only evaluated on a miss: its `WHERE` is false when `cached` has a row.
/// The article's lexemes are already stemmed, so they are quoted into one OR query as they
/// are; the rare lexeme holding a quote or a backslash is left out rather than escaped.
const SIMILAR_SQL: &str = concat!(
    r"
WITH epoch AS (SELECT value FROM similar_epoch),
cached AS (
    SELECT c.similar_ids FROM similar_articles c JOIN epoch ON c.epoch = epoch.value
    WHERE c.article_id = $1
),
source AS (
    SELECT a.id, a.series_id,
        (SELECT string_agg('''' || l || '''', ' | ')
         FROM unnest(tsvector_to_array(a.search_document)) AS l
         WHERE l !~ '[''\\]')::tsquery AS words,
        ARRAY(SELECT t.theme_id FROM article_themes t WHERE t.article_id = a.id) AS themes
    FROM articles a WHERE a.id = $1 AND NOT EXISTS (SELECT 1 FROM cached)
),
candidates AS (
    SELECT a.id,
        (SELECT count(*) FROM article_themes t
         WHERE t.article_id = a.id AND t.theme_id = ANY (source.themes))::float8
            / GREATEST(cardinality(source.themes), 1) AS theme_share,
        CASE WHEN a.series_id = source.series_id THEN 1.0 ELSE 0.0 END AS series_share,
        COALESCE(ts_rank(a.search_document, source.words, 1), 0)::float8 AS text_rank
    FROM articles a CROSS JOIN source
    WHERE a.status = 'published' AND a.id <> source.id
),
scored AS (
    SELECT id, theme_share + series_share
        + COALESCE(text_rank / NULLIF(max(text_rank) OVER (), 0), 0) AS score
    FROM candidates
),
computed AS (
    SELECT ARRAY(SELECT id FROM scored WHERE score > 0 ORDER BY score DESC, id DESC LIMIT $2)
        AS similar_ids
    WHERE NOT EXISTS (SELECT 1 FROM cached)
),
stored AS (
    INSERT INTO similar_articles (article_id, epoch, similar_ids)
    SELECT $1, epoch.value, computed.similar_ids FROM computed CROSS JOIN epoch
    ON CONFLICT (article_id) DO UPDATE
        SET epoch = excluded.epoch, similar_ids = excluded.similar_ids
        WHERE similar_articles.epoch < excluded.epoch
),
chosen AS (SELECT similar_ids FROM cached UNION ALL SELECT similar_ids FROM computed)
SELECT a.slug, a.title, a.summary, a.reading_minutes, a.published_at,
    images.sha256, images.content_type, images.width, images.height,
    ",
    crate::variants_sql!(),
    r" AS variants
FROM chosen
CROSS JOIN LATERAL unnest(chosen.similar_ids) WITH ORDINALITY AS s(id, position)
JOIN articles a ON a.id = s.id AND a.status = 'published'
LEFT JOIN images ON images.id = a.hero_image_id
ORDER BY s.position"
);

/// The statement of [`SIMILAR_SQL`].
struct Similar;

impl FixedSql for Similar {
    const SQL: &'static str = SIMILAR_SQL;
}

/// A similar article with its hero image, as the statement returns it.
#[derive(Debug, QueryableByName)]
struct SimilarRow {
    #[diesel(sql_type = Text)]
    slug: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    summary: String,
    #[diesel(sql_type = Integer)]
    reading_minutes: i32,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    published_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    sha256: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    content_type: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    width: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    height: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    variants: Option<String>,
}

impl From<SimilarRow> for ArticleCard {
    fn from(row: SimilarRow) -> Self {
        let hero = match (row.sha256, row.content_type, row.width, row.height) {
            (Some(sha256), Some(content_type), Some(width), Some(height)) => Some(ImageRef {
                sha256,
                content_type,
                width,
                height,
                variants: row.variants,
            }),
            _ => None,
        };
        ArticleCard {
            slug: row.slug,
            title: row.title,
            summary: row.summary,
            reading_minutes: row.reading_minutes,
            published_at: row.published_at,
            hero,
        }
    }
}

/// Up to `limit` published articles most similar to the article `article_id`, best first,
/// never the article itself; from the cache when it is current.
pub async fn similar_articles(
    conn: &mut AsyncPgConnection,
    article_id: i64,
    limit: i64,
) -> QueryResult<Vec<ArticleCard>> {
    let rows: Vec<SimilarRow> =
        fixed::<Similar, _>(|sql| sql.bind::<BigInt, _>(article_id).bind::<BigInt, _>(limit))
            .load(conn)
            .await?;
    Ok(rows.into_iter().map(ArticleCard::from).collect())
}
