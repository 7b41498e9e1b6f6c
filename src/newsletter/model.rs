//! Newsletters as the author composes them, and the figures of their sends, all derived from
//! the delivery ledger.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int4};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::i18n::Messages;
use crate::schema::{deliveries, newsletter_themes, newsletters};

/// A send this late is not started by the scheduler: the author decides.
pub const LATE: Duration = Duration::hours(1);

/// A newsletter.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = newsletters)]
pub struct Newsletter {
    /// Primary key.
    pub id: i64,
    /// The subject line (one line).
    pub subject: String,
    /// The preview line that mail clients show after the subject.
    pub preheader: String,
    /// The Markdown the author wrote.
    pub body_markdown: String,
    /// The body rendered once, sanitised.
    pub body_html: String,
    /// The plain-text body.
    pub body_text: String,
    /// Everyone, or only the subscribers of its themes.
    pub all_themes: bool,
    /// When the send is due, if scheduled.
    pub scheduled_at: Option<DateTime<Utc>>,
    /// The idempotency key of the accepted send form.
    pub send_key: Option<String>,
    /// When the ledger was written.
    pub started_at: Option<DateTime<Utc>>,
    /// Paused by the author since.
    pub paused_at: Option<DateTime<Utc>>,
    /// Cancelled by the author.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// What an automatic newsletter stands for (`article:42`, `digest:2026-W49`).
    pub auto_key: Option<String>,
}

/// A newsletter to create, checked.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = newsletters)]
pub struct NewNewsletter {
    /// The subject line.
    pub subject: String,
    /// The preview line.
    pub preheader: String,
    /// The Markdown body.
    pub body_markdown: String,
    /// Its HTML rendering.
    pub body_html: String,
    /// Its plain-text rendering.
    pub body_text: String,
    /// Whether every subscriber is targeted.
    pub all_themes: bool,
}

/// Where a send stands; derived from the newsletter and its ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendStatus {
    /// Not sent nor scheduled.
    Draft,
    /// Waiting for its time.
    Scheduled,
    /// Its time passed more than an hour ago without the send starting: the author decides.
    Overdue,
    /// Being delivered.
    Sending,
    /// Paused by the author.
    Paused,
    /// Every delivery is finished.
    Sent,
    /// Cancelled by the author.
    Cancelled,
}

impl SendStatus {
    /// Its label in the interface.
    pub fn label(self, t: &Messages) -> &'static str {
        match self {
            SendStatus::Draft => t.nl_status_draft,
            SendStatus::Scheduled => t.nl_status_scheduled,
            SendStatus::Overdue => t.nl_status_overdue,
            SendStatus::Sending => t.nl_status_sending,
            SendStatus::Paused => t.nl_status_paused,
            SendStatus::Sent => t.nl_status_sent,
            SendStatus::Cancelled => t.nl_status_cancelled,
        }
    }

    /// Its name in the page's markup and the live view's JSON (`scheduled`, `sending` …).
    pub fn code(self) -> &'static str {
        match self {
            SendStatus::Draft => "draft",
            SendStatus::Scheduled => "scheduled",
            SendStatus::Overdue => "overdue",
            SendStatus::Sending => "sending",
            SendStatus::Paused => "paused",
            SendStatus::Sent => "sent",
            SendStatus::Cancelled => "cancelled",
        }
    }

    /// Whether the worker will move it on by itself (the page keeps following it): scheduled
    /// or being delivered. A paused or overdue send waits for the author.
    pub fn is_live(self) -> bool {
        matches!(self, SendStatus::Scheduled | SendStatus::Sending)
    }
}

/// The figures of a send; `sent + failed + pending + skipped == planned` by construction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, QueryableByName)]
pub struct Progress {
    /// Recipients written into the ledger.
    #[diesel(sql_type = BigInt)]
    pub planned: i64,
    /// Accepted by the SMTP server.
    #[diesel(sql_type = BigInt)]
    pub sent: i64,
    /// Refused for good.
    #[diesel(sql_type = BigInt)]
    pub failed: i64,
    /// Still to send.
    #[diesel(sql_type = BigInt)]
    pub pending: i64,
    /// Not sent: unsubscribed since, or cancelled.
    #[diesel(sql_type = BigInt)]
    pub skipped: i64,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

/// The subscribers a newsletter reaches: confirmed, subscribed, not bouncing, and following
/// one of its themes unless it goes to everyone or they follow everything. `$1` is the
/// newsletter, `$2` the hard-bounce limit.
pub(crate) const AUDIENCE: &str = "
    SELECT r.id FROM readers r
    JOIN newsletter_subscriptions s ON s.reader_id = r.id
    JOIN newsletters n ON n.id = $1
    WHERE s.status = 'subscribed' AND r.confirmed_at IS NOT NULL AND r.hard_bounces < $2
      AND (n.all_themes OR s.all_themes OR EXISTS (
          SELECT 1 FROM subscription_themes st
          JOIN newsletter_themes nt ON nt.theme_id = st.theme_id AND nt.newsletter_id = n.id
          WHERE st.reader_id = r.id))";

impl Newsletter {
    /// Adds themes to the audience of newsletter `id`.
    pub(crate) async fn add_themes(
        conn: &mut AsyncPgConnection,
        id: i64,
        theme_ids: &[i64],
    ) -> QueryResult<()> {
        let rows: Vec<_> = theme_ids
            .iter()
            .map(|theme| {
                (
                    newsletter_themes::newsletter_id.eq(id),
                    newsletter_themes::theme_id.eq(*theme),
                )
            })
            .collect();
        diesel::insert_into(newsletter_themes::table)
            .values(rows)
            .execute(conn)
            .await
            .map(|_| ())
    }

    /// Creates a newsletter and its themes (empty means everyone) in one transaction.
    pub async fn create(
        conn: &mut AsyncPgConnection,
        new: &NewNewsletter,
        theme_ids: &[i64],
    ) -> QueryResult<i64> {
        conn.transaction(async |conn| {
            let id: i64 = diesel::insert_into(newsletters::table)
                .values(new)
                .returning(newsletters::id)
                .get_result(conn)
                .await?;
            Self::add_themes(conn, id, theme_ids).await?;
            Ok(id)
        })
        .await
    }

    /// The newsletter with this id.
    pub async fn by_id(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Self> {
        newsletters::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
            .await
    }

    /// How many scheduled sends are more than [`LATE`] past their time at
    /// `now` without having started: they wait for the author.
    pub async fn overdue_count(
        conn: &mut AsyncPgConnection,
        now: DateTime<Utc>,
    ) -> QueryResult<i64> {
        newsletters::table
            .filter(newsletters::started_at.is_null())
            .filter(newsletters::cancelled_at.is_null())
            .filter(newsletters::scheduled_at.lt(now - LATE))
            .count()
            .get_result(conn)
            .await
    }

    /// Every newsletter, the latest first.
    pub async fn all(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Self>> {
        newsletters::table
            .order(newsletters::id.desc())
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// The themes it targets (empty: everyone).
    pub async fn theme_ids(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Vec<i64>> {
        newsletter_themes::table
            .filter(newsletter_themes::newsletter_id.eq(id))
            .select(newsletter_themes::theme_id)
            .order(newsletter_themes::theme_id)
            .load(conn)
            .await
    }

    /// How many subscribers it would reach now.
    pub async fn audience_size(
        conn: &mut AsyncPgConnection,
        id: i64,
        max_bounces: i32,
    ) -> QueryResult<i64> {
        diesel::sql_query(format!("SELECT count(*) AS count FROM ({AUDIENCE}) a"))
            .bind::<BigInt, _>(id)
            .bind::<Int4, _>(max_bounces)
            .get_result::<Count>(conn)
            .await
            .map(|c| c.count)
    }

    /// The figures of its send, from the ledger.
    pub async fn progress(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Progress> {
        diesel::sql_query(
            "SELECT count(*) AS planned,
                    count(*) FILTER (WHERE status = 'sent') AS sent,
                    count(*) FILTER (WHERE status = 'failed') AS failed,
                    count(*) FILTER (WHERE status = 'pending') AS pending,
                    count(*) FILTER (WHERE status = 'skipped') AS skipped
             FROM deliveries WHERE newsletter_id = $1",
        )
        .bind::<BigInt, _>(id)
        .get_result(conn)
        .await
    }

    /// The failed deliveries with their reasons, for the report.
    pub async fn failures(
        conn: &mut AsyncPgConnection,
        id: i64,
    ) -> QueryResult<Vec<(i64, Option<String>)>> {
        deliveries::table
            .filter(deliveries::newsletter_id.eq(id))
            .filter(deliveries::status.eq("failed"))
            .select((deliveries::reader_id, deliveries::last_error))
            .order(deliveries::reader_id)
            .load(conn)
            .await
    }

    /// Where the send stands at `now`, given its ledger's figures.
    pub fn status(&self, progress: &Progress, now: DateTime<Utc>) -> SendStatus {
        match (self.cancelled_at, self.started_at, self.scheduled_at) {
            (Some(_), _, _) => SendStatus::Cancelled,
            (None, Some(_), _) if progress.pending == 0 => SendStatus::Sent,
            (None, Some(_), _) if self.paused_at.is_some() => SendStatus::Paused,
            (None, Some(_), _) => SendStatus::Sending,
            (None, None, Some(due)) if now - due > LATE => SendStatus::Overdue,
            (None, None, Some(_)) => SendStatus::Scheduled,
            (None, None, None) => SendStatus::Draft,
        }
    }
}
