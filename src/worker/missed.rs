//! The scheduler's watch: a newsletter send whose time passed by more than an hour while no
//! worker ran (it now waits for the author), or an article published late for the same reason,
//! is mailed to the author once, through the job queue. The admin shows both as well.

use askama::Template;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};

use crate::auth::author::Author;
use crate::jobs::{Job, JobContext, JobError};
use crate::mail::{OutgoingEmail, mailbox};
use crate::newsletter::model::LATE;
use crate::schema::{articles, newsletters};

/// The job that mails the author about a missed schedule.
#[derive(Debug, Serialize, Deserialize)]
pub struct MissedSchedule {
    /// What was missed.
    #[serde(flatten)]
    pub missed: Missed,
    /// Its due time (Unix seconds): missed again after a new schedule, it is reported again.
    #[serde(default)]
    pub due: i64,
}

/// A send or a publication whose time passed while no worker ran.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Missed {
    /// A scheduled newsletter send, now waiting for the author.
    Newsletter {
        /// The newsletter.
        newsletter_id: i64,
    },
    /// A scheduled article, published late.
    Article {
        /// The article.
        article_id: i64,
    },
}

impl Job for MissedSchedule {
    const KIND: &'static str = "schedule.missed";

    fn dedupe_key(&self) -> Option<String> {
        let (what, id) = match self.missed {
            Missed::Newsletter { newsletter_id } => ("newsletter", newsletter_id),
            Missed::Article { article_id } => ("article", article_id),
        };
        Some(format!("{}.{what}.{id}.{}", Self::KIND, self.due))
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        send_missed_notice(ctx, &self.missed).await
    }
}

/// Queues a notice for each send overdue at `now` and not yet reported. The key carries the
/// due time, so a send rescheduled and missed again is reported again.
pub async fn report_overdue_sends(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    let overdue: Vec<(i64, Option<DateTime<Utc>>)> = newsletters::table
        .filter(newsletters::started_at.is_null())
        .filter(newsletters::cancelled_at.is_null())
        .filter(newsletters::scheduled_at.lt(now - LATE))
        .select((newsletters::id, newsletters::scheduled_at))
        .load(conn)
        .await?;
    let mut queued = 0;
    for (id, due) in overdue {
        let job = MissedSchedule {
            missed: Missed::Newsletter { newsletter_id: id },
            due: due.map_or(0, |d| d.timestamp()),
        };
        if job.enqueue(conn).await? {
            tracing::warn!(newsletter_id = id, due_at = ?due, "missed schedule: send waits for the author");
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues a notice about an article published late (its due time passed while nothing ran).
pub async fn report_late_publication(
    conn: &mut AsyncPgConnection,
    article_id: i64,
    due: DateTime<Utc>,
) -> QueryResult<bool> {
    let job = MissedSchedule {
        missed: Missed::Article { article_id },
        due: due.timestamp(),
    };
    job.enqueue(conn).await
}

#[derive(Template)]
#[template(path = "emails/missed.txt", escape = "none")]
struct MissedText<'a> {
    notice: &'a Notice,
}

#[derive(Template)]
#[template(path = "emails/missed.html")]
struct MissedHtml<'a> {
    lang: &'a str,
    notice: &'a Notice,
}

/// A moment that may not have come.
type At = Option<DateTime<Utc>>;

/// What the email says.
struct Notice {
    subject: String,
    lead: String,
    action: &'static str,
    link: String,
}

async fn notice(
    ctx: &JobContext,
    conn: &mut AsyncPgConnection,
    missed: &Missed,
) -> Result<Option<Notice>, JobError> {
    let (t, base) = (
        ctx.settings.site.locale.messages(),
        &ctx.settings.site.base_url,
    );
    let zone = ctx.settings.site.timezone;
    let local = |at: DateTime<Utc>| at.with_timezone(&zone).format("%d/%m/%Y %H:%M").to_string();
    let id = match *missed {
        Missed::Article { article_id } => article_id,
        Missed::Newsletter { newsletter_id: id } => {
            let found: Option<(String, At, At, At)> = newsletters::table
                .find(id)
                .select((
                    newsletters::subject,
                    newsletters::scheduled_at,
                    newsletters::started_at,
                    newsletters::cancelled_at,
                ))
                .first(conn)
                .await
                .optional()?;
            // Already sent or cancelled by the author: nothing to say any more.
            let Some((subject, Some(due), None, None)) = found else {
                return Ok(None);
            };
            return Ok(Some(Notice {
                subject: format!("{} : {subject}", t.missed_send_subject),
                lead: t
                    .missed_send_lead
                    .replace("{subject}", &subject)
                    .replace("{due}", &local(due)),
                action: t.missed_send_action,
                link: format!("{base}/admin/newsletters/{id}"),
            }));
        }
    };
    let found: Option<(String, String, At, At)> = articles::table
        .find(id)
        .select((
            articles::title,
            articles::slug,
            articles::publish_at,
            articles::published_at,
        ))
        .first(conn)
        .await
        .optional()?;
    let Some((title, slug, Some(due), Some(published))) = found else {
        return Ok(None);
    };
    Ok(Some(Notice {
        subject: format!("{} : {title}", t.missed_publication_subject),
        lead: t
            .missed_publication_lead
            .replace("{title}", &title)
            .replace("{due}", &local(due))
            .replace("{published}", &local(published)),
        action: t.missed_publication_action,
        link: format!("{base}/articles/{slug}"),
    }))
}

/// Mails every author account about a missed schedule, unless it was dealt with since.
async fn send_missed_notice(ctx: &JobContext, missed: &Missed) -> Result<(), JobError> {
    let mut conn = ctx.connection().await?;
    let Some(notice) = notice(ctx, &mut conn, missed).await? else {
        return Ok(());
    };
    let recipients = Author::recipients(&mut conn).await?;
    drop(conn);
    let text = MissedText { notice: &notice }
        .render()
        .map_err(JobError::render)?;
    let html = MissedHtml {
        lang: ctx.settings.site.locale.code(),
        notice: &notice,
    }
    .render()
    .map_err(JobError::render)?;
    for (email, name) in recipients {
        let message = OutgoingEmail {
            to: mailbox(&name, &email)?,
            subject: notice.subject.clone(),
            text: text.clone(),
            html: html.clone(),
            headers: vec![("Auto-Submitted", "auto-generated".into())],
            message_id: None,
        };
        ctx.mailer.send(&message).await?;
    }
    Ok(())
}
