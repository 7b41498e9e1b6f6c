//! One outgoing email: rendered text and HTML, its recipient and its extra headers.

use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

/// An email ready to send.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    /// The recipient.
    pub to: Mailbox,
    /// The subject (UTF-8; encoded by lettre).
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part.
    pub html: String,
    /// Extra headers such as `List-Unsubscribe`; names are ASCII constants.
    pub headers: Vec<(&'static str, String)>,
    /// A deterministic Message-ID (`<id@domain>`), or a random one at the sender's domain.
    pub message_id: Option<String>,
}

impl OutgoingEmail {
    /// The MIME message from `from`.
    pub fn build(&self, from: &Mailbox) -> Result<Message, lettre::error::Error> {
        let mut builder = Message::builder()
            .from(from.clone())
            .to(self.to.clone())
            .subject(self.subject.replace(['\r', '\n'], " "))
            .message_id(self.message_id.clone().or_else(|| random_id(from)));
        for (name, value) in &self.headers {
            let clean = value.replace(['\r', '\n'], " ");
            builder = builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str(name),
                clean,
            ));
        }
        builder.multipart(MultiPart::alternative_plain_html(
            self.text.clone(),
            self.html.clone(),
        ))
    }

    /// The links of the text part, for the log of the file transport.
    pub fn links(&self) -> Vec<&str> {
        self.text
            .split_whitespace()
            .filter(|word| word.starts_with("http://") || word.starts_with("https://"))
            .collect()
    }
}

/// A random Message-ID at the sender's domain: lettre's own names the machine's host (a bare
/// `@vm` that spam filters hold against the message). `None` (lettre's) without randomness.
fn random_id(from: &Mailbox) -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!("<{id}@{}>", from.email.domain()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_cannot_be_injected_through_the_subject_or_a_header() {
        let email = OutgoingEmail {
            to: "Claire <claire@example.org>".parse().unwrap(),
            subject: "Bonjour\r\nBcc: victim@example.org".into(),
            text: "Lien : https://example.org/x".into(),
            html: "<p>Lien</p>".into(),
            headers: vec![(
                "List-Unsubscribe",
                "<https://example.org/u>\r\nBcc: other@example.org".into(),
            )],
            message_id: Some("<n1.r2@example.org>".into()),
        };
        let raw = String::from_utf8(
            email
                .build(&"Sillage <s@example.org>".parse().unwrap())
                .unwrap()
                .formatted(),
        )
        .unwrap();
        assert!(!raw.contains("\r\nBcc:"), "{raw}");
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("Message-ID: <n1.r2@example.org>"), "{raw}");
        assert_eq!(email.links(), vec!["https://example.org/x"]);
    }

    #[test]
    fn a_message_without_its_own_id_gets_a_random_one_at_the_sender_s_domain() {
        let email = OutgoingEmail {
            to: "Claire <claire@example.org>".parse().unwrap(),
            subject: "Bonjour".into(),
            text: "Bonjour".into(),
            html: "<p>Bonjour</p>".into(),
            headers: Vec::new(),
            message_id: None,
        };
        let from: Mailbox = "Sillage <lettre@sillage.example>".parse().unwrap();
        let ids: Vec<String> = (0..2)
            .map(|_| {
                let raw = String::from_utf8(email.build(&from).unwrap().formatted()).unwrap();
                raw.lines()
                    .find_map(|line| line.strip_prefix("Message-ID: "))
                    .unwrap()
                    .to_owned()
            })
            .collect();
        for id in &ids {
            assert!(
                id.starts_with('<') && id.ends_with("@sillage.example>"),
                "{id}"
            );
        }
        assert_ne!(ids[0], ids[1]);
    }
}
