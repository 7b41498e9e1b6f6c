//! A real SMTP server on loopback (mailin-embedded, one thread per connection) that keeps what
//! it receives, and can be told to refuse the next recipients with a temporary (451) or
//! permanent (550) error, or to drop the connection (421).
//!
//! Clients reach it through a front port that passes each connection on to the server. The
//! front can be taken down ([`SmtpSink::stop`]) and brought back ([`SmtpSink::restart`]) on
//! the same port: a mail server that goes away in the middle of a send, then returns.

use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mailin_embedded::{Handler, Response, Server};

/// One received message.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// The envelope recipients.
    pub to: Vec<String>,
    /// The message as sent.
    pub raw: Vec<u8>,
    /// When the server accepted it.
    pub at: Instant,
}

impl ReceivedMail {
    /// The parsed message.
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.raw)
            .expect("a parsable message")
    }

    /// The decoded plain-text part.
    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .expect("a text part")
            .into_owned()
    }

    /// The first link of the text part that contains `needle`.
    pub fn link(&self, needle: &str) -> String {
        self.text()
            .split_whitespace()
            .find(|word| word.starts_with("http") && word.contains(needle))
            .unwrap_or_else(|| panic!("no link with {needle} in {}", self.text()))
            .to_owned()
    }

    /// A header's raw value.
    pub fn header(&self, name: &str) -> Option<String> {
        self.parsed().header_raw(name).map(|v| v.trim().to_owned())
    }
}

#[derive(Clone)]
struct Collector {
    inbox: Arc<Mutex<Vec<ReceivedMail>>>,
    refusals: Arc<AtomicUsize>,
    refusal_code: Arc<AtomicU16>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collector {
    fn rcpt(&mut self, _to: &str) -> Response {
        let refuse = self
            .refusals
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        match (refuse, self.refusal_code.load(Ordering::SeqCst)) {
            (false, _) => mailin_embedded::response::OK,
            (true, code) if code >= 500 => mailin_embedded::response::NO_MAILBOX,
            // 421: the server gives up and closes the connection in the middle of the message.
            (true, 421) => mailin_embedded::response::NO_SERVICE,
            (true, _) => mailin_embedded::response::INTERNAL_ERROR,
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mail = ReceivedMail {
            to: std::mem::take(&mut self.to),
            raw: std::mem::take(&mut self.data),
            at: Instant::now(),
        };
        self.inbox.lock().expect("inbox lock").push(mail);
        mailin_embedded::response::OK
    }
}

/// The running server.
pub struct SmtpSink {
    /// Its port on 127.0.0.1.
    pub port: u16,
    inbox: Arc<Mutex<Vec<ReceivedMail>>>,
    refusals: Arc<AtomicUsize>,
    refusal_code: Arc<AtomicU16>,
    front: Arc<Front>,
}

/// The front port's state: whether the server is down, the connections it closed meanwhile,
/// and the client side of the sessions it passed on (cut when it goes down).
#[derive(Default)]
struct Front {
    down: AtomicBool,
    closed: AtomicUsize,
    sessions: Mutex<Vec<TcpStream>>,
}

impl Front {
    /// Accepts connections on `listener` and passes them on to the server at `server_port`;
    /// while down, closes each at once, before the server's greeting.
    fn serve(&self, listener: &TcpListener, server_port: u16) {
        for client in listener.incoming().filter_map(Result::ok) {
            if self.down.load(Ordering::SeqCst) {
                self.closed.fetch_add(1, Ordering::SeqCst);
                let _ = client.shutdown(Shutdown::Both);
                continue;
            }
            let Ok(server) = TcpStream::connect(("127.0.0.1", server_port)) else {
                continue;
            };
            for stream in [&client, &server] {
                let _ = stream.set_nodelay(true);
            }
            let (Ok(kept), Ok(client_out), Ok(server_out)) =
                (client.try_clone(), client.try_clone(), server.try_clone())
            else {
                continue;
            };
            self.sessions.lock().expect("sessions lock").push(kept);
            std::thread::spawn(move || pipe(client, server_out));
            std::thread::spawn(move || pipe(server, client_out));
        }
    }
}

/// Copies `from` to `to` until either side closes, then closes both ways.
fn pipe(mut from: TcpStream, mut to: TcpStream) {
    let _ = std::io::copy(&mut from, &mut to);
    let _ = to.flush();
    let _ = to.shutdown(Shutdown::Both);
    let _ = from.shutdown(Shutdown::Both);
}

impl SmtpSink {
    /// Starts a server on a free loopback port (it lives as long as the test process).
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let server_port = listener.local_addr().expect("an address").port();
        let front_listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = front_listener.local_addr().expect("an address").port();
        let front = Arc::new(Front::default());
        let collector = Collector {
            inbox: Arc::default(),
            refusals: Arc::default(),
            refusal_code: Arc::new(AtomicU16::new(451)),
            to: Vec::new(),
            data: Vec::new(),
        };
        let sink = Self {
            port,
            inbox: collector.inbox.clone(),
            refusals: collector.refusals.clone(),
            refusal_code: collector.refusal_code.clone(),
            front: front.clone(),
        };
        let mut server = Server::new(collector);
        server
            .with_name("sink.test")
            // Each pooled client connection holds a thread while it idles: room for several mailers.
            .with_num_threads(32)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        std::thread::spawn(move || front.serve(&front_listener, server_port));
        sink
    }

    /// Takes the server down: the sessions open are cut where they stand, and every new
    /// connection is closed before the greeting until [`SmtpSink::restart`].
    pub fn stop(&self) {
        self.front.down.store(true, Ordering::SeqCst);
        for session in self.front.sessions.lock().expect("sessions lock").drain(..) {
            let _ = session.shutdown(Shutdown::Both);
        }
    }

    /// Brings the server back on the same port.
    pub fn restart(&self) {
        self.front.down.store(false, Ordering::SeqCst);
    }

    /// How many connections were closed unanswered while the server was down.
    pub fn closed_while_down(&self) -> usize {
        self.front.closed.load(Ordering::SeqCst)
    }

    /// Refuses the next `count` messages with `code` (4xx: try later; 5xx: never; 421 also
    /// drops the connection).
    pub fn refuse_next(&self, count: usize, code: u16) {
        self.refusal_code.store(code, Ordering::SeqCst);
        self.refusals.store(count, Ordering::SeqCst);
    }

    /// What arrived so far.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.inbox.lock().expect("inbox lock").clone()
    }

    /// Waits until at least `count` messages arrived (10 s at most) and returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} messages, got {}",
                messages.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
