//! Where a comment stands in moderation, and the one rule of who may see it. Stored as text
//! (`pending`, `approved`, `spam`, `trash`: the moderation inbox's tabs and its URLs say the
//! same words); a row holding any other word is an error when read, never a silent default.

use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::prelude::*;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::{Bool, Nullable, Text};

use crate::schema::comments;

/// A comment's moderation status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, AsExpression, FromSqlRow, serde::Deserialize)]
#[diesel(sql_type = Text)]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    /// Waiting for the author.
    Pending,
    /// Shown to everyone.
    Approved,
    /// Kept from everyone but its writer, who sees it as pending (a blocked sender is not told).
    Spam,
    /// Put aside by the author; deleted for good from there.
    Trash,
}

impl CommentStatus {
    /// Every status, in the order of the inbox's tabs.
    pub const ALL: [Self; 4] = [Self::Pending, Self::Approved, Self::Spam, Self::Trash];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Spam => "spam",
            Self::Trash => "trash",
        }
    }

    /// The status a stored or requested word names.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == word)
    }
}

impl std::fmt::Display for CommentStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ToSql<Text, Pg> for CommentStatus {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <str as ToSql<Text, Pg>>::to_sql(self.as_str(), out)
    }
}

impl FromSql<Text, Pg> for CommentStatus {
    fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
        let word = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
        Self::parse(&word).ok_or_else(|| format!("unknown comment status {word:?}").into())
    }
}

/// The comments `reader` may see: the approved ones, and their own while pending or kept as spam.
pub fn visible_to(
    reader: Option<&str>,
) -> Box<dyn BoxableExpression<comments::table, Pg, SqlType = Nullable<Bool>> + '_> {
    Box::new(
        comments::status
            .eq(CommentStatus::Approved)
            .nullable()
            .or(comments::status
                .eq_any([CommentStatus::Pending, CommentStatus::Spam])
                .and(comments::reader_id.eq(reader.unwrap_or("-")))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_names_its_status_and_no_other_word_does() {
        for status in CommentStatus::ALL {
            assert_eq!(CommentStatus::parse(status.as_str()), Some(status));
        }
        for word in ["", "Approved", "published", "spam "] {
            assert_eq!(CommentStatus::parse(word), None, "{word:?}");
        }
    }
}
