//! Text as people type it: any character but the invisible controls. PostgreSQL refuses a NUL
//! in text, and the other controls only ever come from scripts, so they are refused at the edge.

/// Whether `text` holds no control character other than tab, line feed and carriage return.
pub fn is_plain(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_and_tabs_are_plain_other_controls_are_not() {
        assert!(is_plain(
            "Une ligne,\r\npuis une autre\tet « des guillemets » 🚗"
        ));
        assert!(is_plain(""));
        for bad in ["a\0b", "\u{7}", "x\u{1b}[31m", "\u{7f}", "\u{85}"] {
            assert!(!is_plain(bad), "{bad:?}");
        }
    }
}
