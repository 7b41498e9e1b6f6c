//! The search query: PostgreSQL full-text search over the published articles, ranked and
//! highlighted. It reads the generated `articles.search_document` column (title weighted A,
//! summary B, body text C, configuration `sillage_fr`: French stemming, accents folded).

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::result::QueryResult;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::search::excerpt::{START, STOP};
use crate::search::terms::SearchTerms;

/// Ranks a page of matches first, then highlights only those: `ts_headline` reads the whole
/// text, so it runs on one page of rows, never on every match.
const SEARCH_SQL: &str = "
WITH query AS (SELECT websearch_to_tsquery('sillage_fr', $1) AS q),
hits AS (
    SELECT a.id, ts_rank(a.search_document, query.q) AS rank, count(*) OVER () AS total
    FROM articles a CROSS JOIN query
    WHERE a.status = 'published' AND a.search_document @@ query.q
    ORDER BY rank DESC, a.published_at DESC, a.id DESC
    LIMIT $2 OFFSET $3
)
SELECT a.slug, a.title, a.published_at, a.reading_minutes, hits.total,
    ts_headline('sillage_fr',
        translate(a.summary || ' ' || sillage_html_text(a.body_html), $4, ''),
        query.q, $5) AS excerpt
FROM hits JOIN articles a ON a.id = hits.id CROSS JOIN query
ORDER BY hits.rank DESC, a.published_at DESC, a.id DESC";

/// One published article matching a search.
#[derive(Debug, Clone, QueryableByName)]
pub struct SearchHit {
    /// URL name.
    #[diesel(sql_type = Text)]
    pub slug: String,
    /// Title.
    #[diesel(sql_type = Text)]
    pub title: String,
    /// Publication date.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub published_at: Option<DateTime<Utc>>,
    /// Reading time.
    #[diesel(sql_type = Integer)]
    pub reading_minutes: i32,
    /// How many articles match in all (the same on every row).
    #[diesel(sql_type = BigInt)]
    pub total: i64,
    /// Passages around the matches, each match between [`START`] and [`STOP`].
    #[diesel(sql_type = Text)]
    pub excerpt: String,
}

impl SearchHit {
    /// One page of the published articles matching `terms`, best first.
    pub async fn find(
        conn: &mut AsyncPgConnection,
        terms: &SearchTerms,
        limit: i64,
        offset: i64,
    ) -> QueryResult<Vec<Self>> {
        let markers = format!("{START}{STOP}");
        let options = format!(
            "StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, \
             MaxFragments=2, FragmentDelimiter=\" … \""
        );
        diesel::sql_query(SEARCH_SQL)
            .bind::<Text, _>(terms.as_str())
            .bind::<BigInt, _>(limit)
            .bind::<BigInt, _>(offset)
            .bind::<Text, _>(markers)
            .bind::<Text, _>(options)
            .load(conn)
            .await
    }
}
