//! The delivery worker's step: claim a small batch from the ledger, render each newsletter
//! once (its links through counted redirects when clicks are counted), personalise it per
//! recipient by replacing a marker with the reader's link token, send through the pooled
//! mailer, and commit each outcome as it comes.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use askama::Template;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use lettre::message::Mailbox;

use crate::i18n::Messages;
use crate::jobs::JobContext;
use crate::mail::{OutgoingEmail, SendError, mailbox};
use crate::newsletter::clicks::track_links;
use crate::newsletter::model::Newsletter;
use crate::newsletter::sending::ledger::{self, Claimed};
use crate::newsletter::sending::outcome;
use crate::readers::model::Reader;
use crate::test_links::TEST_TOKEN;

/// Stands for the reader's link token in the rendered email until personalisation.
const TOKEN_MARKER: &str = "__SILLAGE_READER_TOKEN__";

#[derive(Template)]
#[template(path = "emails/newsletter.html")]
struct NewsletterHtml<'a> {
    lang: &'a str,
    t: &'a Messages,
    site: &'a str,
    subject: &'a str,
    preheader: &'a str,
    body_html: &'a str,
    preferences: &'a str,
    unsubscribe: &'a str,
}

#[derive(Template)]
#[template(path = "emails/newsletter.txt", escape = "none")]
struct NewsletterText<'a> {
    t: &'a Messages,
    site: &'a str,
    subject: &'a str,
    body_text: &'a str,
    preferences: &'a str,
    unsubscribe: &'a str,
}

/// A newsletter rendered once, with [`TOKEN_MARKER`] where each reader's token goes.
struct Rendered {
    subject: String,
    html: String,
    text: String,
    unsubscribe: String,
}

fn render(ctx: &JobContext, newsletter: &Newsletter) -> askama::Result<Rendered> {
    let base = &ctx.settings.site.base_url;
    let preferences = format!("{base}/newsletter/preferences/{TOKEN_MARKER}");
    // The send rides along so that an unsubscribe can be told to come from it.
    let unsubscribe = format!(
        "{base}/newsletter/unsubscribe/{TOKEN_MARKER}?send={}",
        newsletter.id
    );
    let locale = ctx.settings.site.locale;
    let (t, site) = (locale.messages(), ctx.settings.site.title.as_str());
    let html = NewsletterHtml {
        lang: locale.code(),
        t,
        site,
        subject: &newsletter.subject,
        preheader: &newsletter.preheader,
        body_html: &newsletter.body_html,
        preferences: &preferences,
        unsubscribe: &unsubscribe,
    }
    .render()?;
    let text = NewsletterText {
        t,
        site,
        subject: &newsletter.subject,
        body_text: &newsletter.body_text,
        preferences: &preferences,
        unsubscribe: &unsubscribe,
    }
    .render()?;
    Ok(Rendered {
        subject: newsletter.subject.clone(),
        html,
        text,
        unsubscribe,
    })
}

/// The newsletter as a test to `to`: the subject prefixed with `[Test]`, no reader's token in
/// its links (they lead to the "invalid link" page), no `List-Unsubscribe`, and a Message-ID
/// of lettre's making, as it is no delivery of the ledger.
pub fn test_email(
    ctx: &JobContext,
    newsletter: &Newsletter,
    to: Mailbox,
) -> askama::Result<OutgoingEmail> {
    let rendered = render(ctx, newsletter)?;
    Ok(OutgoingEmail {
        to,
        subject: format!("[Test] {}", rendered.subject),
        text: rendered.text.replace(TOKEN_MARKER, TEST_TOKEN),
        html: rendered.html.replace(TOKEN_MARKER, TEST_TOKEN),
        headers: Vec::new(),
        message_id: None,
    })
}

/// The Message-ID of one newsletter to one reader: the same on every attempt, so a duplicate
/// after a crash is recognisable.
pub fn message_id(newsletter_id: i64, reader_id: i64, from: &Mailbox) -> String {
    format!(
        "<newsletter.{newsletter_id}.{reader_id}@{}>",
        from.email.domain()
    )
}

fn personalise(
    ctx: &JobContext,
    rendered: &Rendered,
    claimed: &Claimed,
    reader: &Reader,
) -> Result<OutgoingEmail, SendError> {
    let token = ctx.links.token(reader.id, &reader.link_salt);
    Ok(OutgoingEmail {
        to: mailbox(&reader.name, &reader.email)?,
        subject: rendered.subject.clone(),
        text: rendered.text.replace(TOKEN_MARKER, &token),
        html: rendered.html.replace(TOKEN_MARKER, &token),
        headers: vec![
            (
                "List-Unsubscribe",
                format!("<{}>", rendered.unsubscribe.replace(TOKEN_MARKER, &token)),
            ),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()),
        ],
        message_id: Some(message_id(
            claimed.newsletter_id,
            reader.id,
            ctx.mailer.from(),
        )),
    })
}

/// Sends one claimed delivery and records its outcome on a connection of its own, so that the
/// sends of a batch overlap with the records of the others and only messages in flight are
/// ever unrecorded. Once the worker is stopping, a delivery not yet begun is handed back.
async fn deliver(
    ctx: &JobContext,
    rendered: &Rendered,
    reader: Option<&Reader>,
    claimed: Claimed,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let c = &claimed;
    // An erased reader's ledger row went with them.
    let Some(reader) = reader else { return Ok(()) };
    if ctx.is_stopping() {
        let mut conn = ctx.pool.get().await?;
        return Ok(outcome::release(&mut conn, c).await?);
    }
    let outcome = match personalise(ctx, rendered, c, reader) {
        Ok(email) => ctx.mailer.send(&email).await,
        Err(error) => Err(error),
    };
    let mut conn = ctx.pool.get().await?;
    match outcome {
        Ok(response) => outcome::record_sent(&mut conn, c, &response, now).await?,
        Err(SendError::Transient(error)) => {
            tracing::warn!(newsletter_id = c.newsletter_id, reader_id = c.reader_id, attempt = c.attempts, error = %error, "delivery deferred");
            outcome::record_retry(&mut conn, c, &error, now).await?;
        }
        Err(SendError::Permanent(error)) => {
            tracing::warn!(newsletter_id = c.newsletter_id, reader_id = c.reader_id, error = %error, "delivery refused");
            outcome::record_bounce(&mut conn, c, &error, now).await?;
        }
        // Nothing was tried: the delivery waits for the server, its attempts untouched.
        Err(SendError::Unavailable(_)) => outcome::release(&mut conn, c).await?,
    }
    Ok(())
}

/// Claims up to `limit` deliveries at `now`, sends them (as many at once as the SMTP pool has
/// connections) and records each outcome as it comes; returns how many were claimed.
pub async fn run_batch(ctx: &JobContext, now: DateTime<Utc>, limit: i64) -> anyhow::Result<usize> {
    if ctx.is_stopping() || ctx.mailer.unreachable_for().is_some() {
        return Ok(0);
    }
    let max_bounces = ctx.settings.newsletter.max_hard_bounces;
    let mut conn = ctx.pool.get().await?;
    let claimed = ledger::claim(&mut conn, now, limit, max_bounces).await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let mut rendered = HashMap::new();
    for c in &claimed {
        if let Entry::Vacant(slot) = rendered.entry(c.newsletter_id) {
            let mut newsletter = Newsletter::by_id(&mut conn, c.newsletter_id).await?;
            if ctx.settings.analytics.newsletter_clicks {
                let base = &ctx.settings.site.base_url;
                newsletter = track_links(&mut conn, &ctx.links, base, newsletter).await?;
            }
            slot.insert(render(ctx, &newsletter)?);
        }
    }
    let ids: Vec<i64> = claimed.iter().map(|c| c.reader_id).collect();
    let readers: HashMap<i64, Reader> = Reader::by_ids(&mut conn, &ids)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    // Back to the pool: each delivery records its outcome on a connection of its own.
    drop(conn);
    let concurrency = usize::try_from(ctx.settings.smtp.connections)
        .unwrap_or(1)
        .max(1);
    // Futures built up front: a stream of closures trips the compiler's `Send` inference.
    let sends: Vec<_> = claimed
        .iter()
        .map(|c| {
            deliver(
                ctx,
                &rendered[&c.newsletter_id],
                readers.get(&c.reader_id),
                *c,
                now,
            )
        })
        .collect();
    let outcomes: Vec<anyhow::Result<()>> = futures_util::stream::iter(sends)
        .buffer_unordered(concurrency)
        .collect()
        .await;
    outcomes.into_iter().collect::<anyhow::Result<Vec<()>>>()?;
    Ok(claimed.len())
}
