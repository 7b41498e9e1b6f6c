//! The newsletter's transactional emails (confirmation, welcome), each an askama text and HTML
//! pair, and the jobs that send them.

use askama::Template;
use lettre::message::Mailbox;
use serde_json::{Value, json};

use crate::i18n::emails::EmailMessages;
use crate::jobs::runner::{JobContext, JobError};
use crate::mail::OutgoingEmail;
use crate::newsletter::model::Reader;
use crate::newsletter::welcome_text::WelcomeEmail;

/// The job that mails a confirmation link.
pub const CONFIRM_JOB: &str = "newsletter.confirm";
/// The job that mails the welcome after confirmation.
pub const WELCOME_JOB: &str = "newsletter.welcome";

/// Payload of [`CONFIRM_JOB`].
pub fn confirm_payload(reader_id: i64, token: &str) -> Value {
    json!({ "reader_id": reader_id, "token": token })
}

/// Payload of [`WELCOME_JOB`].
pub fn welcome_payload(reader_id: i64) -> Value {
    json!({ "reader_id": reader_id })
}

/// Queues the welcome of a reader whose subscription just became active (once per second at
/// most, so a double press sends one).
pub async fn queue_welcome(
    conn: &mut diesel_async::AsyncPgConnection,
    reader_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> diesel::QueryResult<()> {
    let dedupe = format!("welcome:{reader_id}:{}", now.timestamp());
    crate::jobs::enqueue(conn, WELCOME_JOB, welcome_payload(reader_id), Some(&dedupe))
        .await
        .map(|_| ())
}

#[derive(Template)]
#[template(path = "emails/confirm.txt", escape = "none")]
struct ConfirmText<'a> {
    e: &'a EmailMessages,
    site: &'a str,
    link: &'a str,
    hours: i64,
}

#[derive(Template)]
#[template(path = "emails/confirm.html")]
struct ConfirmHtml<'a> {
    e: &'a EmailMessages,
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
    let name = reader.name.replace(['\r', '\n', '"', '<', '>'], " ");
    let address = reader
        .email
        .parse()
        .map_err(|e| JobError::Permanent(format!("stored address unusable: {e}")))?;
    Ok(Mailbox::new(
        (!name.trim().is_empty()).then(|| name.trim().to_owned()),
        address,
    ))
}

async fn connection(ctx: &JobContext) -> Result<crate::db::DbConn, JobError> {
    ctx.pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))
}

fn reader_id(payload: &Value) -> Result<i64, JobError> {
    payload["reader_id"]
        .as_i64()
        .ok_or_else(|| JobError::Permanent("payload without reader_id".into()))
}

async fn load_reader(ctx: &JobContext, payload: &Value) -> Result<Option<Reader>, JobError> {
    let mut conn = connection(ctx).await?;
    match Reader::by_id(&mut conn, reader_id(payload)?).await {
        Ok(reader) => Ok(Some(reader)),
        // Erased meanwhile: nothing to send.
        Err(diesel::result::Error::NotFound) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Mails the confirmation link of a signup.
pub async fn send_confirmation(ctx: &JobContext, payload: &Value) -> Result<(), JobError> {
    let Some(reader) = load_reader(ctx, payload).await? else {
        return Ok(());
    };
    let token = payload["token"]
        .as_str()
        .ok_or_else(|| JobError::Permanent("payload without token".into()))?;
    let site = &ctx.settings.site.title;
    let link = format!("{}/newsletter/confirm/{token}", ctx.settings.site.base_url);
    let hours = ctx.settings.newsletter.confirm_token_hours;
    let t = ctx.settings.site.locale.messages();
    let email = OutgoingEmail {
        to: recipient(&reader)?,
        subject: format!("{} — {site}", t.newsletter_confirm_subject),
        text: ConfirmText {
            e: &t.emails,
            site,
            link: &link,
            hours,
        }
        .render()
        .map_err(|e| JobError::Permanent(e.to_string()))?,
        html: ConfirmHtml {
            e: &t.emails,
            lang: ctx.settings.site.locale.code(),
            site,
            link: &link,
            hours,
        }
        .render()
        .map_err(|e| JobError::Permanent(e.to_string()))?,
        headers: vec![("Auto-Submitted", "auto-generated".into())],
        message_id: None,
    };
    ctx.mailer.send(&email).await?;
    tracing::info!(reader_id = reader.id, "confirmation mailed");
    Ok(())
}

/// Mails the welcome of a confirmed subscriber (the author's text, or the default), with their
/// preferences and unsubscribe links.
pub async fn send_welcome(ctx: &JobContext, payload: &Value) -> Result<(), JobError> {
    let Some(reader) = load_reader(ctx, payload).await? else {
        return Ok(());
    };
    let t = ctx.settings.site.locale.messages();
    let mut conn = connection(ctx).await?;
    let welcome = WelcomeEmail::current(&mut conn, t, &ctx.settings.site.title).await?;
    drop(conn);
    let body_html = welcome.body_html();
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
        .map_err(|e| JobError::Permanent(e.to_string()))?,
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
        .map_err(|e| JobError::Permanent(e.to_string()))?,
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
