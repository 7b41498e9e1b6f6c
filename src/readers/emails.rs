//! The newsletter's transactional emails (confirmation, welcome), each an askama text and HTML
//! pair, and the jobs that send them.

use askama::Template;
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};

use crate::i18n::emails::EmailMessages;
use crate::jobs::{Job, JobContext, JobError};
use crate::mail::{OutgoingEmail, mailbox};
use crate::newsletter::welcome::text::WelcomeEmail;
use crate::readers::awaiting::Awaiting;
use crate::readers::model::Reader;

/// The job that mails a confirmation link.
#[derive(Debug, Serialize, Deserialize)]
pub struct SendConfirmation {
    /// Whose address it confirms.
    pub reader_id: i64,
    /// The link's token (cleared from the queue once mailed).
    pub token: String,
}

/// The job that mails the welcome after confirmation.
#[derive(Debug, Serialize, Deserialize)]
pub struct SendWelcome {
    /// Who subscribed.
    pub reader_id: i64,
    /// When they confirmed (Unix seconds): one welcome per confirmation, a double press sends
    /// one.
    #[serde(default)]
    pub confirmed_at: i64,
}

/// Queues the welcome of a reader whose subscription just became active (once per second at
/// most, so a double press sends one).
pub async fn queue_welcome(
    conn: &mut diesel_async::AsyncPgConnection,
    reader_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> diesel::QueryResult<()> {
    let welcome = SendWelcome {
        reader_id,
        confirmed_at: now.timestamp(),
    };
    welcome.enqueue(conn).await.map(|_| ())
}

#[derive(Template)]
#[template(path = "emails/confirm.txt", escape = "none")]
struct ConfirmText<'a> {
    e: &'a EmailMessages,
    lead: &'a str,
    site: &'a str,
    link: &'a str,
    hours: i64,
}

#[derive(Template)]
#[template(path = "emails/confirm.html")]
struct ConfirmHtml<'a> {
    e: &'a EmailMessages,
    lead: &'a str,
    action: &'a str,
    lang: &'a str,
    site: &'a str,
    link: &'a str,
    hours: i64,
}

#[derive(Template)]
#[template(path = "emails/welcome.txt", escape = "none")]
struct WelcomeText<'a> {
    e: &'a EmailMessages,
    site: &'a str,
    name: &'a str,
    body: &'a str,
    preferences: &'a str,
    unsubscribe: &'a str,
}

#[derive(Template)]
#[template(path = "emails/welcome.html")]
struct WelcomeHtml<'a> {
    e: &'a EmailMessages,
    lang: &'a str,
    site: &'a str,
    name: &'a str,
    body_html: &'a str,
    preferences: &'a str,
    unsubscribe: &'a str,
}

fn recipient(reader: &Reader) -> Result<Mailbox, JobError> {
    Ok(mailbox(&reader.name, &reader.email)?)
}

async fn load_reader(ctx: &JobContext, reader_id: i64) -> Result<Option<Reader>, JobError> {
    let mut conn = ctx.connection().await?;
    match Reader::by_id(&mut conn, reader_id).await {
        Ok(reader) => Ok(Some(reader)),
        // Erased meanwhile: nothing to send.
        Err(diesel::result::Error::NotFound) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

impl Job for SendConfirmation {
    const KIND: &'static str = "newsletter.confirm";

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        send_confirmation(ctx, self).await
    }
}

impl Job for SendWelcome {
    const KIND: &'static str = "newsletter.welcome";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("welcome:{}:{}", self.reader_id, self.confirmed_at))
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        send_welcome(ctx, self).await
    }
}

/// Mails the confirmation link of a signup or a follow, worded for what it switches on.
async fn send_confirmation(ctx: &JobContext, job: SendConfirmation) -> Result<(), JobError> {
    let Some(reader) = load_reader(ctx, job.reader_id).await? else {
        return Ok(());
    };
    let token = &job.token;
    let site = &ctx.settings.site.title;
    let link = format!("{}/newsletter/confirm/{token}", ctx.settings.site.base_url);
    let hours = ctx.settings.newsletter.confirm_token_hours;
    let t = ctx.settings.site.locale.messages();
    let mut conn = ctx.connection().await?;
    let awaiting = Awaiting::of(&mut conn, reader.id).await?;
    drop(conn);
    let lead = awaiting.lead(t);
    let email = OutgoingEmail {
        to: recipient(&reader)?,
        subject: format!("{} — {site}", awaiting.subject(t)),
        text: ConfirmText {
            e: &t.emails,
            lead: &lead,
            site,
            link: &link,
            hours,
        }
        .render()
        .map_err(JobError::render)?,
        html: ConfirmHtml {
            e: &t.emails,
            lead: &lead,
            action: awaiting.action(t),
            lang: ctx.settings.site.locale.code(),
            site,
            link: &link,
            hours,
        }
        .render()
        .map_err(JobError::render)?,
        headers: vec![("Auto-Submitted", "auto-generated".into())],
        message_id: None,
    };
    ctx.mailer.send(&email).await?;
    tracing::info!(reader_id = reader.id, "confirmation mailed");
    Ok(())
}

/// Mails the welcome of a confirmed subscriber (the author's text, or the default), with their
/// preferences and unsubscribe links.
async fn send_welcome(ctx: &JobContext, job: SendWelcome) -> Result<(), JobError> {
    let Some(reader) = load_reader(ctx, job.reader_id).await? else {
        return Ok(());
    };
    let t = ctx.settings.site.locale.messages();
    let mut conn = ctx.connection().await?;
    let welcome = WelcomeEmail::current(&mut conn, t, &ctx.settings.site.title).await?;
    drop(conn);
    let body_html = welcome.body_html(t.locale);
    let base = &ctx.settings.site.base_url;
    let token = ctx.links.token(reader.id, &reader.link_salt);
    let preferences = format!("{base}/newsletter/preferences/{token}");
    let unsubscribe = format!("{base}/newsletter/unsubscribe/{token}");
    let site = &ctx.settings.site.title;
    let name = reader.name.as_str();
    let email = OutgoingEmail {
        to: recipient(&reader)?,
        subject: welcome.subject.clone(),
        text: WelcomeText {
            e: &t.emails,
            site,
            name,
            body: &welcome.body_markdown,
            preferences: &preferences,
            unsubscribe: &unsubscribe,
        }
        .render()
        .map_err(JobError::render)?,
        html: WelcomeHtml {
            e: &t.emails,
            lang: ctx.settings.site.locale.code(),
            site,
            name,
            body_html: &body_html,
            preferences: &preferences,
            unsubscribe: &unsubscribe,
        }
        .render()
        .map_err(JobError::render)?,
        headers: vec![
            ("List-Unsubscribe", format!("<{unsubscribe}>")),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()),
        ],
        message_id: None,
    };
    ctx.mailer.send(&email).await?;
    tracing::info!(reader_id = reader.id, "welcome mailed");
    Ok(())
}
