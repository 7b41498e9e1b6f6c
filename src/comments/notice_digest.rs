//! The author's hourly digest of comments waiting for moderation (`comments.notify_author =
//! "hourly"`): a comment that waits schedules the digest of its hour (once per hour, at the
//! end of it); the digest lists what still waits then, and is not sent when nothing does.

use askama::Template;
use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use lettre::message::Mailbox;
use serde_json::{Value, json};

use crate::auth::author::Author;
use crate::comments::model::{Comment, InboxRow};
use crate::i18n::emails::EmailMessages;
use crate::jobs::runner::{JobContext, JobError};
use crate::jobs::{self};
use crate::mail::OutgoingEmail;

/// The job that mails the hourly digest.
pub const HOURLY_JOB: &str = "comments.pending_digest";

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
    let key = format!("comments-pending-digest:{}", hour.timestamp());
    let due = hour + TimeDelta::hours(1);
    jobs::enqueue_at(conn, HOURLY_JOB, json!({}), Some(&key), due)
        .await
        .map(|_| ())
}

/// Mails every author account the comments that wait, if any do.
pub async fn send_digest(ctx: &JobContext, _payload: &Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let rows = Comment::inbox(&mut conn, "pending", LISTED).await?;
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
    .map_err(|e| JobError::Permanent(e.to_string()))?;
    let html = DigestHtml {
        e: &t.emails,
        lang: ctx.settings.site.locale.code(),
        rows: &rows,
        inbox: &inbox,
    }
    .render()
    .map_err(|e| JobError::Permanent(e.to_string()))?;
    for (email, display_name) in recipients {
        let address = email
            .parse()
            .map_err(|e| JobError::Permanent(format!("author address unusable: {e}")))?;
        let message = OutgoingEmail {
            to: Mailbox::new(Some(display_name), address),
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
