//! A guest's comment form, checked: every field parsed into what the comment will store, or
//! the errors to show beside the form kept as typed.

use diesel_async::AsyncPgConnection;

use crate::comments::thread::views::CommentFields;
use crate::comments::write::form::{check_common, check_guest};
use crate::domain::EmailAddress;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::readers::follow::store::FollowMode;
use crate::web::bot_guard::Sender;
use crate::web::form_errors::FormErrors;

/// A guest's comment that passed every check of its fields.
#[derive(Debug)]
pub struct GuestComment {
    /// The Markdown text, trimmed.
    pub body: String,
    /// The name shown, trimmed.
    pub name: String,
    /// The writer's address.
    pub email: EmailAddress,
    /// Their website.
    pub url: Option<String>,
    /// The comment answered and its depth.
    pub parent: Option<(i64, i32)>,
    /// The passage commented on, as stored.
    pub anchor: Option<String>,
    /// What the writer asked to hear of: `none`, `replies` or `all`.
    pub notify: String,
    /// The follow that choice asks for.
    pub follow: Option<FollowMode>,
}

impl GuestComment {
    /// Checks `fields` sent by `sender` for the article `article_id`: the comment, or the
    /// errors found.
    pub async fn check(
        conn: &mut AsyncPgConnection,
        t: &Messages,
        article_id: i64,
        fields: &CommentFields,
        sender: Sender,
    ) -> AppResult<Result<Self, FormErrors>> {
        let mut errors = FormErrors::default();
        let common = check_common(conn, t, article_id, fields, &mut errors).await?;
        if sender == Sender::Late {
            errors.add("body", t.guards.form_expired);
        }
        let Some(guest) = check_guest(t, fields, &mut errors).filter(|_| errors.is_empty()) else {
            return Ok(Err(errors));
        };
        let anchor = common.anchor_json()?;
        let notify = match fields.notify.as_str() {
            "" => "none",
            chosen => chosen,
        };
        Ok(Ok(Self {
            body: fields.body.trim().to_owned(),
            name: fields.author_name.trim().to_owned(),
            email: guest.email,
            url: guest.url,
            parent: common.parent,
            anchor,
            notify: notify.to_owned(),
            follow: FollowMode::parse(notify),
        }))
    }
}
