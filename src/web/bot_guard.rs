//! The one guard against robots of the public forms (a comment, a follow, a newsletter
//! signup): a hidden field a person leaves empty (`website`) and the signed time stamp of
//! [`crate::web::form_stamp`]. A form sent back with the field filled, sooner than a person
//! could fill it, or with a missing or forged stamp is a robot's: it gets the usual answer and
//! nothing is done. A stamp past its life only asks for the form again.

use chrono::{DateTime, Duration, Utc};

use crate::settings::Settings;
use crate::web::form_stamp::StampCheck;
use crate::web::reader_cookie::ReaderKey;

/// The two traps as a public form sent them back.
#[derive(Debug, Clone, Copy)]
pub struct BotTraps<'a> {
    /// The hidden field (`website`), empty when a person sent the form.
    pub honeypot: &'a str,
    /// The form's stamp field (`form_ts`).
    pub stamp: &'a str,
}

/// Who sent a public form back, as far as the traps tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// A person, in time.
    Person,
    /// A person whose form's stamp has expired: the form is shown again.
    Late,
    /// A robot: the usual answer, and nothing else.
    Robot,
}

/// How long a person takes at least to fill a kind of form, and how long its stamp lives.
#[derive(Debug, Clone, Copy)]
pub struct BotGuard {
    least: Duration,
    life: Duration,
}

impl BotGuard {
    /// The guard of the comment form (`comments.min_form_seconds`).
    pub fn comments(settings: &Settings) -> Self {
        Self::new(settings.comments.min_form_seconds, settings)
    }

    /// The guard of the follow bar and the newsletter signup (`newsletter.min_form_seconds`).
    pub fn newsletter(settings: &Settings) -> Self {
        Self::new(settings.newsletter.min_form_seconds, settings)
    }

    fn new(least_seconds: i64, settings: &Settings) -> Self {
        Self {
            least: Duration::seconds(least_seconds),
            life: settings.form_stamp_life(),
        }
    }

    /// Judges a form sent back at `now` with `traps`, the stamp cookie's value standing in for
    /// the stamp of a page served from the page cache.
    pub fn judge(
        &self,
        key: &ReaderKey,
        traps: BotTraps<'_>,
        stamp_cookie: Option<&str>,
        now: DateTime<Utc>,
    ) -> Sender {
        if !traps.honeypot.is_empty() {
            return Sender::Robot;
        }
        match key.check_public_stamp(traps.stamp, stamp_cookie, now, self.least, self.life) {
            StampCheck::Fresh => Sender::Person,
            StampCheck::Expired => Sender::Late,
            StampCheck::Robot => Sender::Robot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::form_stamp::{IN_COOKIE, forms};

    fn guard() -> BotGuard {
        BotGuard {
            least: Duration::seconds(3),
            life: Duration::hours(2),
        }
    }

    #[test]
    fn a_person_fills_the_form_in_time_and_leaves_the_hidden_field_empty() {
        let key = ReaderKey::new(vec![7; 32]);
        let shown = Utc::now();
        let stamp = key.form_stamp(forms::PUBLIC, shown);
        let sent = |honeypot, stamp, cookie, at| {
            guard().judge(&key, BotTraps { honeypot, stamp }, cookie, at)
        };
        let later = shown + Duration::seconds(10);
        assert_eq!(sent("", &stamp, None, later), Sender::Person);
        assert_eq!(
            sent("", IN_COOKIE, Some(stamp.as_str()), later),
            Sender::Person
        );
        assert_eq!(
            sent("x", &stamp, None, later),
            Sender::Robot,
            "hidden field"
        );
        assert_eq!(sent("", &stamp, None, shown), Sender::Robot, "too quick");
        assert_eq!(sent("", "", None, later), Sender::Robot, "no stamp");
        assert_eq!(sent("", IN_COOKIE, None, later), Sender::Robot, "no cookie");
        let much_later = shown + Duration::hours(3);
        assert_eq!(sent("", &stamp, None, much_later), Sender::Late);
        assert_eq!(sent("x", &stamp, None, much_later), Sender::Robot);
    }
}
