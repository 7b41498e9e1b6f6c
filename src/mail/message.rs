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
    /// A deterministic Message-ID (`<id@domain>`), or one made up by lettre.
    pub message_id: Option<String>,
}

impl OutgoingEmail {
    /// The MIME message from `from`.
    pub fn build(&self, from: &Mailbox) -> Result<Message, lettre::error::Error> {
        let mut builder = Message::builder()
            .from(from.clone())
            .to(self.to.clone())
            .subject(self.subject.replace(['\r', '\n'], " "))
            .message_id(self.message_id.clone());
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
}
