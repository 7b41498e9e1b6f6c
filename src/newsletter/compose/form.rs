//! The compose and send forms: what the author typed, kept to be shown again, and checked into
//! a newsletter or a send request.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::articles::markdown;
use crate::domain::local_time::parse_local_datetime;
use crate::i18n::Messages;
use crate::newsletter::model::NewNewsletter;
use crate::newsletter::sending::control::SendWhen;
use crate::taxonomy::model::Theme;
use crate::web::form_errors::FormErrors;

/// The longest subject or preview line accepted, in characters.
pub const MAX_LINE: usize = 200;

/// The compose form as typed.
#[derive(Debug, Clone, Default)]
pub struct NewsletterFields {
    /// The session's CSRF token.
    pub csrf_token: String,
    /// The subject.
    pub subject: String,
    /// The preview line.
    pub preheader: String,
    /// The Markdown body.
    pub body: String,
    /// The ticked theme ids, as sent.
    pub themes: Vec<String>,
}

impl NewsletterFields {
    /// Reads the form's pairs (`themes` may repeat).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut fields = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "csrf_token" => fields.csrf_token = value,
                "subject" => fields.subject = value,
                "preheader" => fields.preheader = value,
                "body" => fields.body = value,
                "themes" => fields.themes.push(value),
                _ => {}
            }
        }
        fields
    }

    /// Checks the form against the existing themes: a newsletter and its theme ids, or errors.
    pub fn check(
        &self,
        themes: &[Theme],
        t: &Messages,
    ) -> Result<(NewNewsletter, Vec<i64>), FormErrors> {
        let mut errors = FormErrors::default();
        let subject = self.subject.trim();
        if subject.is_empty() {
            errors.add("subject", t.nl_error_subject_required);
        } else if !is_one_line(subject) {
            errors.add("subject", t.nl_error_subject_line);
        }
        let preheader = self.preheader.trim();
        if !is_one_line(preheader) {
            errors.add("preheader", t.nl_error_preheader);
        }
        if self.body.trim().is_empty() {
            errors.add("body", t.nl_error_body_required);
        }
        let theme_ids = Theme::checked_ids(&self.themes, themes).unwrap_or_else(|ids| {
            errors.add("themes", t.nl_error_theme_unknown);
            ids
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        let newsletter = NewNewsletter {
            subject: subject.to_owned(),
            preheader: preheader.to_owned(),
            body_markdown: self.body.clone(),
            body_html: markdown::render(&self.body, t.locale).html,
            // Markdown reads well as plain text: the text part is the source itself.
            body_text: self.body.trim().to_owned(),
            all_themes: theme_ids.is_empty(),
        };
        Ok((newsletter, theme_ids))
    }
}

fn is_one_line(value: &str) -> bool {
    value.chars().count() <= MAX_LINE && !value.contains(['\r', '\n'])
}

/// The send form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SendFields {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf_token: String,
    /// The form's idempotency key: one send per key.
    #[serde(default)]
    pub idempotency_key: String,
    /// `now` or `scheduled`.
    #[serde(default)]
    pub when: String,
    /// `YYYY-MM-DDTHH:MM` in the site's time zone.
    #[serde(default)]
    pub scheduled_at: String,
}

impl SendFields {
    /// When the author wants the send, checked at `now` in `timezone`.
    pub fn check(
        &self,
        timezone: Tz,
        now: DateTime<Utc>,
        t: &Messages,
    ) -> Result<SendWhen, FormErrors> {
        let mut errors = FormErrors::default();
        match self.when.as_str() {
            "now" => return Ok(SendWhen::Now),
            "scheduled" => match parse_local_datetime(self.scheduled_at.trim(), timezone) {
                Some(at) if at > now => return Ok(SendWhen::At(at)),
                Some(_) => errors.add("scheduled_at", t.nl_error_date_past),
                None => errors.add("scheduled_at", t.nl_error_date_invalid),
            },
            _ => errors.add("when", t.nl_error_when),
        }
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::FR;

    fn fields(subject: &str, themes: &[&str]) -> NewsletterFields {
        NewsletterFields {
            subject: subject.into(),
            body: "Bonjour **à tous**".into(),
            themes: themes.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_subject_with_a_line_break_or_an_unknown_theme_is_refused() {
        let themes = [Theme::sample(1), Theme::sample(2)];
        let errors = fields("Bonjour\r\nBcc: x@example.org", &[])
            .check(&themes, &FR)
            .unwrap_err();
        assert_eq!(errors.get("subject"), Some(FR.nl_error_subject_line));
        let errors = fields("Bonjour", &["3"]).check(&themes, &FR).unwrap_err();
        assert_eq!(errors.get("themes"), Some(FR.nl_error_theme_unknown));
        let errors = fields("  ", &[]).check(&themes, &FR).unwrap_err();
        assert_eq!(errors.get("subject"), Some(FR.nl_error_subject_required));
    }

    #[test]
    fn themes_choose_the_audience_and_the_body_is_rendered_once() {
        let (newsletter, ids) = fields("Bonjour", &["2", "1", "2"])
            .check(&[Theme::sample(1), Theme::sample(2)], &FR)
            .unwrap();
        assert_eq!(ids, vec![1, 2]);
        assert!(!newsletter.all_themes);
        assert!(newsletter.body_html.contains("<strong>à tous</strong>"));
        let (everyone, ids) = fields("Bonjour", &[])
            .check(&[Theme::sample(1)], &FR)
            .unwrap();
        assert!(everyone.all_themes && ids.is_empty());
    }

    #[test]
    fn a_send_date_must_be_well_formed_and_to_come() {
        let now = Utc::now();
        let send = |when: &str, at: &str| SendFields {
            when: when.into(),
            scheduled_at: at.into(),
            ..Default::default()
        };
        let paris = chrono_tz::Europe::Paris;
        assert!(matches!(
            send("now", "").check(paris, now, &FR),
            Ok(SendWhen::Now)
        ));
        let past = send("scheduled", "2020-01-01T10:00")
            .check(paris, now, &FR)
            .unwrap_err();
        assert_eq!(past.get("scheduled_at"), Some(FR.nl_error_date_past));
        let bad = send("scheduled", "demain")
            .check(paris, now, &FR)
            .unwrap_err();
        assert_eq!(bad.get("scheduled_at"), Some(FR.nl_error_date_invalid));
        assert!(send("later", "").check(paris, now, &FR).is_err());
    }
}
