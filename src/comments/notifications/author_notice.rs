//! The author's email about a comment that waits for moderation, sent through the job queue
//! (one per comment, or the hourly digest of [`crate::comments::notifications::author_digest`]).

use askama::Template;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};

use crate::auth::author::Author;
use crate::comments::notifications::author_digest;
use crate::comments::status::CommentStatus;
use crate::i18n::emails::EmailMessages;
use crate::jobs::{Job, JobContext, JobError};
use crate::mail::{OutgoingEmail, mailbox};
use crate::schema::{articles, comments};
use crate::settings::AuthorNotice;

/// The job that mails the author about a waiting comment.
#[derive(Debug, Serialize, Deserialize)]
pub struct PendingNotice {
    /// The comment that waits.
    pub comment_id: i64,
}

impl Job for PendingNotice {
    const KIND: &'static str = "comments.pending";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("comment-pending:{}", self.comment_id))
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        send_pending_notice(ctx, self.comment_id).await
    }
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
        AuthorNotice::Each => PendingNotice { comment_id }.enqueue(conn).await.map(|_| ()),
        AuthorNotice::Hourly => author_digest::schedule(conn, now).await,
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
async fn send_pending_notice(ctx: &JobContext, id: i64) -> Result<(), JobError> {
    let mut conn = ctx.connection().await?;
    let found: Option<(String, String, String)> = comments::table
        .inner_join(articles::table)
        .filter(comments::id.eq(id))
        .filter(comments::status.eq(CommentStatus::Pending))
        .select((
            comments::author_name,
            comments::body_markdown,
            articles::title,
        ))
        .first(&mut conn)
        .await
        .optional()?;
    let Some((name, body, article)) = found else {
        return Ok(());
    };
    let recipients = Author::recipients(&mut conn).await?;
    drop(conn);
    let inbox = format!(
        "{}/admin/comments?status=pending#comment-{id}",
        ctx.settings.site.base_url
    );
    let t = ctx.settings.site.locale.messages();
    for (email, display_name) in recipients {
        let message = OutgoingEmail {
            to: mailbox(&display_name, &email)?,
            subject: format!("{} — {article}", t.comment_pending_subject),
            text: PendingText {
                e: &t.emails,
                name: &name,
                article: &article,
                body: &body,
                inbox: &inbox,
            }
            .render()
            .map_err(JobError::render)?,
            html: PendingHtml {
                e: &t.emails,
                lang: ctx.settings.site.locale.code(),
                name: &name,
                article: &article,
                body: &body,
                inbox: &inbox,
            }
            .render()
            .map_err(JobError::render)?,
            headers: vec![("Auto-Submitted", "auto-generated".into())],
            message_id: None,
        };
        ctx.mailer.send(&message).await?;
    }
    tracing::info!(comment_id = id, "author told of a waiting comment");
    Ok(())
}
