//! Scheduled publication. One `UPDATE … RETURNING` moves every due article to published, so
//! two workers (or two nodes) publish each article exactly once; the event of its going live
//! ([`ArticlePublished`]) is queued in the same transaction.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::articles::published_event::ArticlePublished;
use crate::jobs::Job;
use crate::schema::articles;

/// A publication later than this counts as missed and is logged as such.
const GRACE: Duration = Duration::minutes(2);

/// An article the scheduler just published.
#[derive(Debug, Clone, Queryable)]
pub struct PublishedNow {
    /// Its id.
    pub id: i64,
    /// Its slug.
    pub slug: String,
    /// When it was due.
    pub due_at: Option<DateTime<Utc>>,
}

/// Publishes every scheduled article due at `now`.
pub async fn publish_due(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> QueryResult<Vec<PublishedNow>> {
    conn.transaction(async |conn| {
    let published: Vec<PublishedNow> = diesel::update(
        articles::table
            .filter(articles::status.eq("scheduled"))
            .filter(articles::publish_at.le(now)),
    )
    .set((
        articles::status.eq("published"),
        articles::published_at.eq(now),
        articles::updated_at.eq(now),
    ))
    .returning((articles::id, articles::slug, articles::publish_at))
    .get_results(conn)
    .await?;
    for article in &published {
        let late_for = article.due_at.filter(|due| now - *due > GRACE);
        match late_for {
            Some(due) => tracing::warn!(article_id = article.id, slug = %article.slug, due_at = %due, "missed schedule: published late"),
            None => tracing::info!(article_id = article.id, slug = %article.slug, "scheduled article published"),
        }
        let event = ArticlePublished { article_id: article.id, at: now, late_for };
        event.enqueue(conn).await?;
    }
    Ok(published)
    })
    .await
}

/// When the next scheduled article is due.
pub async fn next_due(conn: &mut AsyncPgConnection) -> QueryResult<Option<DateTime<Utc>>> {
    articles::table
        .filter(articles::status.eq("scheduled"))
        .select(diesel::dsl::min(articles::publish_at))
        .get_result(conn)
        .await
}

/// How many scheduled articles are overdue at `now` (the worker has not run).
pub async fn overdue_count(conn: &mut AsyncPgConnection, now: DateTime<Utc>) -> QueryResult<i64> {
    articles::table
        .filter(articles::status.eq("scheduled"))
        .filter(articles::publish_at.lt(now - GRACE))
        .count()
        .get_result(conn)
        .await
}
