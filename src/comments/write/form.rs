//! The comment form as posted: its fields read as typed, then checked. The checks shared by
//! guests and the author (the body, the comment answered, the quoted passage) are apart from
//! the guest's own fields (name, address, website, notifications).

use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::comments::inline::anchor::{Anchor, AnchorError};
use crate::comments::model::Comment;
use crate::comments::thread::views::CommentFields;
use crate::domain::EmailAddress;
use crate::domain::text::is_plain;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::web::bot_guard::BotTraps;
use crate::web::form_errors::FormErrors;

/// `POST /articles/{slug}/comments` as sent: the fields, kept as typed for the form shown
/// again, and the CSRF token that the author's form carries.
#[derive(Debug, Deserialize)]
pub struct CommentForm {
    /// The comment's fields.
    #[serde(flatten)]
    pub fields: CommentFields,
    /// The author's CSRF token (a guest's form has none).
    #[serde(default)]
    pub csrf_token: String,
}

impl CommentFields {
    /// The form's traps for robots.
    pub fn traps(&self) -> BotTraps<'_> {
        BotTraps {
            honeypot: &self.website,
            stamp: &self.form_ts,
        }
    }
}

/// What every comment has, checked.
pub struct Common {
    /// The comment answered and its depth.
    pub parent: Option<(i64, i32)>,
    /// The passage commented on.
    pub anchor: Option<Anchor>,
}

impl Common {
    /// The passage commented on, as stored.
    pub fn anchor_json(&self) -> anyhow::Result<Option<String>> {
        use anyhow::Context;
        self.anchor
            .as_ref()
            .map(Anchor::to_json)
            .transpose()
            .context("serialising an anchor")
    }
}

/// Checks the body, the comment answered and the passage quoted.
pub async fn check_common(
    conn: &mut AsyncPgConnection,
    t: &Messages,
    article_id: i64,
    f: &CommentFields,
    errors: &mut FormErrors,
) -> AppResult<Common> {
    check_body(t, &f.body, "body", errors);
    let anchor = Anchor::parse(&f.anchor).unwrap_or_else(|error| {
        errors.add(
            "anchor",
            match error {
                AnchorError::Malformed => t.error_anchor_invalid,
                AnchorError::TooLong => t.error_anchor_long,
            },
        );
        None
    });
    let parent = match f.parent_id.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) => Comment::approved_parent(conn, article_id, id)
                .await?
                .map(|(depth, _)| (id, depth)),
            Err(_) => None,
        }
        .or_else(|| {
            errors.add("body", t.error_comment_parent);
            None
        }),
    };
    Ok(Common { parent, anchor })
}

/// A guest's own fields, checked.
pub struct Guest {
    /// Their address.
    pub email: EmailAddress,
    /// Their website.
    pub url: Option<String>,
}

/// Checks a comment's text (1 to 5,000 characters, no control character but line breaks and
/// tabs), reporting under `field`.
pub fn check_body(t: &Messages, body: &str, field: &'static str, errors: &mut FormErrors) {
    let body = body.trim();
    if !is_plain(body) {
        errors.add(field, t.guards.control_characters);
    } else if body.is_empty() || body.chars().count() > 5_000 {
        errors.add(field, t.error_comment_body);
    }
}

/// Checks a commenter's name (1 to 80 characters, no control character).
pub fn check_name(t: &Messages, name: &str, field: &'static str, errors: &mut FormErrors) {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        errors.add(field, t.error_comment_name);
    }
}

/// Checks a commenter's website: blank, or an http(s) URL of at most 300 bytes; returns it
/// when there is one.
pub fn check_url(
    t: &Messages,
    url: &str,
    field: &'static str,
    errors: &mut FormErrors,
) -> Option<String> {
    let url = url.trim();
    let url_ok = url.is_empty()
        || (url.len() <= 300
            && (url.starts_with("https://") || url.starts_with("http://"))
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<'));
    if !url_ok {
        errors.add(field, t.error_comment_url);
    }
    (!url.is_empty()).then(|| url.to_owned())
}

/// Checks a guest's name, address, website and notification choice.
pub fn check_guest(t: &Messages, f: &CommentFields, errors: &mut FormErrors) -> Option<Guest> {
    check_name(t, &f.author_name, "author_name", errors);
    let email = EmailAddress::parse(&f.author_email);
    if email.is_none() {
        errors.add("author_email", t.error_email_invalid);
    }
    let url = check_url(t, &f.author_url, "author_url", errors);
    if !matches!(f.notify.as_str(), "" | "none" | "replies" | "all") {
        errors.add("notify", t.error_comment_notify);
    }
    email.map(|email| Guest { email, url })
}
