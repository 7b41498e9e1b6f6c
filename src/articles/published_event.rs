//! The event of an article going live, by the author's publish action or by the scheduled
//! publication: a job queued in the publishing transaction. What it leads to (the
//! newsletter's announcement, the author's notice of a late publication) is decided where it is
//! run, at the worker's composition root (`worker::events`), so publishing names neither the
//! newsletter nor the worker.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An article went live.
#[derive(Debug, Serialize, Deserialize)]
pub struct ArticlePublished {
    /// The article.
    pub article_id: i64,
    /// When it went live.
    pub at: DateTime<Utc>,
    /// The time it was scheduled for, when it went live later than its grace allows.
    #[serde(default)]
    pub late_for: Option<DateTime<Utc>>,
}
