//! A person's name as the site shows it and mail headers carry it: 1 to 100 characters once
//! trimmed, with no control character (a CR or LF in a name would break an email's `To:`).

/// A checked display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

/// The longest name, in characters.
pub const MAX_CHARS: usize = 100;

impl DisplayName {
    /// The trimmed name, if it is 1 to [`MAX_CHARS`] characters long and holds no control
    /// character.
    pub fn parse(raw: &str) -> Option<Self> {
        let name = raw.trim();
        let length = name.chars().count();
        let clean = !name.chars().any(char::is_control);
        ((1..=MAX_CHARS).contains(&length) && clean).then(|| Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::DisplayName;

    #[test]
    fn a_name_is_trimmed() {
        let name = DisplayName::parse("  Claire Martin ").expect("a name");
        assert_eq!(name.as_str(), "Claire Martin");
    }

    #[test]
    fn control_characters_are_refused() {
        for raw in [
            "Claire\r\nBcc: x@example.org",
            "Claire\nMartin",
            "Cl\u{0}aire",
            "A\u{1b}[31m",
        ] {
            assert_eq!(DisplayName::parse(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn empty_and_overlong_names_are_refused() {
        assert_eq!(DisplayName::parse("   "), None);
        assert_eq!(DisplayName::parse(&"é".repeat(101)), None);
        assert!(DisplayName::parse(&"é".repeat(100)).is_some());
    }
}
