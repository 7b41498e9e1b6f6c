//! Readers and their newsletter subscription: the queries behind signup, confirmation,
//! preferences and unsubscription.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::auth::token::hash_token;
use crate::readers::follow::store::Follow;
use crate::schema::{
    confirmation_tokens, deliveries, newsletter_subscriptions, readers, signup_attempts,
    subscription_themes,
};
use crate::settings::Settings;

/// A reader (an email address, confirmed or not).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = readers)]
pub struct Reader {
    /// Primary key.
    pub id: i64,
    /// Lowercase address.
    pub email: String,
    /// Optional name.
    pub name: String,
    /// When the address was confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Salt of the reader's management links.
    pub link_salt: Vec<u8>,
}

/// A reader's newsletter subscription.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = newsletter_subscriptions)]
pub struct Subscription {
    /// `pending`, `subscribed` or `unsubscribed`.
    pub status: String,
    /// Every theme, or only the chosen ones.
    pub all_themes: bool,
    /// The consent recorded.
    pub consent_text: String,
    /// When it was given.
    pub consent_at: DateTime<Utc>,
    /// From which address range.
    pub consent_network: String,
    /// When the subscription was confirmed.
    pub subscribed_at: Option<DateTime<Utc>>,
}

/// Limits on confirmations to one address.
#[derive(Debug, Clone, Copy)]
pub struct ConfirmLimits {
    /// Least time between two confirmations.
    pub min_interval: Duration,
    /// Most confirmations a day.
    pub max_per_day: i64,
    /// Lifetime of a link.
    pub lifetime: Duration,
}

impl ConfirmLimits {
    /// The limits configured under `[newsletter]`, shared by every confirmation.
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            min_interval: Duration::minutes(settings.newsletter.confirm_min_interval_minutes),
            max_per_day: settings.newsletter.confirm_max_per_day,
            lifetime: Duration::hours(settings.newsletter.confirm_token_hours),
        }
    }
}

impl Reader {
    /// The reader with this id.
    pub async fn by_id(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Self> {
        readers::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
            .await
    }

    /// The readers with these ids (those erased are missing).
    pub async fn by_ids(conn: &mut AsyncPgConnection, ids: &[i64]) -> QueryResult<Vec<Self>> {
        readers::table
            .filter(readers::id.eq_any(ids))
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// Erases the reader and everything attached (subscription, tokens, follows).
    pub async fn erase(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<bool> {
        diesel::delete(readers::table.find(id))
            .execute(conn)
            .await
            .map(|n| n == 1)
    }
}

impl Subscription {
    /// The reader's subscription.
    pub async fn of_reader(
        conn: &mut AsyncPgConnection,
        reader_id: i64,
    ) -> QueryResult<Option<Self>> {
        newsletter_subscriptions::table
            .find(reader_id)
            .select(Self::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// The themes the reader chose (empty when following all).
    pub async fn theme_ids(conn: &mut AsyncPgConnection, reader_id: i64) -> QueryResult<Vec<i64>> {
        subscription_themes::table
            .filter(subscription_themes::reader_id.eq(reader_id))
            .select(subscription_themes::theme_id)
            .load(conn)
            .await
    }
}

/// Counts and records a signup attempt from `network`; false when over the hourly limit. The
/// range's attempts are serialised so that parallel signups stop exactly at the limit.
pub async fn allow_signup_from(
    conn: &mut AsyncPgConnection,
    network: &str,
    per_hour: i64,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    conn.transaction(async |conn| {
        diesel::sql_query("SELECT pg_advisory_xact_lock(15, hashtext($1))")
            .bind::<diesel::sql_types::Text, _>(network)
            .execute(conn)
            .await?;
        diesel::delete(
            signup_attempts::table
                .filter(signup_attempts::attempted_at.lt(now - Duration::days(1))),
        )
        .execute(conn)
        .await?;
        let recent: i64 = signup_attempts::table
            .filter(signup_attempts::client_network.eq(network))
            .filter(signup_attempts::attempted_at.gt(now - Duration::hours(1)))
            .count()
            .get_result(conn)
            .await?;
        if recent >= per_hour {
            return Ok(false);
        }
        diesel::insert_into(signup_attempts::table)
            .values(signup_attempts::client_network.eq(network))
            .execute(conn)
            .await?;
        Ok(true)
    })
    .await
}

/// Replaces the themes a subscription follows (empty: none recorded, for all themes).
pub async fn set_themes(
    conn: &mut AsyncPgConnection,
    reader_id: i64,
    theme_ids: &[i64],
) -> QueryResult<()> {
    diesel::delete(subscription_themes::table.filter(subscription_themes::reader_id.eq(reader_id)))
        .execute(conn)
        .await?;
    let rows: Vec<_> = theme_ids
        .iter()
        .map(|theme| {
            (
                subscription_themes::reader_id.eq(reader_id),
                subscription_themes::theme_id.eq(*theme),
            )
        })
        .collect();
    diesel::insert_into(subscription_themes::table)
        .values(rows)
        .execute(conn)
        .await?;
    Ok(())
}

/// The reader a confirmation token opens, if it is known and not expired.
pub async fn reader_of_confirmation(
    conn: &mut AsyncPgConnection,
    token: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<i64>> {
    confirmation_tokens::table
        .filter(confirmation_tokens::token_hash.eq(hash_token(token)))
        .filter(confirmation_tokens::expires_at.gt(now))
        .filter(confirmation_tokens::used_at.is_null())
        .select(confirmation_tokens::reader_id)
        .first(conn)
        .await
        .optional()
}

/// Whether this unexpired confirmation link was already used: pressing it again changes
/// nothing (what the reader turned off since stays off) but is not an error.
pub async fn confirmation_used(
    conn: &mut AsyncPgConnection,
    token: &str,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        confirmation_tokens::table
            .filter(confirmation_tokens::token_hash.eq(hash_token(token)))
            .filter(confirmation_tokens::expires_at.gt(now))
            .filter(confirmation_tokens::used_at.is_not_null()),
    ))
    .get_result(conn)
    .await
}

/// What a confirmation activated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activated {
    /// The newsletter subscription went from pending to subscribed.
    pub newsletter: bool,
    /// The titles of the articles whose comments the reader now follows.
    pub follows: Vec<String>,
}

/// Uses up the confirmation link, confirms the address and activates what the reader asked for
/// while it was unconfirmed (a pending newsletter subscription, pending thread follows).
pub async fn confirm(
    conn: &mut AsyncPgConnection,
    token: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<(i64, Activated)>> {
    conn.transaction(async |conn| {
        // The link is used up by the statement that checks it: of two presses, one confirms.
        let claimed = diesel::update(
            confirmation_tokens::table
                .filter(confirmation_tokens::token_hash.eq(hash_token(token)))
                .filter(confirmation_tokens::expires_at.gt(now))
                .filter(confirmation_tokens::used_at.is_null()),
        )
        .set(confirmation_tokens::used_at.eq(now))
        .returning(confirmation_tokens::reader_id)
        .get_result::<i64>(conn)
        .await
        .optional()?;
        let Some(reader_id) = claimed else {
            return Ok(None);
        };
        diesel::update(
            readers::table
                .find(reader_id)
                .filter(readers::confirmed_at.is_null()),
        )
        .set(readers::confirmed_at.eq(now))
        .execute(conn)
        .await?;
        // A name asked for without proof becomes the reader's once they confirm.
        diesel::update(
            readers::table
                .find(reader_id)
                .filter(readers::pending_name.is_not_null()),
        )
        .set((
            readers::name.eq(diesel::dsl::sql::<diesel::sql_types::Text>(
                "coalesce(pending_name, name)",
            )),
            readers::pending_name.eq(None::<String>),
        ))
        .execute(conn)
        .await?;
        let changed = diesel::update(
            newsletter_subscriptions::table
                .find(reader_id)
                .filter(newsletter_subscriptions::status.eq("pending")),
        )
        .set((
            newsletter_subscriptions::status.eq("subscribed"),
            newsletter_subscriptions::subscribed_at.eq(now),
        ))
        .execute(conn)
        .await?;
        let follows = Follow::activate_pending(conn, reader_id, now).await?;
        Ok(Some((
            reader_id,
            Activated {
                newsletter: changed == 1,
                follows,
            },
        )))
    })
    .await
}

/// Unsubscribes the reader at once; true when they were subscribed or pending. `via` is the
/// send whose link was followed, as the link claims: it is kept only when that send was indeed
/// addressed to this reader.
pub async fn unsubscribe(
    conn: &mut AsyncPgConnection,
    reader_id: i64,
    via: Option<i64>,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let send = deliveries::table
        .filter(deliveries::newsletter_id.nullable().eq(via))
        .filter(deliveries::reader_id.eq(reader_id))
        .select(deliveries::newsletter_id.nullable())
        .single_value();
    diesel::update(
        newsletter_subscriptions::table
            .find(reader_id)
            .filter(newsletter_subscriptions::status.ne("unsubscribed")),
    )
    .set((
        newsletter_subscriptions::status.eq("unsubscribed"),
        newsletter_subscriptions::unsubscribed_at.eq(now),
        newsletter_subscriptions::unsubscribed_newsletter_id.eq(send),
    ))
    .execute(conn)
    .await
    .map(|n| n == 1)
}

/// Saves the reader's name and, when they have a subscription, its themes (empty: all).
pub async fn save_preferences(
    conn: &mut AsyncPgConnection,
    reader_id: i64,
    name: &str,
    theme_ids: &[i64],
) -> QueryResult<()> {
    conn.transaction(async |conn| {
        diesel::update(readers::table.find(reader_id))
            .set(readers::name.eq(name))
            .execute(conn)
            .await?;
        let subscribed = diesel::update(newsletter_subscriptions::table.find(reader_id))
            .set(newsletter_subscriptions::all_themes.eq(theme_ids.is_empty()))
            .execute(conn)
            .await?;
        // A reader who only follows threads has no subscription to keep themes for.
        if subscribed == 1 {
            set_themes(conn, reader_id, theme_ids).await?;
        }
        Ok(())
    })
    .await
}
