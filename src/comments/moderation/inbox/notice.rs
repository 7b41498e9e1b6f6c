//! What the inbox says after an action on one comment. The action's redirect names it
//! (`?done=approve&comment=42#moderated`), so the page that follows opens on the notice: the
//! action in words and, beside it, an undo that puts the comment back in the tab it came from,
//! offered while the comment is still where the action left it. An answer has no undo (it is
//! published, and its readers may already be told): its notice links to it instead.

use diesel_async::AsyncPgConnection;

use crate::comments::model::Comment;
use crate::comments::moderation::queries::RowLock;
use crate::comments::status::CommentStatus;
use crate::i18n::moderation::ModerationMessages;

/// An action on one comment that the inbox reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// Approved from the pending tab.
    Approve,
    /// Brought back as approved from the spam or the trash.
    Restore,
    /// Marked as spam.
    Spam,
    /// Moved to the trash.
    Trash,
    /// Answered by the author (the comment named is the answer).
    Reply,
    /// An earlier action undone.
    Undo,
}

const ALL: [(Done, &str); 6] = [
    (Done::Approve, "approve"),
    (Done::Restore, "restore"),
    (Done::Spam, "spam"),
    (Done::Trash, "trash"),
    (Done::Reply, "reply"),
    (Done::Undo, "undo"),
];

impl Done {
    /// Reads the `done` parameter.
    pub fn parse(word: &str) -> Option<Self> {
        ALL.iter().find(|(_, w)| *w == word).map(|(done, _)| *done)
    }

    /// Its word in the URL.
    pub fn as_str(self) -> &'static str {
        ALL.iter()
            .find(|(done, _)| *done == self)
            .map_or("undo", |(_, w)| *w)
    }

    /// The status the action leaves the comment in, for those that can be undone.
    fn leaves(self) -> Option<CommentStatus> {
        match self {
            Done::Approve | Done::Restore => Some(CommentStatus::Approved),
            Done::Spam => Some(CommentStatus::Spam),
            Done::Trash => Some(CommentStatus::Trash),
            Done::Reply | Done::Undo => None,
        }
    }

    fn message(self, m: &ModerationMessages) -> &'static str {
        match self {
            Done::Approve => m.done_approved,
            Done::Restore => m.done_restored,
            Done::Spam => m.done_spam,
            Done::Trash => m.done_trash,
            Done::Reply => m.done_reply,
            Done::Undo => m.done_undone,
        }
    }
}

/// Where the inbox goes after `done` on comment `id`: the tab `tab`, opened on the notice.
pub fn location(tab: CommentStatus, done: Done, id: i64) -> String {
    format!(
        "/admin/comments?status={tab}&done={}&comment={id}#moderated",
        done.as_str()
    )
}

/// The undo of an action: comment `id` back to the tab `to`.
#[derive(Debug, Clone)]
pub struct Undo {
    /// The comment.
    pub id: i64,
    /// The tab it came from (`to` of the undo form).
    pub to: &'static str,
}

/// The notice at the top of the inbox.
#[derive(Debug, Clone)]
pub struct Notice {
    /// What was done.
    pub text: &'static str,
    /// Its undo, while the comment is where the action left it.
    pub undo: Option<Undo>,
    /// The answer's public address, after a reply.
    pub link: Option<String>,
}

impl Notice {
    /// The notice of `done` on comment `id`, the inbox showing `tab` (where it came from);
    /// `None` for a comment that no longer exists.
    pub async fn find(
        conn: &mut AsyncPgConnection,
        m: &ModerationMessages,
        done: Done,
        id: i64,
        tab: CommentStatus,
    ) -> diesel::QueryResult<Option<Self>> {
        let Some(now) = Comment::status_of(conn, id, RowLock::None).await? else {
            return Ok(None);
        };
        let undo = done
            .leaves()
            .filter(|left| *left == now && *left != tab)
            .map(|_| Undo {
                id,
                to: tab.as_str(),
            });
        Ok(Some(Self {
            text: done.message(m),
            undo,
            link: (done == Done::Reply).then(|| format!("/comments/{id}")),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_reads_back_from_its_word() {
        for (done, word) in ALL {
            assert_eq!(Done::parse(word), Some(done));
            assert_eq!(done.as_str(), word);
        }
        assert_eq!(Done::parse("delete"), None);
    }

    #[test]
    fn the_redirect_opens_the_tab_on_the_notice() {
        assert_eq!(
            location(CommentStatus::Pending, Done::Approve, 42),
            "/admin/comments?status=pending&done=approve&comment=42#moderated"
        );
    }
}
