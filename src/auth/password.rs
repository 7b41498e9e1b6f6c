//! Password hashing with argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane), always off
//! the async threads. Unknown accounts are checked against a dummy hash so that the answer
//! takes as long whether the account exists or not.

use anyhow::Context;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};

/// Shortest accepted password.
pub const MIN_LEN: usize = 10;
/// Longest accepted password (hashing time grows with it).
pub const MAX_LEN: usize = 256;

fn hasher() -> anyhow::Result<Argon2<'static>> {
    let params =
        Params::new(19_456, 2, 1, None).map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

/// Hashes and verifies passwords; holds the dummy hash used for unknown accounts.
#[derive(Debug, Clone)]
pub struct Passwords {
    dummy_hash: String,
}

impl Passwords {
    /// Prepares the dummy hash.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            dummy_hash: hash_now("sillage dummy password, never valid")?,
        })
    }

    /// Hashes `password` with a fresh salt on a blocking thread.
    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .context("the hashing task stopped")?
    }

    /// Whether `password` matches `stored`; with no stored hash, spends the same time and fails.
    pub async fn verify(&self, stored: Option<String>, password: String) -> anyhow::Result<bool> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.clone());
        let matches = tokio::task::spawn_blocking(move || -> anyhow::Result<bool> {
            let parsed = PasswordHash::new(&hash)
                .map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
            Ok(hasher()?
                .verify_password(password.as_bytes(), &parsed)
                .is_ok())
        })
        .await
        .context("the verification task stopped")??;
        Ok(known && matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let passwords = Passwords::new().unwrap();
        let hash = passwords
            .hash("correct horse battery".into())
            .await
            .unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            passwords
                .verify(Some(hash.clone()), "correct horse battery".into())
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify(Some(hash), "wrong horse battery".into())
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        let passwords = Passwords::new().unwrap();
        let dummy = "sillage dummy password, never valid".to_owned();
        assert!(!passwords.verify(None, dummy).await.unwrap());
    }
}
