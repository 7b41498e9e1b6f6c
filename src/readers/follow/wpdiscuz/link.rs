//! The two parameters of a wpDiscuz mail link (a subscription id and its activation key), read
//! from the query string once; past this point both are well formed.

use crate::auth::token::hash_token;

/// A wpDiscuz activation key: an MD5 in hex in every wpDiscuz version seen, accepted as 1 to
/// 64 ASCII letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivationKey(String);

impl ActivationKey {
    /// Checks a key as it came (from a link or from the dump).
    pub fn parse(raw: &str) -> Option<Self> {
        ((1..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| Self(raw.to_owned()))
    }

    /// The SHA-256 of the key, the only form of it that is stored.
    pub fn hash(&self) -> Vec<u8> {
        hash_token(&self.0)
    }
}

/// The subscription id and key of an old link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldLink {
    /// The wpDiscuz subscription's id.
    pub id: i64,
    /// Its activation key.
    pub key: ActivationKey,
}

impl OldLink {
    /// Reads the parameters named `id_name` and `key_name` from a query string; `None` when
    /// one is missing, repeated or malformed.
    pub fn parse(query: &str, id_name: &str, key_name: &str) -> Option<Self> {
        let id = only_value(query, id_name)?;
        let id = id
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| id.parse::<i64>().ok())
            .flatten()
            .filter(|id| *id > 0)?;
        let key = ActivationKey::parse(&only_value(query, key_name)?)?;
        Some(Self { id, key })
    }
}

/// The value of the one parameter called `name`.
fn only_value(query: &str, name: &str) -> Option<String> {
    let mut values = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(n, _)| n == name)
        .map(|(_, value)| value.into_owned());
    let value = values.next()?;
    values.next().is_none().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "wpdiscuzSubscribeID";

    #[test]
    fn a_mailed_link_reads_its_id_and_key() {
        let link = OldLink::parse(
            "wpdiscuzSubscribeID=12&key=5f4dcc3b5aa765d61d8327deb882cf99",
            ID,
            "key",
        );
        assert_eq!(
            link,
            Some(OldLink {
                id: 12,
                key: ActivationKey("5f4dcc3b5aa765d61d8327deb882cf99".into()),
            })
        );
    }

    #[test]
    fn missing_repeated_or_malformed_parameters_are_refused() {
        for query in [
            "",
            "key=abc",
            "wpdiscuzSubscribeID=12",
            "wpdiscuzSubscribeID=12&key=",
            "wpdiscuzSubscribeID=&key=abc",
            "wpdiscuzSubscribeID=0&key=abc",
            "wpdiscuzSubscribeID=-3&key=abc",
            "wpdiscuzSubscribeID=+3&key=abc",
            "wpdiscuzSubscribeID=1e3&key=abc",
            "wpdiscuzSubscribeID=99999999999999999999&key=abc",
            "wpdiscuzSubscribeID=12&key=abc&key=abd",
            "wpdiscuzSubscribeID=12&wpdiscuzSubscribeID=13&key=abc",
            "wpdiscuzSubscribeID=12&key=ab%27%3B--",
            "wpdiscuzSubscribeID=12&key=%FF%FE",
            "wpdiscuzSubscribeID=12&key=abc%20",
        ] {
            assert_eq!(OldLink::parse(query, ID, "key"), None, "{query:?}");
        }
        assert_eq!(ActivationKey::parse(&"a".repeat(65)), None);
        assert!(ActivationKey::parse(&"a".repeat(64)).is_some());
    }

    #[test]
    fn a_key_is_stored_as_its_hash() {
        let key = ActivationKey::parse("abc").unwrap();
        assert_eq!(key.hash().len(), 32);
        assert_ne!(key.hash(), ActivationKey::parse("abd").unwrap().hash());
    }
}
