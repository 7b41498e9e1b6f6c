//! What the inbox shows, read from its address: a tab, a search, a page, and the action just
//! done on one comment to report; and the links between tabs and pages that keep the search.

use crate::comments::moderation::inbox::notice::Done;
use crate::comments::moderation::inbox::tabs::InboxCursor;
use crate::comments::status::CommentStatus;
use crate::error::{AppError, AppResult};

/// What the inbox shows: a tab, a search, a page.
#[derive(Debug, Clone)]
pub struct InboxView {
    /// The tab.
    pub status: CommentStatus,
    /// The search as typed (blank for none).
    pub q: String,
    /// Start below this comment.
    pub before: Option<InboxCursor>,
    /// The action just done on one comment, to report.
    pub done: Option<(Done, i64)>,
}

impl InboxView {
    /// Reads a tab and search; an unknown tab or a garbled cursor is a 400.
    pub fn parse(status: Option<&str>, q: Option<&str>, before: Option<&str>) -> AppResult<Self> {
        let status = match status.filter(|s| !s.is_empty()) {
            Some(word) => {
                CommentStatus::parse(word).ok_or(AppError::BadRequest("unknown status"))?
            }
            None => CommentStatus::Pending,
        };
        let before = match before.filter(|b| !b.is_empty()) {
            Some(raw) => Some(InboxCursor::parse(raw).ok_or(AppError::BadRequest("bad cursor"))?),
            None => None,
        };
        let q = q.unwrap_or_default().trim().to_owned();
        Ok(Self {
            status,
            q,
            before,
            done: None,
        })
    }

    /// The action to report, from `?done=&comment=`; a word or an id not understood reports
    /// nothing.
    pub fn reporting(mut self, done: Option<&str>, comment: Option<&str>) -> Self {
        self.done = done
            .and_then(Done::parse)
            .zip(comment.and_then(|id| id.parse().ok()));
        self
    }

    /// The link to `status` with this search, from its first page or below `before`.
    pub fn href(&self, status: CommentStatus, before: Option<InboxCursor>) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("status", status.as_str());
        if !self.q.is_empty() {
            query.append_pair("q", &self.q);
        }
        if let Some(before) = before {
            query.append_pair("before", &before.encode());
        }
        format!("/admin/comments?{}", query.finish())
    }
}
