//! Outgoing email through lettre: an SMTP pool (STARTTLS or TLS, paced to the configured rate)
//! in production, `.eml` files under the data directory by default so that a first run needs
//! no mail server. Every email is multipart (plain text and HTML) from an askama pair.

pub mod message;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::settings::{MailTransport, Settings, SmtpTls};

pub use message::OutgoingEmail;

/// Why a message did not leave.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Worth retrying later: a 4xx answer, a dropped connection, a full disk.
    #[error("temporary failure: {0}")]
    Transient(String),
    /// The server refused the message for good (5xx): retrying changes nothing.
    #[error("permanent failure: {0}")]
    Permanent(String),
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
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
                Transport::Smtp(smtp_transport(settings)?),
                settings.smtp.rate,
            ),
            MailTransport::File => {
                let dir = settings.data_dir.join("mail");
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
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
        self.wait_for_slot().await;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|response| {
                    let text: Vec<&str> = response.message().collect();
                    format!("{} {}", response.code(), text.join(" "))
                })
                .map_err(|error| {
                    if error.is_permanent() {
                        SendError::Permanent(error.to_string())
                    } else {
                        SendError::Transient(error.to_string())
                    }
                }),
            Transport::File(file, dir) => {
                let id = file
                    .send(message)
                    .await
                    .map_err(|e| SendError::Transient(e.to_string()))?;
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), links = ?email.links(), "email written to a file");
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

fn smtp_transport(settings: &Settings) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let smtp = &settings.smtp;
    let builder = match smtp.tls {
        SmtpTls::None => {
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.as_str())
        }
        SmtpTls::Starttls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host).context("smtp.host")?
        }
        SmtpTls::Tls => {
            AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).context("smtp.host")?
        }
    };
    let mut builder = builder
        .port(smtp.port)
        .timeout(Some(Duration::from_secs(smtp.timeout_seconds)))
        .pool_config(PoolConfig::new().max_size(smtp.connections));
    if !smtp.username.is_empty() {
        builder = builder.credentials(Credentials::new(
            smtp.username.clone(),
            smtp.password.expose().to_owned(),
        ));
    }
    Ok(builder.build())
}
