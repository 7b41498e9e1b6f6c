//! What a reader's confirmation link would switch on, so that its email and its page say what
//! was asked: a newsletter subscription (maybe with thread follows), only thread follows (no
//! word of a subscription), or only the address.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::i18n::Messages;
use crate::schema::{articles, follows, newsletter_subscriptions};

/// What waits for the reader's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Awaiting {
    /// A newsletter subscription; `follows` when thread follows wait too.
    Newsletter {
        /// Whether thread follows wait as well.
        follows: bool,
    },
    /// Only thread follows: the titles of their articles.
    Follows(Vec<String>),
    /// Nothing but the address itself.
    Address,
}

impl Awaiting {
    /// What waits for `reader_id`'s confirmation now.
    pub async fn of(conn: &mut AsyncPgConnection, reader_id: i64) -> QueryResult<Self> {
        let newsletter: bool = diesel::select(diesel::dsl::exists(
            newsletter_subscriptions::table
                .find(reader_id)
                .filter(newsletter_subscriptions::status.eq("pending")),
        ))
        .get_result(conn)
        .await?;
        let titles: Vec<String> = follows::table
            .inner_join(articles::table)
            .filter(follows::reader_id.eq(reader_id))
            .filter(follows::status.eq("pending"))
            .order(articles::title)
            .select(articles::title)
            .load(conn)
            .await?;
        Ok(match (newsletter, titles.is_empty()) {
            (true, no_follows) => Self::Newsletter {
                follows: !no_follows,
            },
            (false, false) => Self::Follows(titles),
            (false, true) => Self::Address,
        })
    }

    /// The confirmation email's subject.
    pub fn subject(&self, t: &Messages) -> &'static str {
        match self {
            Self::Newsletter { .. } => t.newsletter_confirm_subject,
            Self::Follows(_) => t.follow_confirm_subject,
            Self::Address => t.address_confirm_subject,
        }
    }

    /// The title of the page whose button confirms.
    pub fn title(&self, t: &Messages) -> &'static str {
        match self {
            Self::Newsletter { .. } => t.newsletter_confirm_title,
            Self::Follows(_) => t.follow_confirm_title,
            Self::Address => t.address_confirm_title,
        }
    }

    /// The email's first paragraph: what confirming does.
    pub fn lead(&self, t: &Messages) -> String {
        let e = &t.emails;
        match self {
            Self::Newsletter { follows: false } => e.confirm_lead.to_owned(),
            Self::Newsletter { follows: true } => {
                format!("{} {}", e.confirm_lead, e.confirm_also_follows)
            }
            Self::Follows(titles) => {
                let quoted: Vec<String> = titles
                    .iter()
                    .map(|title| format!("{}{title}{}", e.quote_open, e.quote_close))
                    .collect();
                e.confirm_follow_lead.replace("{title}", &quoted.join(", "))
            }
            Self::Address => e.confirm_address_lead.to_owned(),
        }
    }

    /// The email's button.
    pub fn action(&self, t: &Messages) -> &'static str {
        match self {
            Self::Newsletter { .. } => t.emails.confirm_action,
            Self::Follows(_) => t.emails.confirm_follow_action,
            Self::Address => t.emails.confirm_address_action,
        }
    }
}
