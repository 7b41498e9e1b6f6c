//! The author's hourly digest of comments waiting for moderation (`comments.notify_author =
//! "hourly"`): a comment that waits schedules the digest of its hour (once per hour, at the
//! end of it); the digest lists what still waits then, and is not sent when nothing does.

use askama::Template;
use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::author::Author;
use crate::comments::model::{Comment, InboxRow};
use crate::comments::status::CommentStatus;
use crate::i18n::emails::EmailMessages;
use crate::jobs::{Job, JobContext, JobError};
use crate::mail::{OutgoingEmail, mailbox};

/// The job that mails the hourly digest of the hour starting at `hour`.
#[derive(Debug, Serialize, Deserialize)]
pub struct PendingDigest {
    /// The hour it covers (Unix seconds of its start).
    #[serde(default)]
    pub hour: i64,
}

impl Job for PendingDigest {
    const KIND: &'static str = "comments.pending_digest";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("comments-pending-digest:{}", self.hour))
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        send_digest(ctx).await
    }
}

/// Most comments listed in one digest (the inbox shows the rest).
const LISTED: i64 = 50;

#[derive(Template)]
#[template(path = "emails/pending_digest.txt", escape = "none")]
struct DigestText<'a> {
    e: &'a EmailMessages,
    rows: &'a [InboxRow],
    inbox: &'a str,
}

#[derive(Template)]
#[template(path = "emails/pending_digest.html")]
struct DigestHtml<'a> {
    e: &'a EmailMessages,
    lang: &'a str,
    rows: &'a [InboxRow],
    inbox: &'a str,
}

/// Schedules the digest of the hour of `now`, due at the end of that hour (a no-op when it is
/// already scheduled).
pub async fn schedule(
    conn: &mut diesel_async::AsyncPgConnection,
    now: DateTime<Utc>,
) -> diesel::QueryResult<()> {
    let hour = now.duration_trunc(TimeDelta::hours(1)).unwrap_or(now);
    let job = PendingDigest {
        hour: hour.timestamp(),
    };
    job.enqueue_at(conn, hour + TimeDelta::hours(1))
        .await
        .map(|_| ())
}

/// Mails every author account the comments that wait, if any do.
async fn send_digest(ctx: &JobContext) -> Result<(), JobError> {
    let mut conn = ctx.connection().await?;
    let rows = Comment::inbox(&mut conn, CommentStatus::Pending, LISTED).await?;
    if rows.is_empty() {
        return Ok(());
    }
    let recipients = Author::recipients(&mut conn).await?;
    drop(conn);
    let base = ctx.settings.site.base_url.as_str();
    let inbox = format!("{base}/admin/comments?status=pending");
    let t = ctx.settings.site.locale.messages();
    let text = DigestText {
        e: &t.emails,
        rows: &rows,
        inbox: &inbox,
    }
    .render()
    .map_err(JobError::render)?;
    let html = DigestHtml {
        e: &t.emails,
        lang: ctx.settings.site.locale.code(),
        rows: &rows,
        inbox: &inbox,
    }
    .render()
    .map_err(JobError::render)?;
    for (email, display_name) in recipients {
        let message = OutgoingEmail {
            to: mailbox(&display_name, &email)?,
            subject: format!("{} ({})", t.comment_digest_subject, rows.len()),
            text: text.clone(),
            html: html.clone(),
            headers: vec![("Auto-Submitted", "auto-generated".into())],
            message_id: None,
        };
        ctx.mailer.send(&message).await?;
    }
    tracing::info!(waiting = rows.len(), "author sent the hourly digest");
    Ok(())
}
