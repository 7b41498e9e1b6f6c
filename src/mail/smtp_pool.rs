//! A pool of SMTP connections whose sockets send at once (`TCP_NODELAY`), speaking lettre's
//! SMTP client.
//!
//! lettre's own pool opens its sockets with Nagle's algorithm on. The end of every message is
//! a second small write (the closing dot) sent while the body is still unacknowledged, so it
//! waits for the server's delayed acknowledgement, 40 ms on Linux: one connection could not
//! pass about 20 messages a second. This pool opens the plain and STARTTLS sockets itself, turns
//! Nagle off, and hands them to lettre's `AsyncSmtpConnection`, which keeps the protocol.
//! Implicit TLS (port 465) goes through lettre's own connect, Nagle included, until lettre sets
//! the option itself.
//!
//! At most `connections` sessions run at once. A connection goes back to the pool after a
//! message the server accepted; one that failed is dropped (lettre has already closed it). A
//! connection idle for a few seconds is checked with NOOP before use, and one idle for a minute
//! is closed rather than trusted.
//!
//! A server that cannot be reached is not tried again by every message waiting: after a failed
//! connection, the pool opens none for a while ([`UNREACHABLE_FIRST_WAIT`], doubling on each
//! failure up to [`UNREACHABLE_MAX_WAIT`]), then tries one, and answers
//! [`SendError::Unavailable`] meanwhile, so a send waits for the server instead of spending
//! its recipients' attempts.

use std::sync::Mutex;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::time::{Instant, timeout};

use crate::mail::SendError;
use crate::settings::{SmtpSettings, SmtpTls};

/// Idle this long, a connection is checked with NOOP before it carries a message.
const CHECK_AFTER: Duration = Duration::from_secs(5);
/// Idle this long, a connection is closed: servers drop idle sessions after a while.
const CLOSE_AFTER: Duration = Duration::from_secs(60);
/// The wait after a first connection that could not be opened.
pub const UNREACHABLE_FIRST_WAIT: Duration = Duration::from_secs(1);
/// The longest wait between two tries of a server that cannot be reached.
pub const UNREACHABLE_MAX_WAIT: Duration = Duration::from_secs(30);

/// How long to wait before trying again a server that failed `failures` connections in a row.
pub fn unreachable_wait(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    UNREACHABLE_FIRST_WAIT
        .saturating_mul(1 << doublings)
        .min(UNREACHABLE_MAX_WAIT)
}

/// Whether the server could be reached: the connections it failed in a row, and when the next
/// may be tried.
#[derive(Default)]
struct Reach {
    failures: u32,
    retry_at: Option<Instant>,
}

struct Idle {
    connection: AsyncSmtpConnection,
    since: Instant,
}

/// Open SMTP sessions to one server, shared by the tasks that send.
pub struct SmtpPool {
    host: String,
    port: u16,
    tls: SmtpTls,
    tls_parameters: Option<TlsParameters>,
    timeout: Duration,
    hello: ClientId,
    credentials: Option<Credentials>,
    sessions: Semaphore,
    idle: Mutex<Vec<Idle>>,
    reach: Mutex<Reach>,
}

fn transient(what: &str, error: impl std::fmt::Display) -> SendError {
    SendError::Transient(format!("{what}: {error}"))
}

fn classify(error: lettre::transport::smtp::Error) -> SendError {
    if error.is_permanent() {
        SendError::Permanent(error.to_string())
    } else {
        SendError::Transient(error.to_string())
    }
}

impl SmtpPool {
    /// A pool for the configured server; no connection is opened until the first message.
    pub fn new(smtp: &SmtpSettings) -> anyhow::Result<Self> {
        let tls_parameters = match smtp.tls {
            SmtpTls::None => None,
            SmtpTls::Starttls | SmtpTls::Tls => Some(TlsParameters::new(smtp.host.clone())?),
        };
        let credentials = (!smtp.username.is_empty())
            .then(|| Credentials::new(smtp.username.clone(), smtp.password.expose().to_owned()));
        Ok(Self {
            host: smtp.host.clone(),
            port: smtp.port,
            tls: smtp.tls,
            tls_parameters,
            timeout: Duration::from_secs(smtp.timeout_seconds),
            hello: ClientId::default(),
            credentials,
            sessions: Semaphore::new(usize::try_from(smtp.connections).unwrap_or(1).max(1)),
            idle: Mutex::new(Vec::new()),
            reach: Mutex::new(Reach::default()),
        })
    }

    /// Sends one message (`email` is its formatted bytes) and returns the server's answer.
    pub async fn send(&self, envelope: &Envelope, email: &[u8]) -> Result<String, SendError> {
        let _session = self
            .sessions
            .acquire()
            .await
            .map_err(|e| transient("no SMTP session", e))?;
        let mut connection = self.checkout().await?;
        let response = timeout(self.timeout, connection.send(envelope, email))
            .await
            .map_err(|e| transient("SMTP server too slow", e))?
            .map_err(classify)?;
        self.check_in(connection);
        let text: Vec<&str> = response.message().collect();
        Ok(format!("{} {}", response.code(), text.join(" ")))
    }

    /// The most recently used idle connection that still answers, or a new one.
    async fn checkout(&self) -> Result<AsyncSmtpConnection, SendError> {
        loop {
            let idle = self.idle.lock().map_or(None, |mut idle| idle.pop());
            let Some(Idle {
                mut connection,
                since,
            }) = idle
            else {
                return self.connect().await;
            };
            let waited = since.elapsed();
            if waited >= CLOSE_AFTER {
                // The others waited longer still: close them all and start afresh.
                if let Ok(mut idle) = self.idle.lock() {
                    idle.clear();
                }
                connection.abort().await;
                return self.connect().await;
            }
            let alive = waited < CHECK_AFTER
                || timeout(self.timeout, connection.test_connected())
                    .await
                    .unwrap_or(false);
            if alive && !connection.has_broken() {
                return Ok(connection);
            }
        }
    }

    fn check_in(&self, connection: AsyncSmtpConnection) {
        if connection.has_broken() {
            return;
        }
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(Idle {
                connection,
                since: Instant::now(),
            });
        }
    }

    /// How long until a server that could not be reached is tried again, if it is waited for.
    pub fn unreachable_for(&self) -> Option<Duration> {
        let reach = self.reach.lock().ok()?;
        let left = reach.retry_at?.checked_duration_since(Instant::now())?;
        (!left.is_zero()).then_some(left)
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        self.reserve_try()?;
        let opened = timeout(self.timeout, self.open())
            .await
            .map_err(|e| transient("SMTP connection too slow", e))
            .and_then(|opened| opened);
        let reached = !matches!(opened, Err(SendError::Transient(_)));
        if let Ok(mut reach) = self.reach.lock() {
            if reached {
                *reach = Reach::default();
            } else {
                reach.failures = reach.failures.saturating_add(1);
                reach.retry_at = Some(Instant::now() + unreachable_wait(reach.failures));
            }
        }
        opened.map_err(|error| match error {
            SendError::Transient(reason) => SendError::Unavailable(reason),
            other => other,
        })
    }

    /// Refuses to connect while a server that could not be reached is waited for; once the
    /// wait is over, lets one connection try and the others wait for its outcome.
    fn reserve_try(&self) -> Result<(), SendError> {
        let Ok(mut reach) = self.reach.lock() else {
            return Ok(());
        };
        let Some(retry_at) = reach.retry_at else {
            return Ok(());
        };
        let now = Instant::now();
        if now < retry_at {
            return Err(SendError::Unavailable(format!(
                "the SMTP server could not be reached; next try in {} s",
                (retry_at - now).as_secs().max(1)
            )));
        }
        reach.retry_at = Some(now + unreachable_wait(reach.failures.saturating_add(1)));
        Ok(())
    }

    async fn open(&self) -> Result<AsyncSmtpConnection, SendError> {
        let mut connection = if let (SmtpTls::Tls, Some(tls)) = (self.tls, &self.tls_parameters) {
            AsyncSmtpConnection::connect_tokio1(
                (self.host.as_str(), self.port),
                Some(self.timeout),
                &self.hello,
                Some(tls.clone()),
                None,
            )
            .await
            .map_err(classify)?
        } else {
            let socket = TcpStream::connect((self.host.as_str(), self.port))
                .await
                .map_err(|e| transient("cannot reach the SMTP server", e))?;
            socket
                .set_nodelay(true)
                .map_err(|e| transient("socket option", e))?;
            let mut connection =
                AsyncSmtpConnection::connect_with_transport(Box::new(socket), &self.hello)
                    .await
                    .map_err(classify)?;
            if let (SmtpTls::Starttls, Some(tls)) = (self.tls, &self.tls_parameters) {
                connection
                    .starttls(tls.clone(), &self.hello)
                    .await
                    .map_err(classify)?;
            }
            connection
        };
        if let Some(credentials) = &self.credentials {
            connection
                .auth(DEFAULT_MECHANISMS, credentials)
                .await
                .map_err(classify)?;
        }
        Ok(connection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_for_an_unreachable_server_doubles_and_is_capped() {
        let waits: Vec<u64> = [0, 1, 2, 3, 5, 6, 40, u32::MAX]
            .into_iter()
            .map(|failures| unreachable_wait(failures).as_secs())
            .collect();
        assert_eq!(waits, vec![1, 1, 2, 4, 16, 30, 30, 30]);
    }
}
