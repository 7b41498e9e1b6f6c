//! Outgoing email through lettre: an SMTP pool (STARTTLS or TLS, paced to the configured rate,
//! see [`smtp_pool`]) in production, `.eml` files under the data directory by default so that a first run needs
//! no mail server. Every email is multipart (plain text and HTML) from an askama pair.

pub mod link_key;
pub mod message;
pub mod recipient;
pub mod smtp_pool;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::mail::smtp_pool::SmtpPool;
use crate::settings::{MailTransport, Settings};

pub use message::OutgoingEmail;
pub use recipient::mailbox;

/// Why a message did not leave.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Worth retrying later: a 4xx answer, a dropped connection, a full disk.
    #[error("temporary failure: {0}")]
    Transient(String),
    /// The server refused the message for good (5xx): retrying changes nothing.
    #[error("permanent failure: {0}")]
    Permanent(String),
    /// The server could not be reached: nothing was tried for this message, which goes out
    /// once the server answers again.
    #[error("SMTP server unreachable: {0}")]
    Unavailable(String),
}

enum Transport {
    Smtp(Box<SmtpPool>),
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// Sends email; cheap to share between tasks.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    interval: Duration,
    next_slot: Mutex<Instant>,
}

impl Mailer {
    /// Builds the configured transport.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let from: Mailbox = settings
            .mail
            .from
            .parse()
            .context("mail.from is not an address")?;
        let (transport, rate) = match settings.mail.transport {
            MailTransport::Smtp => (
                Transport::Smtp(Box::new(SmtpPool::new(&settings.smtp).context("smtp")?)),
                settings.smtp.rate,
            ),
            MailTransport::File => {
                let dir = settings.data_dir.join("mail");
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
                // Readers' addresses and links: for this user's eyes only.
                std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
                    .with_context(|| format!("cannot restrict {}", dir.display()))?;
                (
                    Transport::File(AsyncFileTransport::new(&dir), dir),
                    u32::MAX,
                )
            }
        };
        Ok(Self {
            transport,
            from,
            interval: Duration::from_secs(1) / rate.max(1),
            next_slot: Mutex::new(Instant::now()),
        })
    }

    /// Whether mail really leaves the machine (the `smtp` transport).
    pub fn delivers(&self) -> bool {
        matches!(self.transport, Transport::Smtp(_))
    }

    /// How long until the SMTP server, which could not be reached, is tried again; `None`
    /// when it is not waited for.
    pub fn unreachable_for(&self) -> Option<Duration> {
        match &self.transport {
            Transport::Smtp(pool) => pool.unreachable_for(),
            Transport::File(..) => None,
        }
    }

    /// The sender of every email.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// Sends one message, waiting for its slot under the configured rate; returns the server's
    /// answer (the file transport answers with the file's name).
    pub async fn send(&self, email: &OutgoingEmail) -> Result<String, SendError> {
        let message: Message = email
            .build(&self.from)
            .map_err(|e| SendError::Permanent(format!("cannot build the message: {e}")))?;
        // A server waited for costs no slot of the rate.
        if let Some(wait) = self.unreachable_for() {
            return Err(SendError::Unavailable(format!(
                "the SMTP server could not be reached; next try in {} s",
                wait.as_secs().max(1)
            )));
        }
        self.wait_for_slot().await;
        match &self.transport {
            Transport::Smtp(pool) => pool.send(message.envelope(), &message.formatted()).await,
            Transport::File(file, dir) => {
                let id = file
                    .send(message)
                    .await
                    .map_err(|e| SendError::Transient(e.to_string()))?;
                let path = dir.join(format!("{id}.eml"));
                tokio::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                    .await
                    .map_err(|e| SendError::Transient(format!("cannot restrict the file: {e}")))?;
                tracing::info!(file = %path.display(), links = ?email.links(), "email written to a file");
                Ok(format!("{id}.eml"))
            }
        }
    }

    async fn wait_for_slot(&self) {
        let mut next = self.next_slot.lock().await;
        let now = Instant::now();
        let slot = (*next).max(now);
        *next = slot + self.interval;
        drop(next);
        tokio::time::sleep_until(slot).await;
    }
}
