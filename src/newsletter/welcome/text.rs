//! The welcome email's subject and Markdown body: the author's text when saved in the admin,
//! the interface language's default otherwise.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::articles::markdown;
use crate::i18n::{Locale, Messages};
use crate::schema::email_texts;

/// The key of the welcome in `email_texts`.
const KIND: &str = "welcome";

/// Longest subject.
pub const MAX_SUBJECT: usize = 200;
/// Longest body, in characters.
pub const MAX_BODY: usize = 20_000;

/// The welcome's text.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = email_texts)]
pub struct WelcomeEmail {
    /// The subject line.
    pub subject: String,
    /// The Markdown body.
    pub body_markdown: String,
}

impl WelcomeEmail {
    /// The built-in welcome of the interface's language.
    pub fn default_for(t: &Messages, site: &str) -> Self {
        Self {
            subject: format!("{} — {site}", t.newsletter_welcome_subject),
            body_markdown: t.subscribers.welcome_default_body.replace("{site}", site),
        }
    }

    /// The welcome the author saved, if any.
    pub async fn stored(conn: &mut AsyncPgConnection) -> QueryResult<Option<Self>> {
        email_texts::table
            .find(KIND)
            .select(Self::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// The welcome to send: the author's, else the default.
    pub async fn current(
        conn: &mut AsyncPgConnection,
        t: &Messages,
        site: &str,
    ) -> QueryResult<Self> {
        Ok(Self::stored(conn)
            .await?
            .unwrap_or_else(|| Self::default_for(t, site)))
    }

    /// Saves this text as the welcome.
    pub async fn save(&self, conn: &mut AsyncPgConnection) -> QueryResult<()> {
        let values = (
            email_texts::subject.eq(&self.subject),
            email_texts::body_markdown.eq(&self.body_markdown),
            email_texts::updated_at.eq(diesel::dsl::now),
        );
        diesel::insert_into(email_texts::table)
            .values((email_texts::kind.eq(KIND), values))
            .on_conflict(email_texts::kind)
            .do_update()
            .set(values)
            .execute(conn)
            .await
            .map(|_| ())
    }

    /// Goes back to the default welcome.
    pub async fn reset(conn: &mut AsyncPgConnection) -> QueryResult<()> {
        diesel::delete(email_texts::table.find(KIND))
            .execute(conn)
            .await
            .map(|_| ())
    }

    /// The body as sanitised HTML, written in `locale`'s language.
    pub fn body_html(&self, locale: Locale) -> String {
        markdown::render(&self.body_markdown, locale).html
    }
}
