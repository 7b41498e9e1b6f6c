//! What a known reader has of their own on one article, read in one indexed statement: their
//! stars, their comment votes, whether a comment of theirs is still theirs to see differently
//! (pending, or approved and still editable), and whether they have commented from this
//! browser (their comment form comes filled with their name and address); in those two cases
//! the page is rendered for them whole.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, SmallInt, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::comments::write::own::EDIT_WINDOW;

/// A reader's own marks on one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderState {
    /// Their stars.
    pub stars: Option<i16>,
    /// Their votes, by comment id, in the order of the ids.
    pub votes: Vec<(i64, i16)>,
    /// Whether a comment of theirs shows differently to them (pending, or still editable).
    pub writing: bool,
    /// Whether they have commented from this browser: their comment form is filled in.
    pub signed: bool,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Nullable<SmallInt>)]
    stars: Option<i16>,
    #[diesel(sql_type = Array<BigInt>)]
    voted: Vec<i64>,
    #[diesel(sql_type = Array<SmallInt>)]
    vote_values: Vec<i16>,
    #[diesel(sql_type = Bool)]
    writing: bool,
    #[diesel(sql_type = Bool)]
    signed: bool,
}

const QUERY: &str = "\
SELECT (SELECT r.stars FROM ratings r WHERE r.article_id = a.id AND r.reader_id = $2) AS stars,
       ARRAY(SELECT v.comment_id FROM comments c
             JOIN comment_votes v ON v.comment_id = c.id AND v.reader_id = $2
             WHERE c.article_id = a.id ORDER BY v.comment_id) AS voted,
       ARRAY(SELECT v.value FROM comments c
             JOIN comment_votes v ON v.comment_id = c.id AND v.reader_id = $2
             WHERE c.article_id = a.id ORDER BY v.comment_id) AS vote_values,
       EXISTS (SELECT 1 FROM comments c
               WHERE c.article_id = a.id AND c.reader_id = $2
                 AND (c.status IN ('pending', 'spam')
                      OR (c.status = 'approved' AND c.created_at > $3))) AS writing,
       EXISTS (SELECT 1 FROM comments c
               WHERE c.reader_id = $2 AND NOT c.by_author) AS signed
FROM articles a WHERE a.slug = $1";

impl ReaderState {
    /// The marks of `reader` on the article at `slug` at `now` (none for an unknown article).
    pub async fn of(
        conn: &mut AsyncPgConnection,
        slug: &str,
        reader: &str,
        now: DateTime<Utc>,
    ) -> diesel::QueryResult<Self> {
        let rows: Vec<Row> = diesel::sql_query(QUERY)
            .bind::<Text, _>(slug)
            .bind::<Text, _>(reader)
            .bind::<Timestamptz, _>(now - EDIT_WINDOW)
            .load(conn)
            .await?;
        Ok(rows
            .into_iter()
            .next()
            .map_or_else(Self::default, |row| Self {
                stars: row.stars,
                votes: row.voted.into_iter().zip(row.vote_values).collect(),
                writing: row.writing,
                signed: row.signed,
            }))
    }

    /// Whether the page is theirs alone (rendered for them whole, not made from the cache).
    pub fn is_theirs(&self) -> bool {
        self.writing || self.signed
    }

    /// Whether the reader sees the page as anybody does.
    pub fn is_plain(&self) -> bool {
        self.stars.is_none() && self.votes.iter().all(|(_, v)| *v == 0) && !self.is_theirs()
    }

    /// Their vote on comment `id`: 1, -1 or 0.
    pub fn vote_on(&self, id: i64) -> i16 {
        self.votes
            .binary_search_by_key(&id, |(c, _)| *c)
            .map_or(0, |at| self.votes[at].1)
    }

    /// The bytes it takes in memory, roughly.
    pub fn weight(&self) -> u32 {
        u32::try_from(64 + self.votes.len() * 16).unwrap_or(u32::MAX)
    }
}
