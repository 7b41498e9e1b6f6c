//! Subscribing an address on the author's behalf (by hand or by import): either the reader
//! consented elsewhere, and the reason is recorded as their consent, or they are sent the
//! usual confirmation. An unsubscribed address is never subscribed again this way: only the
//! reader can come back.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::domain::EmailAddress;
use crate::newsletter::signup::subscribe::{self, Signup, SignupOutcome};
use crate::readers::identity::{self, ConfirmationLink};
use crate::readers::model::{self, ConfirmLimits};
use crate::schema::{newsletter_subscriptions, readers};

/// How the address is subscribed.
#[derive(Debug, Clone, Copy)]
pub enum Admission<'a> {
    /// The reader consented elsewhere: subscribed at once, with this consent recorded.
    Consented {
        /// The consent text (the author's reason).
        consent_text: &'a str,
    },
    /// The reader is sent the confirmation of the signup form.
    Confirm {
        /// The consent text they will accept by confirming.
        consent_text: &'a str,
        /// The limits on confirmations to one address.
        limits: ConfirmLimits,
    },
}

/// An address to subscribe.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    /// The address.
    pub email: &'a EmailAddress,
    /// The name, maybe empty (an existing name is then kept).
    pub name: &'a str,
    /// Chosen themes; empty means all.
    pub theme_ids: &'a [i64],
}

/// What became of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admitted {
    /// Subscribed now (consented elsewhere).
    Subscribed,
    /// Pending, its confirmation queued.
    ConfirmationQueued,
    /// Pending, but a confirmation left too recently: none queued now.
    ConfirmationHeldBack,
    /// Already subscribed: left as it was.
    AlreadySubscribed,
    /// Unsubscribed: left as it was.
    Unsubscribed,
}

/// The current status of the subscription of `email`, locked until the transaction ends.
async fn locked_status(
    conn: &mut AsyncPgConnection,
    email: &EmailAddress,
) -> QueryResult<Option<String>> {
    newsletter_subscriptions::table
        .inner_join(readers::table)
        .filter(readers::email.eq(email.as_str()))
        .select(newsletter_subscriptions::status)
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Subscribes `candidate` as `admission` says; call it inside a transaction.
pub async fn admit(
    conn: &mut AsyncPgConnection,
    candidate: Candidate<'_>,
    admission: Admission<'_>,
    network: &str,
    now: DateTime<Utc>,
) -> QueryResult<Admitted> {
    match locked_status(conn, candidate.email).await?.as_deref() {
        Some("unsubscribed") => return Ok(Admitted::Unsubscribed),
        Some("subscribed") => return Ok(Admitted::AlreadySubscribed),
        _ => {}
    }
    match admission {
        Admission::Confirm {
            consent_text,
            limits,
        } => {
            let signup = Signup {
                email: candidate.email,
                name: candidate.name,
                theme_ids: candidate.theme_ids,
                consent_text,
                network,
                // The author is not the reader: the reader's own click subscribes them.
                proven: false,
                source_article_id: None,
            };
            Ok(
                match subscribe::sign_up(conn, &signup, limits, now).await? {
                    SignupOutcome::Link(ConfirmationLink::Queued) => Admitted::ConfirmationQueued,
                    SignupOutcome::Link(_) => Admitted::ConfirmationHeldBack,
                    SignupOutcome::Subscribed => Admitted::Subscribed,
                    SignupOutcome::AlreadySubscribed => Admitted::AlreadySubscribed,
                },
            )
        }
        Admission::Consented { consent_text } => {
            subscribe_now(conn, candidate, consent_text, network, now).await?;
            Ok(Admitted::Subscribed)
        }
    }
}

async fn subscribe_now(
    conn: &mut AsyncPgConnection,
    candidate: Candidate<'_>,
    consent_text: &str,
    network: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    // The author vouches for the address: it counts as confirmed, as after the reader's click.
    let reader_id = identity::record_confirmed_reader(conn, candidate.email, now).await?;
    if !candidate.name.is_empty() {
        diesel::update(readers::table.find(reader_id))
            .set(readers::name.eq(candidate.name))
            .execute(conn)
            .await?;
    }
    let values = (
        newsletter_subscriptions::status.eq("subscribed"),
        newsletter_subscriptions::all_themes.eq(candidate.theme_ids.is_empty()),
        newsletter_subscriptions::consent_text.eq(consent_text),
        newsletter_subscriptions::consent_at.eq(now),
        newsletter_subscriptions::consent_network.eq(network),
        newsletter_subscriptions::subscribed_at.eq(now),
    );
    diesel::insert_into(newsletter_subscriptions::table)
        .values((newsletter_subscriptions::reader_id.eq(reader_id), values))
        .on_conflict(newsletter_subscriptions::reader_id)
        .do_update()
        .set(values)
        .execute(conn)
        .await?;
    model::set_themes(conn, reader_id, candidate.theme_ids).await
}
