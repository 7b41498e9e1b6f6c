//! The email of a reader's notifications about one article: every comment announced within
//! the window in one message, each linked to its permalink, with a one-click unsubscribe from
//! the thread. Sent through the job queue, so an SMTP failure is retried.

use askama::Template;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};

use crate::comments::status::CommentStatus;
use crate::i18n::emails::EmailMessages;
use crate::jobs::{Job, JobContext, JobError};
use crate::mail::{OutgoingEmail, mailbox};
use crate::schema::{articles, comment_notifications, comments, follows, readers};

/// The scope of thread unsubscribe links.
pub const FOLLOW_SCOPE: &str = "follow";

/// Longest excerpt of a comment quoted in an email, in characters.
const EXCERPT: usize = 600;

/// The job that mails one reader what is new on one article.
#[derive(Debug, Serialize, Deserialize)]
pub struct NotifyReader {
    /// Who is told.
    pub reader_id: i64,
    /// About which article.
    pub article_id: i64,
    /// The first of the unsent notifications it carries: one job per group.
    #[serde(default)]
    pub first_notification: i64,
}

impl Job for NotifyReader {
    const KIND: &'static str = "comments.digest";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("comment-digest:{}", self.first_notification))
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        send_digest(ctx, self.reader_id, self.article_id).await
    }
}

/// Serialises the notifications of one reader: the fan-out and the digest agree on which
/// digest job carries the unsent ones.
pub async fn lock_reader(conn: &mut AsyncPgConnection, reader_id: i64) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(8, hashtext($1))")
        .bind::<diesel::sql_types::Text, _>(format!("notify:{reader_id}"))
        .execute(conn)
        .await
        .map(|_| ())
}

/// When a new notification of the reader about the article is mailed, at `now`: at once when
/// no email about it went to them within `window`, otherwise `window` after the last one, so
/// a lone comment is told at once and only what follows it is grouped. Call it under
/// [`lock_reader`].
pub async fn next_digest_at(
    conn: &mut AsyncPgConnection,
    reader_id: i64,
    article_id: i64,
    now: DateTime<Utc>,
    window: Duration,
) -> QueryResult<DateTime<Utc>> {
    let last_sent: Option<DateTime<Utc>> = comment_notifications::table
        .filter(comment_notifications::reader_id.eq(reader_id))
        .filter(comment_notifications::article_id.eq(article_id))
        .select(diesel::dsl::max(comment_notifications::sent_at))
        .first(conn)
        .await?;
    Ok(last_sent.map_or(now, |sent| (sent + window).max(now)))
}

/// Schedules the digest of the reader's unsent notifications about the article at `run_at`;
/// a digest already scheduled for them (same first notification) makes this a no-op.
/// Call it under [`lock_reader`].
pub async fn schedule_digest(
    conn: &mut AsyncPgConnection,
    reader_id: i64,
    article_id: i64,
    run_at: DateTime<Utc>,
) -> QueryResult<()> {
    let first: Option<i64> = comment_notifications::table
        .filter(comment_notifications::reader_id.eq(reader_id))
        .filter(comment_notifications::article_id.eq(article_id))
        .filter(comment_notifications::sent_at.is_null())
        .select(diesel::dsl::min(comment_notifications::id))
        .first(conn)
        .await?;
    let Some(first) = first else {
        return Ok(());
    };
    let job = NotifyReader {
        reader_id,
        article_id,
        first_notification: first,
    };
    job.enqueue_at(conn, run_at).await.map(|_| ())
}

/// One comment announced.
#[derive(Debug, Queryable)]
struct Item {
    notification: i64,
    kind: String,
    comment_id: i64,
    name: String,
    body: String,
    status: CommentStatus,
}

/// One comment as the email lists it.
struct Line {
    name: String,
    reply: bool,
    excerpt: String,
    link: String,
}

#[derive(Template)]
#[template(path = "emails/comment_digest.txt", escape = "none")]
struct DigestText<'a> {
    e: &'a EmailMessages,
    site: &'a str,
    name: &'a str,
    article: &'a str,
    lines: &'a [Line],
    unsubscribe: &'a str,
    preferences: &'a str,
}

#[derive(Template)]
#[template(path = "emails/comment_digest.html")]
struct DigestHtml<'a> {
    e: &'a EmailMessages,
    lang: &'a str,
    site: &'a str,
    name: &'a str,
    article: &'a str,
    lines: &'a [Line],
    unsubscribe: &'a str,
    preferences: &'a str,
}

fn excerpt(body: &str) -> String {
    let mut text: String = body.chars().take(EXCERPT).collect();
    if body.chars().count() > EXCERPT {
        text.push('…');
    }
    text
}

/// Marks the notifications sent and schedules a digest for any that arrived meanwhile.
async fn mark_sent(
    conn: &mut AsyncPgConnection,
    reader_id: i64,
    article_id: i64,
    sent: &[i64],
    window: Duration,
) -> QueryResult<()> {
    conn.transaction(async |conn| {
        lock_reader(conn, reader_id).await?;
        let now = Utc::now();
        diesel::update(comment_notifications::table.filter(comment_notifications::id.eq_any(sent)))
            .set(comment_notifications::sent_at.eq(now))
            .execute(conn)
            .await?;
        schedule_digest(conn, reader_id, article_id, now + window).await
    })
    .await
}

/// Mails the reader their unsent notifications about the article, in one email.
async fn send_digest(ctx: &JobContext, reader_id: i64, article_id: i64) -> Result<(), JobError> {
    let mut conn = ctx.connection().await?;
    let items: Vec<Item> = comment_notifications::table
        .inner_join(comments::table)
        .filter(comment_notifications::reader_id.eq(reader_id))
        .filter(comment_notifications::article_id.eq(article_id))
        .filter(comment_notifications::sent_at.is_null())
        .order(comment_notifications::id)
        .select((
            comment_notifications::id,
            comment_notifications::kind,
            comments::id,
            comments::author_name,
            comments::body_markdown,
            comments::status,
        ))
        .load(&mut conn)
        .await?;
    let follow: Option<(i64, String, String, Vec<u8>, String)> = follows::table
        .inner_join(readers::table)
        .inner_join(articles::table)
        .filter(follows::reader_id.eq(reader_id))
        .filter(follows::article_id.eq(article_id))
        .filter(follows::status.eq("active"))
        .select((
            follows::id,
            readers::email,
            readers::name,
            readers::link_salt,
            articles::title,
        ))
        .first(&mut conn)
        .await
        .optional()?;
    let window = Duration::seconds(ctx.settings.comments.notify_window_seconds);
    let sent: Vec<i64> = items.iter().map(|item| item.notification).collect();
    // A comment taken down since, or a follow stopped since: nothing to say about it.
    let shown: Vec<&Item> = items
        .iter()
        .filter(|i| i.status == CommentStatus::Approved)
        .collect();
    let Some((follow_id, email, name, salt, title)) = follow.filter(|_| !shown.is_empty()) else {
        mark_sent(&mut conn, reader_id, article_id, &sent, window).await?;
        return Ok(());
    };
    drop(conn);
    let base = &ctx.settings.site.base_url;
    let lines: Vec<Line> = shown
        .iter()
        .map(|item| Line {
            name: item.name.clone(),
            reply: item.kind == "reply",
            excerpt: excerpt(&item.body),
            link: format!("{base}/comments/{}", item.comment_id),
        })
        .collect();
    let token = ctx.links.scoped_token(FOLLOW_SCOPE, follow_id, &salt);
    let unsubscribe = format!("{base}/follows/unsubscribe/{token}");
    let preferences = format!(
        "{base}/newsletter/preferences/{}",
        ctx.links.token(reader_id, &salt)
    );
    let t = ctx.settings.site.locale.messages();
    let site = &ctx.settings.site.title;
    let to = mailbox(&name, &email)?;
    let clean_name = to.name.clone().unwrap_or_default();
    let subject = if lines.iter().all(|line| line.reply) {
        t.notify_reply_subject
    } else {
        t.notify_comment_subject
    };
    let (site, article, lines) = (site.as_str(), title.as_str(), lines.as_slice());
    let message = OutgoingEmail {
        to,
        subject: format!("{subject} — {title}"),
        text: DigestText {
            e: &t.emails,
            site,
            name: &clean_name,
            article,
            lines,
            unsubscribe: &unsubscribe,
            preferences: &preferences,
        }
        .render()
        .map_err(JobError::render)?,
        html: DigestHtml {
            e: &t.emails,
            lang: ctx.settings.site.locale.code(),
            site,
            name: &clean_name,
            article,
            lines,
            unsubscribe: &unsubscribe,
            preferences: &preferences,
        }
        .render()
        .map_err(JobError::render)?,
        headers: vec![
            ("List-Unsubscribe", format!("<{unsubscribe}>")),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()),
            ("Auto-Submitted", "auto-generated".into()),
        ],
        message_id: None,
    };
    ctx.mailer.send(&message).await?;
    let mut conn = ctx.connection().await?;
    mark_sent(&mut conn, reader_id, article_id, &sent, window).await?;
    tracing::info!(
        reader_id,
        article_id,
        comments = lines.len(),
        "comment notifications mailed"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{EXCERPT, excerpt};

    #[test]
    fn a_long_comment_is_cut_on_a_character_with_an_ellipsis() {
        assert_eq!(excerpt("Court."), "Court.");
        let long = "é".repeat(EXCERPT + 5);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT + 1);
        assert!(cut.ends_with('…'));
    }
}
