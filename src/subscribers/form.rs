//! The "add a subscriber" form as typed, and the consent choice it shares with the import
//! form: consented elsewhere (with a reason) or sent a confirmation.

use crate::domain::EmailAddress;
use crate::i18n::Messages;
use crate::taxonomy::model::Theme;
use crate::web::form_errors::FormErrors;

/// Longest reason accepted.
const MAX_REASON: usize = 500;

/// How the author vouches for the addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentChoice {
    /// The readers consented elsewhere; the consent text to record.
    Elsewhere(String),
    /// The readers are sent a confirmation.
    Confirm,
}

/// Reads `mode` (`consented` or `confirm`) and `reason`, adding errors to `errors`.
pub fn consent_choice(
    mode: &str,
    reason: &str,
    t: &Messages,
    errors: &mut FormErrors,
) -> Option<ConsentChoice> {
    match mode {
        "confirm" => Some(ConsentChoice::Confirm),
        "consented" => {
            let reason = reason.trim();
            if reason.is_empty()
                || reason.chars().count() > MAX_REASON
                || reason.chars().any(char::is_control)
            {
                errors.add("reason", t.subscribers.error_reason);
                return None;
            }
            Some(ConsentChoice::Elsewhere(format!(
                "{} : {reason}",
                t.subscribers.consent_elsewhere
            )))
        }
        _ => {
            errors.add("mode", t.subscribers.error_mode);
            None
        }
    }
}

/// Checks a name: at most 100 printable characters.
pub fn name_ok(name: &str) -> bool {
    name.chars().count() <= 100 && !name.chars().any(char::is_control)
}

/// The add form as typed.
#[derive(Debug, Clone, Default)]
pub struct SubscriberFields {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// The address.
    pub email: String,
    /// The name.
    pub name: String,
    /// Ticked theme ids.
    pub themes: Vec<String>,
    /// `consented` or `confirm`.
    pub mode: String,
    /// Why the reader counts as having consented.
    pub reason: String,
}

/// The add form, checked.
#[derive(Debug, Clone)]
pub struct CheckedSubscriber {
    /// The address.
    pub email: EmailAddress,
    /// The name, trimmed.
    pub name: String,
    /// Chosen theme ids; empty means all.
    pub theme_ids: Vec<i64>,
    /// How the reader consents.
    pub consent: ConsentChoice,
}

impl SubscriberFields {
    /// Reads the form's pairs (`themes` may repeat).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut fields = Self::default();
        for (key, value) in pairs {
            match key.as_str() {
                "csrf_token" => fields.csrf_token = value,
                "email" => fields.email = value,
                "name" => fields.name = value,
                "themes" => fields.themes.push(value),
                "mode" => fields.mode = value,
                "reason" => fields.reason = value,
                _ => {}
            }
        }
        fields
    }

    /// Checks the form against the existing themes.
    pub fn check(&self, themes: &[Theme], t: &Messages) -> Result<CheckedSubscriber, FormErrors> {
        let mut errors = FormErrors::default();
        let email = EmailAddress::parse(&self.email);
        if email.is_none() {
            errors.add("email", t.error_email_invalid);
        }
        let name = self.name.trim();
        if !name_ok(name) {
            errors.add("name", t.error_name_invalid);
        }
        let theme_ids = Theme::checked_ids(&self.themes, themes).unwrap_or_else(|ids| {
            errors.add("themes", t.error_theme_unknown);
            ids
        });
        let consent = consent_choice(&self.mode, &self.reason, t, &mut errors);
        match (email, consent, errors.is_empty()) {
            (Some(email), Some(consent), true) => Ok(CheckedSubscriber {
                email,
                name: name.to_owned(),
                theme_ids,
                consent,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::FR;

    fn fields(pairs: &[(&str, &str)]) -> SubscriberFields {
        SubscriberFields::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn a_consent_elsewhere_records_its_reason() {
        let checked = fields(&[
            ("email", " Ana@Example.org "),
            ("name", " Ana "),
            ("themes", "2"),
            ("mode", "consented"),
            ("reason", "Inscrite au salon du livre"),
        ])
        .check(&[Theme::sample(2)], &FR)
        .unwrap();
        assert_eq!(checked.email.as_str(), "ana@example.org");
        assert_eq!(checked.name, "Ana");
        assert_eq!(checked.theme_ids, vec![2]);
        assert_eq!(
            checked.consent,
            ConsentChoice::Elsewhere(format!(
                "{} : Inscrite au salon du livre",
                FR.subscribers.consent_elsewhere
            ))
        );
    }

    #[test]
    fn every_field_is_checked() {
        let errors = fields(&[
            ("email", "pas une adresse"),
            ("name", "a\u{7}b"),
            ("themes", "9"),
            ("mode", "consented"),
            ("reason", "  "),
        ])
        .check(&[Theme::sample(2)], &FR)
        .unwrap_err();
        for field in ["email", "name", "themes", "reason"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let errors = fields(&[("email", "a@b.fr"), ("mode", "other")])
            .check(&[], &FR)
            .unwrap_err();
        assert!(errors.get("mode").is_some());
        assert!(
            fields(&[("email", "a@b.fr"), ("mode", "confirm")])
                .check(&[], &FR)
                .is_ok()
        );
    }
}
