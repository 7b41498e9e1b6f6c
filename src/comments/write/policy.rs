//! The moderation policy: what appears at once, what waits, what is refused.

use crate::settings::CommentSettings;

/// The policy's decision on a new comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Shown at once.
    Approve,
    /// Waits for the author.
    Hold,
    /// Refused (a blocked word).
    Reject,
}

fn links(body: &str) -> usize {
    let lower = body.to_lowercase();
    ["http://", "https://", "www."]
        .iter()
        .map(|marker| lower.matches(marker).count())
        .sum()
}

fn has_word(body: &str, words: &[String]) -> bool {
    let lower = body.to_lowercase();
    words
        .iter()
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .any(|w| lower.contains(&w))
}

/// Judges a comment: blocked words refuse it; a first comment from an address, too many links
/// or a moderation word hold it; otherwise it appears.
pub fn judge(
    body: &str,
    name: &str,
    has_approved_comment: bool,
    rules: &CommentSettings,
) -> Verdict {
    let text = format!("{name}\n{body}");
    if has_word(&text, &rules.block_words) {
        Verdict::Reject
    } else if !has_approved_comment
        || links(body) > rules.max_links
        || has_word(&text, &rules.moderation_words)
    {
        Verdict::Hold
    } else {
        Verdict::Approve
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> CommentSettings {
        CommentSettings {
            max_links: 2,
            moderation_words: vec!["casino".into()],
            block_words: vec!["viagra".into()],
            per_network_per_10_minutes: 5,
            min_form_seconds: 3,
            live_poll_seconds: 20,
            threads_per_page: 20,
            notify_author: crate::settings::AuthorNotice::Each,
            notify_window_seconds: 300,
        }
    }

    #[test]
    fn a_known_commenter_appears_at_once_a_newcomer_waits() {
        assert_eq!(
            judge("Très juste.", "Léa", true, &rules()),
            Verdict::Approve
        );
        assert_eq!(judge("Très juste.", "Léa", false, &rules()), Verdict::Hold);
    }

    #[test]
    fn links_and_words_decide_too() {
        let three = "https://a.example http://b.example www.c.example";
        assert_eq!(judge(three, "Léa", true, &rules()), Verdict::Hold);
        assert_eq!(
            judge("Le CASINO ouvre", "Léa", true, &rules()),
            Verdict::Hold
        );
        assert_eq!(
            judge("Achetez du Viagra", "Léa", true, &rules()),
            Verdict::Reject
        );
        assert_eq!(
            judge("Bonjour", "viagra-shop", true, &rules()),
            Verdict::Reject
        );
    }
}
