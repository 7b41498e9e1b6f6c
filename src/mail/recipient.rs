//! The one way to build a recipient's [`Mailbox`]: the display name is cleaned of what a mail
//! header cannot carry (control characters such as CR and LF, quotes and angle brackets), so
//! no stored name can make a message fail to build; only an unusable address is refused.

use lettre::message::Mailbox;

use crate::mail::SendError;

/// The mailbox `name <email>`; an empty or blank name gives a bare address.
pub fn mailbox(name: &str, email: &str) -> Result<Mailbox, SendError> {
    let address = email
        .parse()
        .map_err(|e| SendError::Permanent(format!("stored address unusable: {e}")))?;
    Ok(Mailbox::new(display_name(name), address))
}

/// The name as a header may carry it: runs of whitespace, control characters and the
/// characters lettre would have to escape become one space.
fn display_name(name: &str) -> Option<String> {
    let cleaned = name
        .split(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::mailbox;

    #[test]
    fn a_name_with_line_breaks_still_makes_a_mailbox_that_formats() {
        let mailbox =
            mailbox("Claire\r\nBcc: victim@example.org", "claire@example.org").expect("a mailbox");
        assert_eq!(
            mailbox.to_string(),
            "\"Claire Bcc: victim@example.org\" <claire@example.org>"
        );
    }

    #[test]
    fn control_characters_and_quotes_leave_the_name() {
        let mailbox = mailbox(" \u{0}Jean \"JJ\"\t<Dupont> ", "jj@example.org").expect("a mailbox");
        assert_eq!(mailbox.name.as_deref(), Some("Jean JJ Dupont"));
    }

    #[test]
    fn a_blank_name_gives_a_bare_address() {
        let mailbox = mailbox(" \r\n ", "jj@example.org").expect("a mailbox");
        assert_eq!(mailbox.name, None);
        assert_eq!(mailbox.to_string(), "jj@example.org");
    }

    #[test]
    fn an_unusable_address_is_a_permanent_failure() {
        assert!(matches!(
            mailbox("Jean", "not an address"),
            Err(crate::mail::SendError::Permanent(_))
        ));
    }
}
