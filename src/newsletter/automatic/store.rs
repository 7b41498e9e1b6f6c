//! Automatic newsletters are made once, ever: each carries a unique key naming what it stands
//! for, and is scheduled at its due time so the scheduler starts it like any other send.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::newsletter::model::{NewNewsletter, Newsletter};
use crate::schema::newsletters;

impl Newsletter {
    /// Creates the newsletter of `auto_key`, due at `due`, with its themes (empty: everyone),
    /// unless one already exists: returns its id when it is new. Call it inside a transaction.
    pub async fn create_automatic(
        conn: &mut AsyncPgConnection,
        new: &NewNewsletter,
        theme_ids: &[i64],
        auto_key: &str,
        due: DateTime<Utc>,
    ) -> QueryResult<Option<i64>> {
        let id: Option<i64> = diesel::insert_into(newsletters::table)
            .values((
                new,
                newsletters::auto_key.eq(auto_key),
                newsletters::scheduled_at.eq(due),
            ))
            .on_conflict(newsletters::auto_key)
            .do_nothing()
            .returning(newsletters::id)
            .get_result(conn)
            .await
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        Self::add_themes(conn, id, theme_ids).await?;
        // The scheduler starts it at its next look; wake it now.
        diesel::sql_query("NOTIFY sillage_jobs")
            .execute(conn)
            .await?;
        Ok(Some(id))
    }
}
