//! Bulk moderation: many comments of one inbox tab moved to another status, or deleted for
//! good from the trash, all or none. Approving notifies readers exactly as approving one does.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::comments::model::Comment;
use crate::comments::notifications::readers;
use crate::comments::status::CommentStatus;
use crate::schema::comments;

/// What a bulk action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    /// Approve (from pending).
    Approve,
    /// Bring back as approved (from spam or trash).
    Restore,
    /// Mark as spam.
    Spam,
    /// Move to the trash.
    Trash,
    /// Delete for good (from the trash only).
    Delete,
}

impl BulkAction {
    /// Reads the `action` field.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "approve" => Some(Self::Approve),
            "restore" => Some(Self::Restore),
            "spam" => Some(Self::Spam),
            "trash" => Some(Self::Trash),
            "delete" => Some(Self::Delete),
            _ => None,
        }
    }

    /// The status the comments move to; `None` for a deletion.
    fn target(self) -> Option<CommentStatus> {
        match self {
            Self::Approve | Self::Restore => Some(CommentStatus::Approved),
            Self::Spam => Some(CommentStatus::Spam),
            Self::Trash => Some(CommentStatus::Trash),
            Self::Delete => None,
        }
    }
}

/// Why a bulk action was refused (nothing was changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkRefusal {
    /// Some comments do not exist, or are not in the tab the action came from.
    Unknown,
    /// A deletion outside the trash.
    NotInTrash,
    /// A deletion would take replies outside the selection with it.
    HasReplies,
}

/// A refusal, or a database failure; either rolls the transaction back.
#[derive(Debug)]
pub enum BulkError {
    /// Refused: nothing changed.
    Refused(BulkRefusal),
    /// The database failed.
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for BulkError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Db(error)
    }
}

impl Comment {
    /// Applies `action` to the comments `ids`, all of which must be in the tab `from`; returns
    /// how many changed. Call it in a transaction: a refusal comes before any write.
    pub async fn bulk_moderate(
        conn: &mut AsyncPgConnection,
        ids: &[i64],
        from: CommentStatus,
        action: BulkAction,
        now: DateTime<Utc>,
    ) -> Result<usize, BulkError> {
        let locked: Vec<i64> = comments::table
            .filter(comments::id.eq_any(ids))
            .filter(comments::status.eq(from))
            .select(comments::id)
            .for_update()
            .load(conn)
            .await?;
        if locked.len() != ids.len() {
            return Err(BulkError::Refused(BulkRefusal::Unknown));
        }
        let Some(status) = action.target() else {
            return Self::delete_for_good(conn, ids, from).await;
        };
        let approved_at = (status == CommentStatus::Approved).then_some(now);
        let changed = diesel::update(comments::table.filter(comments::id.eq_any(ids)))
            .set((
                comments::status.eq(status),
                comments::approved_at.eq(approved_at),
            ))
            .execute(conn)
            .await?;
        if status == CommentStatus::Approved && from != CommentStatus::Approved {
            for id in ids {
                readers::on_approved(conn, *id).await?;
            }
        }
        Ok(changed)
    }

    /// Deletes trashed comments whose replies, if any, are deleted with them.
    async fn delete_for_good(
        conn: &mut AsyncPgConnection,
        ids: &[i64],
        from: CommentStatus,
    ) -> Result<usize, BulkError> {
        if from != CommentStatus::Trash {
            return Err(BulkError::Refused(BulkRefusal::NotInTrash));
        }
        let orphans: bool = diesel::select(diesel::dsl::exists(
            comments::table
                .filter(comments::parent_id.eq_any(ids))
                .filter(comments::id.ne_all(ids)),
        ))
        .get_result(conn)
        .await?;
        if orphans {
            return Err(BulkError::Refused(BulkRefusal::HasReplies));
        }
        Ok(
            diesel::delete(comments::table.filter(comments::id.eq_any(ids)))
                .execute(conn)
                .await?,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_five_actions_are_known() {
        for (raw, action) in [
            ("approve", BulkAction::Approve),
            ("restore", BulkAction::Restore),
            ("spam", BulkAction::Spam),
            ("trash", BulkAction::Trash),
            ("delete", BulkAction::Delete),
        ] {
            assert_eq!(BulkAction::parse(raw), Some(action));
        }
        for raw in ["", "Approve", "pending", "drop"] {
            assert_eq!(BulkAction::parse(raw), None, "{raw}");
        }
    }
}
