//! A newsletter signup recorded, and what its answer can truthfully say. A confirmed address
//! signed up from a browser that proved it holds the address is subscribed at once (consent
//! from this form, the welcome queued). Any other signup waits for a confirmation link and
//! changes nothing a confirmed reader chose (their name, a live subscription) until then.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::domain::EmailAddress;
use crate::readers::emails;
use crate::readers::identity::{self, ConfirmationLink};
use crate::readers::model::{ConfirmLimits, Subscription, set_themes};
use crate::schema::{newsletter_subscriptions, readers};

/// A signup, checked.
#[derive(Debug, Clone)]
pub struct Signup<'a> {
    /// The address.
    pub email: &'a EmailAddress,
    /// The name, maybe empty.
    pub name: &'a str,
    /// Chosen themes; empty means all.
    pub theme_ids: &'a [i64],
    /// The consent text shown.
    pub consent_text: &'a str,
    /// The truncated client address.
    pub network: &'a str,
    /// Whether the browser proved it holds the address (see [`crate::readers::proof`]).
    pub proven: bool,
    /// The published article whose page the form sat on, if any.
    pub source_article_id: Option<i64>,
}

/// What a signup led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupOutcome {
    /// Subscribed now, the welcome queued.
    Subscribed,
    /// The proven reader was already subscribed: nothing to mail.
    AlreadySubscribed,
    /// Waits for the address's confirmation; what became of its link.
    Link(ConfirmationLink),
}

/// Records a signup in one transaction (see the module's documentation).
pub async fn sign_up(
    conn: &mut AsyncPgConnection,
    signup: &Signup<'_>,
    limits: ConfirmLimits,
    now: DateTime<Utc>,
) -> QueryResult<SignupOutcome> {
    conn.transaction(async |conn| {
        let reader = identity::record_reader(conn, signup.email).await?;
        let subscribed = Subscription::of_reader(conn, reader.id)
            .await?
            .is_some_and(|s| s.status == "subscribed");
        let proven = reader.confirmed && signup.proven;
        set_name(conn, reader.id, signup.name, reader.confirmed && !proven).await?;
        if subscribed {
            return Ok(if proven {
                SignupOutcome::AlreadySubscribed
            } else {
                SignupOutcome::Link(
                    identity::queue_confirmation(conn, reader.id, limits, now).await?,
                )
            });
        }
        record_consent(conn, reader.id, signup, now).await?;
        set_themes(conn, reader.id, signup.theme_ids).await?;
        if !proven {
            return Ok(SignupOutcome::Link(
                identity::queue_confirmation(conn, reader.id, limits, now).await?,
            ));
        }
        diesel::update(newsletter_subscriptions::table.find(reader.id))
            .set((
                newsletter_subscriptions::status.eq("subscribed"),
                newsletter_subscriptions::subscribed_at.eq(now),
            ))
            .execute(conn)
            .await?;
        emails::queue_welcome(conn, reader.id, now).await?;
        Ok(SignupOutcome::Subscribed)
    })
    .await
}

/// Records the form's consent on a pending subscription (a new one, or one that was pending or
/// unsubscribed).
async fn record_consent(
    conn: &mut AsyncPgConnection,
    reader_id: i64,
    signup: &Signup<'_>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    let consent = (
        newsletter_subscriptions::status.eq("pending"),
        newsletter_subscriptions::all_themes.eq(signup.theme_ids.is_empty()),
        newsletter_subscriptions::consent_text.eq(signup.consent_text),
        newsletter_subscriptions::consent_at.eq(now),
        newsletter_subscriptions::consent_network.eq(signup.network),
        newsletter_subscriptions::source_article_id.eq(signup.source_article_id),
    );
    diesel::insert_into(newsletter_subscriptions::table)
        .values((newsletter_subscriptions::reader_id.eq(reader_id), consent))
        .on_conflict(newsletter_subscriptions::reader_id)
        .do_update()
        .set(consent)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Sets the name asked for (an empty one changes nothing); `held` keeps it aside until the
/// reader confirms, so that a stranger's signup cannot rename a confirmed reader.
async fn set_name(
    conn: &mut AsyncPgConnection,
    reader_id: i64,
    name: &str,
    held: bool,
) -> QueryResult<()> {
    if name.is_empty() {
        return Ok(());
    }
    let target = diesel::update(readers::table.find(reader_id));
    if held {
        target
            .set(readers::pending_name.eq(name))
            .execute(conn)
            .await?;
    } else {
        target.set(readers::name.eq(name)).execute(conn).await?;
    }
    Ok(())
}
