//! The URL name of an article, a series or a theme: lowercase ASCII words joined by hyphens.

use std::fmt;

/// Longest accepted slug.
pub const MAX_LEN: usize = 120;

/// A valid slug such as `twingo-electrique`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    /// Accepts `raw` only if it already is a slug.
    pub fn parse(raw: &str) -> Option<Self> {
        let valid = !raw.is_empty()
            && raw.len() <= MAX_LEN
            && raw.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        valid.then(|| Self(raw.to_owned()))
    }

    /// Derives a slug from a title, folding accents ("Twingo électrique" → `twingo-electrique`).
    pub fn from_title(title: &str) -> Option<Self> {
        let mut slug = slug::slugify(title);
        if slug.len() > MAX_LEN {
            slug.truncate(MAX_LEN);
            slug = slug.trim_end_matches('-').to_owned();
        }
        Self::parse(&slug)
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_are_folded_from_a_title() {
        let slug = Slug::from_title("Twingo électrique").unwrap();
        assert_eq!(slug.as_str(), "twingo-electrique");
        let slug = Slug::from_title("  L’Œuvre : 25 000 € ? ").unwrap();
        assert_eq!(slug.as_str(), "l-oeuvre-25-000-eur");
    }

    #[test]
    fn a_title_of_symbols_gives_no_slug() {
        assert!(Slug::from_title("!!! ???").is_none());
    }

    #[test]
    fn long_titles_are_cut_on_a_word_boundary_free_of_trailing_hyphens() {
        let slug = Slug::from_title(&"mot ".repeat(100)).unwrap();
        assert!(slug.as_str().len() <= MAX_LEN);
        assert!(!slug.as_str().ends_with('-'));
    }

    #[test]
    fn only_real_slugs_parse() {
        for bad in [
            "",
            "Majuscule",
            "a--b",
            "-a",
            "a-",
            "é",
            "a b",
            "a/b",
            &"a".repeat(121),
        ] {
            assert!(Slug::parse(bad).is_none(), "{bad:?} was accepted");
        }
        assert!(Slug::parse("renault-5-e-tech").is_some());
    }
}
