//! An email address, trimmed and lowercased, checked for a plausible shape and length.

use std::fmt;

/// Longest accepted address (RFC 5321's path limit).
const MAX_LEN: usize = 254;

/// A plausible email address, stored lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Accepts `raw` if it looks like `local@domain.tld` with no space or control character.
    pub fn parse(raw: &str) -> Option<Self> {
        let address = raw.trim().to_lowercase();
        if address.len() > MAX_LEN || address.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return None;
        }
        let (local, domain) = address.rsplit_once('@')?;
        let domain_ok = domain.contains('.')
            && domain
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
            && !domain.contains(['@', '<', '>', '"', ',', ';', '(', ')', '[', ']']);
        let local_ok =
            !local.is_empty() && local.len() <= 64 && !local.contains(['<', '>', '"', ',', ';']);
        (domain_ok && local_ok).then_some(Self(address))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lowercased() {
        let email = EmailAddress::parse("  Claire.Martin@Example.ORG ").unwrap();
        assert_eq!(email.as_str(), "claire.martin@example.org");
    }

    #[test]
    fn malformed_addresses_are_refused() {
        let long = format!("{}@example.org", "a".repeat(250));
        for bad in [
            "",
            "plain",
            "@example.org",
            "a@",
            "a@b",
            "a b@c.d",
            "a@b..c",
            "a@-b.c",
            "x@y.z\r\nBcc: v@w.x",
            &long,
        ] {
            assert!(EmailAddress::parse(bad).is_none(), "{bad:?} was accepted");
        }
    }
}
