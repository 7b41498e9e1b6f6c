//! The author's view of the newsletter's subscribers: one query per list page (with its
//! filters and keyset), the counts by status and the themes of the rows shown.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::text_match::contains_pattern;
use crate::schema::{newsletter_subscriptions, readers, subscription_themes, themes};
use crate::subscribers::query::{ListFilter, Status};

/// A subscriber as the author sees it.
#[derive(Debug, Clone, Queryable)]
pub struct Subscriber {
    /// The reader's id.
    pub id: i64,
    /// The address.
    pub email: String,
    /// The name, maybe empty.
    pub name: String,
    /// Permanent SMTP refusals so far.
    pub hard_bounces: i32,
    /// `pending`, `subscribed` or `unsubscribed`.
    pub status: String,
    /// Follows every theme.
    pub all_themes: bool,
    /// The consent recorded.
    pub consent_text: String,
    /// When it was recorded.
    pub consent_at: DateTime<Utc>,
    /// When the subscription was confirmed.
    pub subscribed_at: Option<DateTime<Utc>>,
    /// When the reader left.
    pub unsubscribed_at: Option<DateTime<Utc>>,
    /// When the subscription was first recorded.
    pub created_at: DateTime<Utc>,
}

/// How many subscriptions stand in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Waiting for their confirmation.
    pub pending: i64,
    /// Confirmed.
    pub subscribed: i64,
    /// Gone.
    pub unsubscribed: i64,
}

impl StatusCounts {
    /// Every subscription.
    pub fn total(&self) -> i64 {
        self.pending + self.subscribed + self.unsubscribed
    }

    /// The count of one status.
    pub fn of(&self, status: Status) -> i64 {
        match status {
            Status::Pending => self.pending,
            Status::Subscribed => self.subscribed,
            Status::Unsubscribed => self.unsubscribed,
        }
    }
}

impl Subscriber {
    /// The subscribers matching `filter`, newest first, below the id `after` when given, at
    /// most `limit` of them (all when `None`).
    pub async fn search(
        conn: &mut AsyncPgConnection,
        filter: &ListFilter,
        after: Option<i64>,
        limit: Option<i64>,
    ) -> QueryResult<Vec<Self>> {
        let mut query = readers::table
            .inner_join(newsletter_subscriptions::table)
            .select((
                readers::id,
                readers::email,
                readers::name,
                readers::hard_bounces,
                newsletter_subscriptions::status,
                newsletter_subscriptions::all_themes,
                newsletter_subscriptions::consent_text,
                newsletter_subscriptions::consent_at,
                newsletter_subscriptions::subscribed_at,
                newsletter_subscriptions::unsubscribed_at,
                newsletter_subscriptions::created_at,
            ))
            .order(readers::id.desc())
            .into_boxed();
        if let Some(text) = &filter.text {
            let pattern = contains_pattern(text);
            query = query.filter(
                readers::email
                    .ilike(pattern.clone())
                    .or(readers::name.ilike(pattern)),
            );
        }
        if let Some(status) = filter.status {
            query = query.filter(newsletter_subscriptions::status.eq(status.as_str()));
        }
        if let Some(theme) = filter.theme {
            query = query.filter(
                newsletter_subscriptions::all_themes.or(diesel::dsl::exists(
                    subscription_themes::table
                        .filter(subscription_themes::reader_id.eq(readers::id))
                        .filter(subscription_themes::theme_id.eq(theme)),
                )),
            );
        }
        if let Some(after) = after {
            query = query.filter(readers::id.lt(after));
        }
        if let Some(limit) = limit {
            query = query.limit(limit);
        }
        query.load(conn).await
    }

    /// The subscriber with this reader id.
    pub async fn by_id(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Self> {
        let after = id.checked_add(1).ok_or(diesel::result::Error::NotFound)?;
        let found = Self::search(conn, &ListFilter::default(), Some(after), Some(1)).await?;
        found
            .into_iter()
            .find(|s| s.id == id)
            .ok_or(diesel::result::Error::NotFound)
    }

    /// The names of the themes each of `ids` chose, by reader id (in the author's order).
    pub async fn theme_names(
        conn: &mut AsyncPgConnection,
        ids: &[i64],
    ) -> QueryResult<Vec<(i64, String)>> {
        subscription_themes::table
            .inner_join(themes::table)
            .filter(subscription_themes::reader_id.eq_any(ids))
            .order((themes::position, themes::id))
            .select((subscription_themes::reader_id, themes::name))
            .load(conn)
            .await
    }

    /// The number of subscriptions in each status.
    pub async fn counts(conn: &mut AsyncPgConnection) -> QueryResult<StatusCounts> {
        let rows: Vec<(String, i64)> = newsletter_subscriptions::table
            .group_by(newsletter_subscriptions::status)
            .select((newsletter_subscriptions::status, diesel::dsl::count_star()))
            .load(conn)
            .await?;
        let mut counts = StatusCounts::default();
        for (status, count) in rows {
            match Status::parse(&status) {
                Some(Status::Pending) => counts.pending = count,
                Some(Status::Subscribed) => counts.subscribed = count,
                Some(Status::Unsubscribed) => counts.unsubscribed = count,
                None => {}
            }
        }
        Ok(counts)
    }
}
