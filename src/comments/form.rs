//! The comment form as posted: its fields read as typed, then checked. The checks shared by
//! guests and the author (the body, the comment answered, the quoted passage) are apart from
//! the guest's own fields (name, address, website, notifications).

use diesel_async::AsyncPgConnection;

use crate::comments::anchor::{Anchor, AnchorError};
use crate::comments::model::Comment;
use crate::comments::views::CommentFields;
use crate::domain::EmailAddress;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::web::form_errors::FormErrors;

/// Reads the form's fields as typed, and its CSRF token (sent by the author's form only).
pub fn fields_from(pairs: Vec<(String, String)>) -> (CommentFields, String) {
    let mut f = CommentFields::default();
    let mut csrf = String::new();
    for (key, value) in pairs {
        match key.as_str() {
            "body" => f.body = value,
            "author_name" => f.author_name = value,
            "author_email" => f.author_email = value,
            "author_url" => f.author_url = value,
            "parent_id" => f.parent_id = value,
            "anchor" => f.anchor = value,
            "notify" => f.notify = value,
            "website" => f.website = value,
            "form_ts" => f.form_ts = value,
            "csrf_token" => csrf = value,
            _ => {}
        }
    }
    (f, csrf)
}

/// What every comment has, checked.
pub struct Common {
    /// The comment answered and its depth.
    pub parent: Option<(i64, i32)>,
    /// The passage commented on.
    pub anchor: Option<Anchor>,
}

/// Checks the body, the comment answered and the passage quoted.
pub async fn check_common(
    conn: &mut AsyncPgConnection,
    t: &Messages,
    article_id: i64,
    f: &CommentFields,
    errors: &mut FormErrors,
) -> AppResult<Common> {
    let body = f.body.trim();
    if body.is_empty() || body.chars().count() > 5_000 {
        errors.add("body", t.error_comment_body);
    }
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

/// Checks a guest's name, address, website and notification choice.
pub fn check_guest(t: &Messages, f: &CommentFields, errors: &mut FormErrors) -> Option<Guest> {
    let name = f.author_name.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        errors.add("author_name", t.error_comment_name);
    }
    let email = EmailAddress::parse(&f.author_email);
    if email.is_none() {
        errors.add("author_email", t.error_email_invalid);
    }
    let url = f.author_url.trim();
    let url_ok = url.is_empty()
        || (url.len() <= 300
            && (url.starts_with("https://") || url.starts_with("http://"))
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c == '"' || c == '<'));
    if !url_ok {
        errors.add("author_url", t.error_comment_url);
    }
    if !matches!(f.notify.as_str(), "" | "none" | "replies" | "all") {
        errors.add("notify", t.error_comment_notify);
    }
    email.map(|email| Guest {
        email,
        url: (!url.is_empty()).then(|| url.to_owned()),
    })
}
