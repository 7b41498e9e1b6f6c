//! The automatic sends' form: what the author typed, kept to be shown again, and checked into
//! the settings.

use serde::Deserialize;

use crate::i18n::Messages;
use crate::newsletter::automatic::config::AutomaticSends;
use crate::newsletter::automatic::weekly::Weekly;
use crate::newsletter::compose::from_article::ArticleMode;
use crate::web::form_errors::FormErrors;

/// The form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AutomaticForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf_token: String,
    /// `on` when the new-article send is ticked.
    #[serde(default)]
    pub new_article: Option<String>,
    /// `teaser` or `full`.
    #[serde(default)]
    pub new_article_mode: String,
    /// `on` when the weekly digest is ticked.
    #[serde(default)]
    pub digest: Option<String>,
    /// 1 (Monday) to 7 (Sunday).
    #[serde(default)]
    pub digest_day: String,
    /// 0 to 23.
    #[serde(default)]
    pub digest_hour: String,
}

impl From<&AutomaticSends> for AutomaticForm {
    fn from(settings: &AutomaticSends) -> Self {
        let on = |ticked: bool| ticked.then(|| "on".to_owned());
        Self {
            csrf_token: String::new(),
            new_article: on(settings.new_article),
            new_article_mode: settings.mode.as_str().to_owned(),
            digest: on(settings.digest),
            digest_day: settings.weekly.day().to_string(),
            digest_hour: settings.weekly.hour().to_string(),
        }
    }
}

impl AutomaticForm {
    /// The settings, or the errors of each bad field.
    pub fn check(&self, t: &Messages) -> Result<AutomaticSends, FormErrors> {
        let mut errors = FormErrors::default();
        let mut toggle = |field: &'static str, value: &Option<String>| match value.as_deref() {
            None => false,
            Some("on") => true,
            Some(_) => {
                errors.add(field, t.automatic.error_toggle);
                false
            }
        };
        let new_article = toggle("new_article", &self.new_article);
        let digest = toggle("digest", &self.digest);
        let mode = ArticleMode::parse(self.new_article_mode.trim());
        if mode.is_none() {
            errors.add("new_article_mode", t.nl_error_mode);
        }
        let day = self.digest_day.trim().parse::<u32>().ok();
        if !day.is_some_and(|day| (1..=7).contains(&day)) {
            errors.add("digest_day", t.automatic.error_day);
        }
        let hour = self.digest_hour.trim().parse::<u32>().ok();
        if hour.is_none_or(|hour| hour >= 24) {
            errors.add("digest_hour", t.automatic.error_hour);
        }
        let weekly = day.zip(hour).and_then(|(day, hour)| Weekly::new(day, hour));
        match (mode, weekly) {
            (Some(mode), Some(weekly)) if errors.is_empty() => Ok(AutomaticSends {
                new_article,
                mode,
                digest,
                weekly,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::FR;

    fn form(day: &str, hour: &str) -> AutomaticForm {
        AutomaticForm {
            new_article: Some("on".into()),
            new_article_mode: "full".into(),
            digest_day: day.into(),
            digest_hour: hour.into(),
            ..AutomaticForm::default()
        }
    }

    #[test]
    fn a_good_form_gives_the_settings_and_back() {
        let settings = form("5", "18").check(&FR).unwrap();
        assert!(settings.new_article && !settings.digest);
        assert_eq!(settings.mode, ArticleMode::Full);
        assert_eq!(settings.weekly, Weekly::new(5, 18).unwrap());
        let again = AutomaticForm::from(&settings);
        assert_eq!(
            (again.digest_day.as_str(), again.digest_hour.as_str()),
            ("5", "18")
        );
    }

    #[test]
    fn each_bad_field_has_its_error() {
        for (day, hour, field) in [
            ("8", "9", "digest_day"),
            ("0", "9", "digest_day"),
            ("1", "24", "digest_hour"),
            ("lundi", "9", "digest_day"),
            ("1", "-1", "digest_hour"),
        ] {
            let errors = form(day, hour).check(&FR).unwrap_err();
            assert!(errors.get(field).is_some(), "{day} {hour}");
        }
        let mut bad = form("1", "9");
        bad.new_article_mode = "tout".into();
        bad.digest = Some("oui".into());
        let errors = bad.check(&FR).unwrap_err();
        assert!(errors.get("new_article_mode").is_some());
        assert!(errors.get("digest").is_some());
    }
}
