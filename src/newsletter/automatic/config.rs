//! The automatic sends as the author set them in the admin: one row of `automatic_sends`,
//! read by the publication hook and the digest job, written by the settings page.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::newsletter::automatic::weekly::Weekly;
use crate::newsletter::compose::from_article::ArticleMode;
use crate::schema::automatic_sends;

/// The stored row, as the database checks it.
#[derive(Queryable, Selectable)]
#[diesel(table_name = automatic_sends)]
struct Row {
    new_article: bool,
    new_article_mode: String,
    digest: bool,
    digest_weekday: i16,
    digest_hour: i16,
}

/// The author's choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutomaticSends {
    /// Whether each new article is announced to the subscribers of its themes.
    pub new_article: bool,
    /// How much of the article the announcement carries.
    pub mode: ArticleMode,
    /// Whether the weekly digest goes out.
    pub digest: bool,
    /// When it goes out.
    pub weekly: Weekly,
}

impl Default for AutomaticSends {
    fn default() -> Self {
        Self {
            new_article: false,
            mode: ArticleMode::Teaser,
            digest: false,
            weekly: Weekly::MONDAY_NINE,
        }
    }
}

impl AutomaticSends {
    /// The current choices (the defaults, everything off, when the row is missing).
    pub async fn load(conn: &mut AsyncPgConnection) -> QueryResult<Self> {
        let row: Option<Row> = automatic_sends::table
            .select(Row::as_select())
            .first(conn)
            .await
            .optional()?;
        let Some(row) = row else {
            return Ok(Self::default());
        };
        let weekly = u32::try_from(row.digest_weekday)
            .ok()
            .zip(u32::try_from(row.digest_hour).ok())
            .and_then(|(day, hour)| Weekly::new(day, hour))
            .unwrap_or(Weekly::MONDAY_NINE);
        Ok(Self {
            new_article: row.new_article,
            mode: ArticleMode::parse(&row.new_article_mode).unwrap_or(ArticleMode::Teaser),
            digest: row.digest,
            weekly,
        })
    }

    /// Stores these choices.
    pub async fn save(&self, conn: &mut AsyncPgConnection) -> QueryResult<()> {
        let day = i16::try_from(self.weekly.day()).unwrap_or(1);
        let hour = i16::try_from(self.weekly.hour()).unwrap_or(9);
        let values = (
            automatic_sends::new_article.eq(self.new_article),
            automatic_sends::new_article_mode.eq(self.mode.as_str()),
            automatic_sends::digest.eq(self.digest),
            automatic_sends::digest_weekday.eq(day),
            automatic_sends::digest_hour.eq(hour),
            automatic_sends::updated_at.eq(diesel::dsl::now),
        );
        diesel::insert_into(automatic_sends::table)
            .values((automatic_sends::id.eq(true), values))
            .on_conflict(automatic_sends::id)
            .do_update()
            .set(values)
            .execute(conn)
            .await
            .map(|_| ())
    }
}
