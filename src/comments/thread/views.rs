//! The comment section of an article page: the count, the comments in reading order with their
//! avatars and dates, and the form (kept as typed when it comes back with errors).

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;

use std::collections::HashMap;

use crate::comments::inline::anchor::Anchor;
use crate::comments::inline::quotes::InlineView;
use crate::comments::status::CommentStatus;
use crate::comments::thread::cursor::Cursor;
use crate::comments::thread::order::{Order, Placed};
use crate::i18n::Messages;
use crate::web::form_errors::FormErrors;

/// The comment form as typed (a field not sent is empty).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct CommentFields {
    /// Markdown body.
    pub body: String,
    /// Name shown.
    pub author_name: String,
    /// Address (never shown).
    pub author_email: String,
    /// Website.
    pub author_url: String,
    /// Comment answered.
    pub parent_id: String,
    /// Passage commented on.
    pub anchor: String,
    /// `none`, `replies` or `all`.
    pub notify: String,
    /// Honeypot.
    pub website: String,
    /// Signed time stamp.
    pub form_ts: String,
}

impl CommentFields {
    /// Fills the signature fields with what the browser signed its latest comment with.
    pub fn sign_as(&mut self, signature: Option<(String, String, Option<String>)>) {
        if let Some((name, email, url)) = signature {
            self.author_name = name;
            self.author_email = email;
            self.author_url = url.unwrap_or_default();
        }
    }
}

/// One comment as shown.
#[derive(Debug, Clone)]
pub struct CommentView {
    /// Id, for the permalink.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Website (only http/https, checked at entry).
    pub url: Option<String>,
    /// By the site's author: the "Auteur" badge.
    pub by_author: bool,
    /// Sanitised body.
    pub body_html: String,
    /// Waiting for moderation (shown to its writer only).
    pub pending: bool,
    /// Indentation, 0 to 4.
    pub level: usize,
    /// "en réponse à …" for replies shown flat.
    pub in_reply_to: Option<String>,
    /// Initials for the avatar.
    pub initials: String,
    /// One of six avatar colours, from the name.
    pub hue: u8,
    /// "il y a 3 heures".
    pub relative: String,
    /// The exact date, for the `title` of `<time>`.
    pub exact: String,
    /// ISO 8601, for `<time datetime>`.
    pub iso: String,
    /// Up votes minus down votes.
    pub score: i64,
    /// The reader's own vote: 1, -1 or 0.
    pub my_vote: i16,
    /// The reader wrote it less than 15 minutes ago and nobody answered: they may change it.
    pub editable: bool,
    /// The Markdown as typed, for the edit form of an editable comment.
    pub markdown: String,
    /// For an inline comment: the words it is about.
    pub quote: Option<String>,
}

/// The whole section.
#[derive(Debug, Clone)]
pub struct CommentsSection {
    /// "3 Commentaires".
    pub count_label: String,
    /// The number of approved comments.
    pub count: usize,
    /// "Commentaires" or "Commentaire", after the number.
    pub count_word: &'static str,
    /// Seconds between two looks for new comments.
    pub poll_seconds: u64,
    /// The comments of this page of threads, in reading order.
    pub items: Vec<CommentView>,
    /// The inline comments, for the "inline" tab.
    pub inline: Vec<InlineView>,
    /// The count markers to add at the end of paragraphs, by paragraph id.
    pub markers: HashMap<String, String>,
    /// The links to the other pages of threads.
    pub pages: PageLinks,
    /// The quote of the form, when it comes back with a passage.
    pub quote: Option<String>,
    /// The logged-in author (name, CSRF token): the form posts as them.
    pub author: Option<(String, String)>,
    /// The form.
    pub fields: CommentFields,
    /// Its errors.
    pub errors: FormErrors,
    /// The comment being answered: (id, name).
    pub reply_to: Option<(i64, String)>,
    /// The order of threads.
    pub order: Order,
    /// The sort links: (query value, label, current).
    pub sort_links: Vec<(&'static str, &'static str, bool)>,
}

/// The links between pages of threads.
#[derive(Debug, Clone, Default)]
pub struct PageLinks {
    /// "Afficher tous les commentaires" without JavaScript: every thread on one page.
    pub more: Option<String>,
    /// The next page of threads alone, which the script appends in place.
    pub next: Option<String>,
    /// Back to the first page, on a later one.
    pub first: Option<String>,
}

impl PageLinks {
    /// The links of a page of `slug`'s threads in `order` (`all` of them, or one page);
    /// `more` starts the threads after it.
    pub fn new(
        slug: &str,
        order: Order,
        later_page: bool,
        more: Option<Cursor>,
        all: bool,
    ) -> Self {
        let base = format!("/articles/{slug}?comments={}", order.key());
        let after = |cursor: &Cursor| format!("&comments_after={}", cursor.encode());
        Self {
            more: more.as_ref().map(|cursor| match all {
                // Beyond what one page shows: all of the rest.
                true => format!("{base}&comments_all=1{}#comments", after(cursor)),
                false => format!("{base}&comments_all=1#comments"),
            }),
            next: more
                .as_ref()
                .map(|cursor| format!("{base}{}#comments", after(cursor))),
            first: later_page.then(|| format!("{base}#comments")),
        }
    }
}

/// Up to two initials, uppercase ("Claire Martin" → "CM").
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

fn hue(name: &str) -> u8 {
    u8::try_from(
        name.bytes().fold(0u32, |acc, b| {
            acc.wrapping_mul(31).wrapping_add(u32::from(b))
        }) % 6,
    )
    .unwrap_or(0)
}

impl CommentView {
    /// The view of a placed comment.
    pub fn new(
        t: &Messages,
        timezone: Tz,
        now: DateTime<Utc>,
        placed: Placed,
        score: i64,
        my_vote: i16,
    ) -> Self {
        let c = placed.comment;
        Self {
            quote: c
                .anchor
                .as_deref()
                .and_then(Anchor::from_stored)
                .map(|anchor| anchor.exact().to_owned()),
            score,
            my_vote,
            editable: false,
            markdown: String::new(),
            id: c.id,
            initials: initials(&c.author_name),
            hue: hue(&c.author_name),
            relative: t.ago(c.created_at, now, timezone),
            exact: t.date_time(c.created_at, timezone),
            iso: c.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            name: c.author_name,
            url: c.author_url,
            by_author: c.by_author,
            body_html: c.body_html,
            pending: c.status != CommentStatus::Approved,
            level: placed.level,
            in_reply_to: placed.in_reply_to,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_come_from_the_first_two_words() {
        assert_eq!(initials("Claire Martin"), "CM");
        assert_eq!(initials("élodie"), "É");
        assert_eq!(initials("  Jean-Paul  de  la Tour "), "JD");
        assert_eq!(initials("«Anonyme»"), "A");
    }
}
