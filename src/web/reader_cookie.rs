//! The anonymous reader identity of ratings and votes: a random id in a cookie signed with
//! HMAC-SHA256 under the installation's key, so that only ids this site issued are believed.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::auth::token::random_token;

const COOKIE: &str = "sillage_reader";

/// The key that signs reader cookies (shared by every node through the database), held as an
/// HMAC already keyed: each signature then hashes only its text (half the work of keying anew,
/// and a cached page signs a form stamp for every new visitor).
#[derive(Clone)]
pub struct ReaderKey(Hmac<Sha256>);

impl std::fmt::Debug for ReaderKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReaderKey([redacted])")
    }
}

/// A reader identified by the cookie, or newly named (the cookie must then be set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderId {
    /// The random id.
    pub id: String,
    /// Whether this id is new and must be sent back in a cookie.
    pub is_new: bool,
}

impl ReaderKey {
    /// Wraps the installation's key.
    pub fn new(key: Vec<u8>) -> Self {
        #[expect(
            clippy::expect_used,
            reason = "HMAC accepts keys of any length: this cannot fail"
        )]
        let mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("HMAC accepts keys of any length");
        Self(mac)
    }

    fn signature(&self, id: &str) -> String {
        let mut mac = self.0.clone();
        mac.update(id.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// `text` followed by its signature, to be checked later by [`ReaderKey::verify`].
    pub fn signed(&self, text: &str) -> String {
        format!("{text}.{}", self.signature(text))
    }

    /// The id of a correctly signed cookie value.
    pub fn verify(&self, value: &str) -> Option<String> {
        let (id, signature) = value.split_once('.')?;
        let mut mac = self.0.clone();
        mac.update(id.as_bytes());
        let sent = URL_SAFE_NO_PAD.decode(signature).ok()?;
        mac.verify_slice(&sent).ok()?;
        Some(id.to_owned())
    }

    /// The reader of `req`: the signed cookie's id, or a new random one.
    pub fn reader(&self, req: &HttpRequest) -> anyhow::Result<ReaderId> {
        let known = req
            .cookie(COOKIE)
            .and_then(|cookie| self.verify(cookie.value()));
        Ok(match known {
            Some(id) => ReaderId { id, is_new: false },
            None => ReaderId {
                id: random_token()?,
                is_new: true,
            },
        })
    }

    /// The id of the reader of `req`, if the request carries a valid cookie.
    pub fn known_reader(&self, req: &HttpRequest) -> Option<String> {
        req.cookie(COOKIE)
            .and_then(|cookie| self.verify(cookie.value()))
    }

    /// The cookie naming `reader` for a year.
    pub fn cookie(&self, reader: &ReaderId, secure: bool) -> Cookie<'static> {
        Cookie::build(
            COOKIE,
            format!("{}.{}", reader.id, self.signature(&reader.id)),
        )
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(Duration::days(365))
        .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_cookies_signed_with_the_key_are_believed() {
        let key = ReaderKey::new(vec![7; 32]);
        let reader = ReaderId {
            id: "abcdefghijklmnopqrstuvwxyz".into(),
            is_new: true,
        };
        let value = key.cookie(&reader, false).value().to_owned();
        assert_eq!(
            key.verify(&value).as_deref(),
            Some("abcdefghijklmnopqrstuvwxyz")
        );
        let other = ReaderKey::new(vec![8; 32]);
        assert_eq!(other.verify(&value), None, "another installation's cookie");
        let forged = value.replacen('a', "b", 1);
        assert_eq!(key.verify(&forged), None, "a changed id");
        for junk in ["", "no-dot", "a.", ".sig", "a.!!!"] {
            assert_eq!(key.verify(junk), None, "{junk}");
        }
    }
}
