//! Reader notifications of an approved comment. Approving a comment queues, in the same
//! transaction, a fan-out job that records one notification per recipient (unique per comment
//! and reader) and schedules the email: at once for the first, then grouping a reader's
//! notifications about one article within the configured window
//! ([`crate::comments::notifications::reader_mail`]).

use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};

use crate::comments::notifications::reader_mail::{lock_reader, next_digest_at, schedule_digest};
use crate::comments::status::CommentStatus;
use crate::jobs::{Job, JobContext, JobError};
use crate::schema::{comment_notifications, comments, follows, readers};

/// The job that works out who hears of an approved comment.
#[derive(Debug, Serialize, Deserialize)]
pub struct FanOut {
    /// The comment approved.
    pub comment_id: i64,
}

impl Job for FanOut {
    const KIND: &'static str = "comments.fan_out";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("comment-approved:{}", self.comment_id))
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        fan_out(ctx, self.comment_id).await
    }
}

/// Queues the fan-out of a comment that just became approved (once per comment); call it in
/// the transaction that approves it.
pub async fn on_approved(conn: &mut AsyncPgConnection, comment_id: i64) -> QueryResult<()> {
    FanOut { comment_id }.enqueue(conn).await.map(|_| ())
}

/// The comment being announced.
#[derive(Debug, Queryable)]
struct Announced {
    article_id: i64,
    parent_id: Option<i64>,
    author_email: String,
    status: CommentStatus,
}

/// Who hears of a comment: readers following the article with mode `all` (a "new comment"),
/// and the parent comment's writer if they follow the article at all (a "new reply"); never
/// the comment's own writer, never an unconfirmed address or a stopped follow.
async fn recipients(
    conn: &mut AsyncPgConnection,
    comment: &Announced,
) -> QueryResult<Vec<(i64, &'static str)>> {
    let parent_email: Option<String> = match comment.parent_id {
        Some(parent) => comments::table
            .find(parent)
            .select(comments::author_email)
            .first(conn)
            .await
            .optional()?,
        None => None,
    };
    let parent_email = parent_email.unwrap_or_default();
    let found: Vec<(i64, String)> = follows::table
        .inner_join(readers::table)
        .filter(follows::article_id.eq(comment.article_id))
        .filter(follows::status.eq("active"))
        .filter(readers::confirmed_at.is_not_null())
        .filter(readers::email.ne(&comment.author_email))
        .filter(follows::mode.eq("all").or(readers::email.eq(&parent_email)))
        // One order for every fan-out: their reader locks never deadlock.
        .order(readers::id)
        .select((readers::id, readers::email))
        .load(conn)
        .await?;
    Ok(found
        .into_iter()
        .map(|(id, email)| {
            let kind = if email == parent_email {
                "reply"
            } else {
                "comment"
            };
            (id, kind)
        })
        .collect())
}

/// Runs a fan-out: records the notifications of an approved comment and schedules their
/// digests. Nothing happens for a comment no longer approved.
async fn fan_out(ctx: &JobContext, id: i64) -> Result<(), JobError> {
    let window = Duration::seconds(ctx.settings.comments.notify_window_seconds);
    let mut conn = ctx.connection().await?;
    let found: Option<Announced> = comments::table
        .find(id)
        .select((
            comments::article_id,
            comments::parent_id,
            comments::author_email,
            comments::status,
        ))
        .first(&mut conn)
        .await
        .optional()?;
    let Some(comment) = found.filter(|c| c.status == CommentStatus::Approved) else {
        return Ok(());
    };
    let now = Utc::now();
    let count = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            let recipients = recipients(conn, &comment).await?;
            for (reader_id, kind) in &recipients {
                lock_reader(conn, *reader_id).await?;
                diesel::insert_into(comment_notifications::table)
                    .values((
                        comment_notifications::comment_id.eq(id),
                        comment_notifications::reader_id.eq(reader_id),
                        comment_notifications::article_id.eq(comment.article_id),
                        comment_notifications::kind.eq(kind),
                    ))
                    .on_conflict_do_nothing()
                    .execute(conn)
                    .await?;
                let article_id = comment.article_id;
                let at = next_digest_at(conn, *reader_id, article_id, now, window).await?;
                schedule_digest(conn, *reader_id, article_id, at).await?;
            }
            Ok(recipients.len())
        })
        .await?;
    tracing::info!(comment_id = id, recipients = count, "comment fanned out");
    Ok(())
}
