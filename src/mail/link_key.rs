//! The key that signs the links every email to a reader carries (preferences, unsubscribe, stop
//! following a thread): `{id}.{HMAC}` under the installation's key and the reader's salt. Nothing
//! to store per email, and changing the salt revokes every link already sent.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The key of management links (shared by every node through the database).
#[derive(Clone)]
pub struct LinkKey(Vec<u8>);

impl LinkKey {
    /// Wraps the installation's key.
    pub fn new(key: Vec<u8>) -> Self {
        Self(key)
    }

    /// The MAC of `id` under the reader's salt; a non-empty `scope` (with its terminator)
    /// keeps the links of one kind from opening another.
    fn mac(&self, scope: &str, id: i64, salt: &[u8]) -> Hmac<Sha256> {
        #[expect(
            clippy::expect_used,
            reason = "HMAC accepts keys of any length: this cannot fail"
        )]
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .expect("HMAC accepts keys of any length");
        if !scope.is_empty() {
            mac.update(scope.as_bytes());
            mac.update(&[0]);
        }
        mac.update(&id.to_be_bytes());
        mac.update(salt);
        mac
    }

    /// The token of the reader's links.
    pub fn token(&self, reader_id: i64, salt: &[u8]) -> String {
        self.scoped_token("", reader_id, salt)
    }

    /// The token of a link about one thing of the reader's (`scope` names the kind, such as
    /// `follow`, and `id` the thing), under the reader's salt.
    pub fn scoped_token(&self, scope: &str, id: i64, salt: &[u8]) -> String {
        let signature = URL_SAFE_NO_PAD.encode(self.mac(scope, id, salt).finalize().into_bytes());
        format!("{id}.{signature}")
    }

    /// The reader id a token claims, before its signature is checked against the salt.
    pub fn claimed_reader(token: &str) -> Option<i64> {
        token
            .split_once('.')
            .and_then(|(id, _)| id.parse().ok())
            .filter(|id| *id > 0)
    }

    /// Whether `token` is the reader's, given the reader's salt.
    pub fn verify(&self, token: &str, salt: &[u8]) -> bool {
        self.verify_scoped("", token, salt)
    }

    /// Whether `token` is a `scope` link of the reader's, given the reader's salt.
    pub fn verify_scoped(&self, scope: &str, token: &str, salt: &[u8]) -> bool {
        let Some((id, signature)) = token.split_once('.') else {
            return false;
        };
        let (Ok(id), Ok(sent)) = (id.parse::<i64>(), URL_SAFE_NO_PAD.decode(signature)) else {
            return false;
        };
        self.mac(scope, id, salt).verify_slice(&sent).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_opens_only_its_readers_links() {
        let key = LinkKey::new(vec![1; 32]);
        let token = key.token(42, b"0123456789abcdef");
        assert_eq!(LinkKey::claimed_reader(&token), Some(42));
        assert!(key.verify(&token, b"0123456789abcdef"));
        assert!(
            !key.verify(&token, b"another salt 123"),
            "a new salt revokes the link"
        );
        let forged = token.replacen("42.", "43.", 1);
        assert!(!key.verify(&forged, b"0123456789abcdef"));
        for junk in ["", "42", "x.y", "42.", "-1.abc"] {
            assert!(!key.verify(junk, b"0123456789abcdef"), "{junk}");
        }
    }

    #[test]
    fn a_scoped_token_opens_only_links_of_its_scope() {
        let key = LinkKey::new(vec![1; 32]);
        let salt = b"0123456789abcdef";
        let follow = key.scoped_token("follow", 7, salt);
        assert!(key.verify_scoped("follow", &follow, salt));
        assert!(!key.verify(&follow, salt), "not a management link");
        assert!(!key.verify_scoped("follow", &key.token(7, salt), salt));
        assert!(!key.verify_scoped("other", &follow, salt));
    }
}
