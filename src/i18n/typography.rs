//! French spacing: the space before a high punctuation mark or inside guillemets must not break
//! a line, so that no line starts with a colon or a closing guillemet. One rule, applied
//! everywhere French text is written: a narrow no-break space (U+202F) before `;`, `!` and `?`,
//! a no-break space (U+00A0) before `:`, `%` and `»` and after `«`.
//!
//! Only an existing space is made unbreakable (no space is added before `:` or `?`, so `10:30`,
//! `https://` and `?page=2` stay as they are), except inside guillemets, which always take one.
//! The interface's French strings are written that way in `src/i18n/` (a test holds them to it)
//! and in the templates' own words; article bodies go through [`french_spacing`] in their text
//! nodes when the site is French.

use std::borrow::Cow;

/// No-break space.
pub const NBSP: char = '\u{a0}';
/// Narrow no-break space.
pub const NNBSP: char = '\u{202f}';

/// The space a mark takes before it, if it takes one.
fn space_before(mark: char) -> Option<char> {
    match mark {
        ';' | '!' | '?' => Some(NNBSP),
        ':' | '%' | '»' => Some(NBSP),
        _ => None,
    }
}

/// Whether `c` is a space that French spacing replaces or keeps.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | NBSP | NNBSP)
}

/// `text` with French spacing; borrowed when nothing changes.
pub fn french_spacing(text: &str) -> Cow<'_, str> {
    if !text.contains([':', ';', '!', '?', '%', '«', '»']) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        if c == ' ' {
            if let Some(space) = next.and_then(space_before) {
                out.push(space);
                continue;
            }
            if i > 0 && chars[i - 1] == '«' {
                out.push(NBSP);
                continue;
            }
        }
        if c == '»' && i > 0 && !is_space(chars[i - 1]) {
            out.push(NBSP);
        }
        out.push(c);
        if c == '«' && next.is_some_and(|n| !is_space(n)) {
            out.push(NBSP);
        }
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_space_before_a_high_mark_no_longer_breaks() {
        assert_eq!(
            french_spacing("Attention : 50 % des cas ; vraiment ? Oui !"),
            "Attention\u{a0}: 50\u{a0}% des cas\u{202f}; vraiment\u{202f}? Oui\u{202f}!"
        );
    }

    #[test]
    fn guillemets_hold_their_words_with_or_without_typed_spaces() {
        assert_eq!(french_spacing("« Bonjour »"), "«\u{a0}Bonjour\u{a0}»");
        assert_eq!(french_spacing("«Bonjour»"), "«\u{a0}Bonjour\u{a0}»");
    }

    #[test]
    fn no_space_is_added_where_none_was_typed() {
        for text in [
            "10:30",
            "https://example.org/?page=2",
            "Bonjour!",
            "a;b",
            "rien à changer",
        ] {
            assert_eq!(french_spacing(text), text);
            assert!(matches!(french_spacing(text), Cow::Borrowed(_)), "{text}");
        }
    }

    /// The French table of an i18n source file: from `FR:` to its closing brace.
    fn french_table(source: &str) -> Option<&str> {
        let start = source
            .find("pub static FR:")
            .or_else(|| source.find("pub const FR:"))?;
        let rest = &source[start..];
        Some(&rest[..rest.find("\n};")?])
    }

    /// The string literals of `code`, unescaped.
    fn literals(code: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut chars = code.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut text = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => match chars.next() {
                        Some('n') => text.push('\n'),
                        // A line continuation: the next line's indentation is not text.
                        Some('\n') => while chars.next_if(|c| c.is_whitespace()).is_some() {},
                        Some('u') => {
                            let hex: String =
                                chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                            text.extend(
                                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32),
                            );
                        }
                        Some(other) => text.push(other),
                        None => {}
                    },
                    other => text.push(other),
                }
            }
            found.push(text);
        }
        found
    }

    #[test]
    fn every_french_interface_string_is_spaced() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src.join("i18n.rs")];
        for entry in std::fs::read_dir(src.join("i18n")).unwrap() {
            files.push(entry.unwrap().path());
        }
        let (mut checked, mut unspaced) = (0, Vec::new());
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            for text in french_table(&source).map(literals).unwrap_or_default() {
                checked += 1;
                if french_spacing(&text) != text {
                    unspaced.push(text);
                }
            }
        }
        assert!(
            checked > 500,
            "the French tables were read ({checked} strings)"
        );
        assert!(unspaced.is_empty(), "{unspaced:#?}");
    }

    #[test]
    fn spacing_twice_changes_nothing_more() {
        let once = french_spacing("Pourquoi ? « Parce que » : voilà ; 20 %").into_owned();
        assert_eq!(french_spacing(&once), once);
        assert!(!once.contains(" :") && !once.contains(" ?") && !once.contains("« "));
    }
}
