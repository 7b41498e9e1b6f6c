//! Just enough of PHP's `unserialize` for the meta wpDiscuz writes: arrays of integers and
//! strings (`a:2:{s:4:"like";i:2;s:7:"dislike";i:1;}`). String lengths count bytes, and a dump
//! that was search-and-replaced has wrong ones, so a string ends at its closing `";` instead.

use std::collections::BTreeMap;

/// A PHP value.
#[derive(Debug, Clone, PartialEq)]
pub enum PhpValue {
    /// `i:`, `b:` and `d:` values, as a number.
    Number(f64),
    /// `s:` values.
    Text(String),
    /// `a:` arrays, keyed by their keys' text.
    Array(BTreeMap<String, PhpValue>),
    /// `N;` and anything not understood.
    Null,
}

impl PhpValue {
    /// The number (a numeric string counts too).
    pub fn number(&self) -> Option<f64> {
        match self {
            PhpValue::Number(n) => Some(*n),
            PhpValue::Text(t) => t.trim().parse().ok(),
            _ => None,
        }
    }

    /// The entry `key` of an array.
    pub fn get(&self, key: &str) -> Option<&PhpValue> {
        match self {
            PhpValue::Array(map) => map.get(key),
            _ => None,
        }
    }
}

/// Reads a serialized value; `None` when it is not one.
pub fn unserialize(text: &str) -> Option<PhpValue> {
    let mut rest = text.trim();
    let value = value(&mut rest)?;
    Some(value)
}

fn value(rest: &mut &str) -> Option<PhpValue> {
    let kind = rest.chars().next()?;
    if kind == 'N' {
        *rest = rest.strip_prefix("N;")?;
        return Some(PhpValue::Null);
    }
    *rest = rest.get(1..)?.strip_prefix(':')?;
    match kind {
        'i' | 'd' | 'b' => {
            let end = rest.find(';')?;
            let number = rest[..end].parse().ok()?;
            *rest = &rest[end + 1..];
            Some(PhpValue::Number(number))
        }
        's' => {
            let colon = rest.find(':')?;
            *rest = rest[colon + 1..].strip_prefix('"')?;
            let end = rest.find("\";")?;
            let text = rest[..end].to_owned();
            *rest = &rest[end + 2..];
            Some(PhpValue::Text(text))
        }
        'a' => {
            let colon = rest.find(':')?;
            let count: usize = rest[..colon].parse().ok()?;
            *rest = rest[colon + 1..].strip_prefix('{')?;
            let mut map = BTreeMap::new();
            for _ in 0..count {
                let key = match value(rest)? {
                    PhpValue::Number(n) => format!("{n}"),
                    PhpValue::Text(t) => t,
                    _ => return None,
                };
                map.insert(key, value(rest)?);
            }
            *rest = rest.strip_prefix('}')?;
            Some(PhpValue::Array(map))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vote_totals_and_rating_counts_read() {
        let votes = unserialize(r#"a:2:{s:4:"like";i:2;s:7:"dislike";i:1;}"#).unwrap();
        assert_eq!(votes.get("like").and_then(PhpValue::number), Some(2.0));
        assert_eq!(votes.get("dislike").and_then(PhpValue::number), Some(1.0));
        let counts = unserialize(r#"a:1:{s:6:"note_1";a:2:{i:2;i:1;i:3;s:1:"1";}}"#).unwrap();
        let field = counts.get("note_1").unwrap();
        assert_eq!(field.get("3").and_then(PhpValue::number), Some(1.0));
    }

    #[test]
    fn wrong_string_lengths_and_garbage() {
        let value = unserialize(r#"a:1:{s:3:"url";s:5:"https://new.example";}"#).unwrap();
        assert_eq!(
            value.get("url"),
            Some(&PhpValue::Text("https://new.example".into()))
        );
        assert!(unserialize("not serialized").is_none());
        assert!(unserialize("a:2:{i:0;").is_none());
    }
}
