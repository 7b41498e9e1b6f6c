//! The signed time stamp of a form: put in the form when the page is shown, checked when it
//! comes back. It names the forms it serves (the public forms of a page share one; the setup
//! form has its own, so neither is worth anything in the other) and lives a short while
//! (`security.form_stamp_minutes`): a form sent back sooner than a person could fill it, or
//! with a forged stamp, is a robot's; one sent back too late is shown again with a fresh stamp.
//! A page served from the page cache is the same bytes for everyone, so its forms say
//! [`IN_COOKIE`] and the page sets the public forms' stamp in a cookie instead ([`STAMP_COOKIE`]).

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time};
use chrono::{DateTime, Duration, Utc};

use crate::web::reader_cookie::ReaderKey;

/// The forms that carry a stamp, as named in their templates.
pub mod forms {
    /// The public forms of a page (comment, follow, newsletter signup), which share a stamp.
    pub const PUBLIC: &str = "public";
    /// The first-run setup form.
    pub const SETUP: &str = "setup";
}

/// What a stamp sent back says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StampCheck {
    /// Made for this form, neither too soon nor too long ago.
    Fresh,
    /// Made for this form longer ago than its life: the form is shown again.
    Expired,
    /// Missing, forged, made for another form or sent back too soon: a robot's.
    Robot,
}

/// The cookie carrying the public forms' stamp of a page served from the page cache.
pub const STAMP_COOKIE: &str = "sillage_form";

/// What the stamp field of a page served from the page cache says: "look in the cookie".
pub const IN_COOKIE: &str = "cookie";

impl ReaderKey {
    /// Checks the stamp of a public form sent back: the form's own, or the stamp cookie's
    /// (`cookie`) when the form says [`IN_COOKIE`] (its page came from the cache). A form
    /// without a stamp is still a robot's.
    pub fn check_public_stamp(
        &self,
        sent: &str,
        cookie: Option<&str>,
        now: DateTime<Utc>,
        least: Duration,
        life: Duration,
    ) -> StampCheck {
        let stamp = match (sent, cookie) {
            (IN_COOKIE, Some(cookie)) => cookie,
            _ => sent,
        };
        self.check_stamp(forms::PUBLIC, stamp, now, least, life)
    }

    /// Whether a page shown at `now` sets a new stamp cookie: the request has none, a forged
    /// one, or one past half its life. A younger one is kept, so that a reader who opens a second
    /// page does not make the first page's form look too quick.
    pub fn stamp_cookie_due(&self, req: &HttpRequest, now: DateTime<Utc>, life: Duration) -> bool {
        req.cookie(STAMP_COOKIE).is_none_or(|cookie| {
            let check = self.check_stamp(
                forms::PUBLIC,
                cookie.value(),
                now,
                Duration::zero(),
                life / 2,
            );
            check != StampCheck::Fresh
        })
    }

    /// The stamp cookie made at `now`. It outlives the stamp so that a form sent back too late
    /// is told so rather than taken for a robot's.
    pub fn stamp_cookie(
        &self,
        now: DateTime<Utc>,
        secure: bool,
        life: Duration,
    ) -> Cookie<'static> {
        Cookie::build(STAMP_COOKIE, self.form_stamp(forms::PUBLIC, now))
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(time::Duration::seconds(
                life.num_seconds().saturating_mul(2),
            ))
            .finish()
    }

    /// The stamp of `form` shown at `now`.
    pub fn form_stamp(&self, form: &str, now: DateTime<Utc>) -> String {
        let made = now.timestamp();
        let signed = self.signed(&format!("{form}:{made}"));
        let signature = signed.rsplit_once('.').map_or("", |(_, s)| s);
        format!("{made}.{signature}")
    }

    /// Checks the stamp sent back with `form`: at least `least` old, at most `life`.
    pub fn check_stamp(
        &self,
        form: &str,
        stamp: &str,
        now: DateTime<Utc>,
        least: Duration,
        life: Duration,
    ) -> StampCheck {
        let made = stamp
            .split_once('.')
            .filter(|(made, signature)| {
                self.verify(&format!("{form}:{made}.{signature}")).is_some()
            })
            .and_then(|(made, _)| made.parse::<i64>().ok())
            .and_then(|made| DateTime::from_timestamp(made, 0));
        match made.map(|made| now - made) {
            Some(age) if age >= least && age <= life => StampCheck::Fresh,
            Some(age) if age > life => StampCheck::Expired,
            _ => StampCheck::Robot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAST: Duration = Duration::seconds(3);
    const LIFE: Duration = Duration::hours(2);

    #[test]
    fn a_stamp_is_fresh_for_its_form_only_and_for_a_while() {
        let key = ReaderKey::new(vec![7; 32]);
        let then = Utc::now();
        let stamp = key.form_stamp(forms::PUBLIC, then);
        let check = |form, at| key.check_stamp(form, &stamp, at, LEAST, LIFE);
        let later = then + Duration::seconds(5);
        assert_eq!(check(forms::PUBLIC, later), StampCheck::Fresh);
        assert_eq!(check(forms::SETUP, later), StampCheck::Robot);
        assert_eq!(check(forms::PUBLIC, then), StampCheck::Robot, "too soon");
        let much_later = then + Duration::hours(3);
        assert_eq!(check(forms::PUBLIC, much_later), StampCheck::Expired);
    }

    #[test]
    fn forged_and_missing_stamps_are_robots() {
        let key = ReaderKey::new(vec![7; 32]);
        let now = Utc::now();
        let other = ReaderKey::new(vec![8; 32]).form_stamp(forms::PUBLIC, now);
        for stamp in ["", "1700000000", "1700000000.forged", other.as_str()] {
            let later = now + Duration::seconds(10);
            assert_eq!(
                key.check_stamp(forms::PUBLIC, stamp, later, LEAST, LIFE),
                StampCheck::Robot,
                "{stamp}"
            );
        }
    }
}
