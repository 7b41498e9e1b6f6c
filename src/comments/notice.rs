//! The author's email about a comment that waits for moderation, sent through the job queue
//! (one per comment, or the hourly digest of [`crate::comments::notice_digest`]).

use askama::Template;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use lettre::message::Mailbox;
use serde_json::{Value, json};

use crate::auth::author::Author;
use crate::comments::notice_digest;
use crate::i18n::emails::EmailMessages;
use crate::jobs;
use crate::jobs::runner::{JobContext, JobError};
use crate::mail::OutgoingEmail;
use crate::schema::{articles, comments};
use crate::settings::AuthorNotice;

/// The job that mails the author about a waiting comment.
pub const PENDING_JOB: &str = "comments.pending";

/// Payload of [`PENDING_JOB`].
pub fn pending_payload(comment_id: i64) -> Value {
    json!({ "comment_id": comment_id })
}

/// Tells the author, as configured, of a comment that now waits; call it in the transaction
/// that stores the comment.
pub async fn on_pending(
    conn: &mut AsyncPgConnection,
    setting: AuthorNotice,
    comment_id: i64,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    match setting {
        AuthorNotice::Each => {
            let key = format!("comment-pending:{comment_id}");
            jobs::enqueue(conn, PENDING_JOB, pending_payload(comment_id), Some(&key))
                .await
                .map(|_| ())
        }
        AuthorNotice::Hourly => notice_digest::schedule(conn, now).await,
        AuthorNotice::None => Ok(()),
    }
}

#[derive(Template)]
#[template(path = "emails/comment_pending.txt", escape = "none")]
struct PendingText<'a> {
    e: &'a EmailMessages,
    name: &'a str,
    article: &'a str,
    body: &'a str,
    inbox: &'a str,
}

#[derive(Template)]
#[template(path = "emails/comment_pending.html")]
struct PendingHtml<'a> {
    e: &'a EmailMessages,
    lang: &'a str,
    name: &'a str,
    article: &'a str,
    body: &'a str,
    inbox: &'a str,
}

/// Mails every author account about the comment, if it still waits.
pub async fn send_pending_notice(ctx: &JobContext, payload: &Value) -> Result<(), JobError> {
    let id = payload["comment_id"]
        .as_i64()
        .ok_or_else(|| JobError::Permanent("payload without comment_id".into()))?;
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let found: Option<(String, String, String, String)> = comments::table
        .inner_join(articles::table)
        .filter(comments::id.eq(id))
        .select((
            comments::status,
            comments::author_name,
            comments::body_markdown,
            articles::title,
        ))
        .first(&mut conn)
        .await
        .optional()?;
    let Some((status, name, body, article)) = found.filter(|(status, ..)| status == "pending")
    else {
        return Ok(());
    };
    debug_assert_eq!(status, "pending");
    let recipients = Author::recipients(&mut conn).await?;
    drop(conn);
    let inbox = format!(
        "{}/admin/comments?status=pending#comment-{id}",
        ctx.settings.site.base_url
    );
    let t = ctx.settings.site.locale.messages();
    for (email, display_name) in recipients {
        let address = email
            .parse()
            .map_err(|e| JobError::Permanent(format!("author address unusable: {e}")))?;
        let message = OutgoingEmail {
            to: Mailbox::new(Some(display_name), address),
            subject: format!("{} — {article}", t.comment_pending_subject),
            text: PendingText {
                e: &t.emails,
                name: &name,
                article: &article,
                body: &body,
                inbox: &inbox,
            }
            .render()
            .map_err(|e| JobError::Permanent(e.to_string()))?,
            html: PendingHtml {
                e: &t.emails,
                lang: ctx.settings.site.locale.code(),
                name: &name,
                article: &article,
                body: &body,
                inbox: &inbox,
            }
            .render()
            .map_err(|e| JobError::Permanent(e.to_string()))?,
            headers: vec![("Auto-Submitted", "auto-generated".into())],
            message_id: None,
        };
        ctx.mailer.send(&message).await?;
    }
    tracing::info!(comment_id = id, "author told of a waiting comment");
    Ok(())
}
