//! What every item's import needs to know: the site's mapping, the SQL dump's data, the time
//! zone, the author's choices and who the site's authors were.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::i18n::Messages;
use crate::import::dump::Dump;
use crate::import::mapping::Mapping;
use crate::import::media::Uploads;
use crate::import::model::{Channel, WpComment};

/// What WordPress categories become (tags always become themes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CategoryChoice {
    /// Themes, like tags.
    Themes,
    /// The article's first category becomes its series; the others become themes.
    Series,
}

/// The import's shared state.
#[derive(Debug)]
pub struct Context {
    /// Where items are remembered.
    pub mapping: Mapping,
    /// The SQL dump's data (empty without a dump).
    pub dump: Dump,
    /// The site's time zone, for dates without their UTC value.
    pub zone: Tz,
    /// What categories become.
    pub categories: CategoryChoice,
    /// The WordPress user ids of the site's authors.
    pub author_ids: HashSet<i64>,
    /// Their addresses, lower-cased.
    pub author_emails: HashSet<String>,
    /// The interface's strings (for the few texts the import writes).
    pub messages: &'static Messages,
    /// The time of the import.
    pub now: DateTime<Utc>,
    /// The copy of the uploads, if given.
    pub uploads: Option<Uploads>,
    /// Whether everything written is rolled back at the end.
    pub dry_run: bool,
}

impl Context {
    /// The context of an export whose channel was read.
    pub fn new(
        channel: &Channel,
        dump: Dump,
        zone: Tz,
        categories: CategoryChoice,
        messages: &'static Messages,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            mapping: Mapping::of_site(&channel.blog_url),
            zone: dump.options.zone.unwrap_or(zone),
            dump,
            categories,
            author_ids: channel
                .authors
                .iter()
                .map(|a| a.id)
                .filter(|id| *id > 0)
                .collect(),
            author_emails: channel
                .authors
                .iter()
                .map(|a| a.email.clone())
                .filter(|e| !e.is_empty())
                .collect(),
            messages,
            now,
            uploads: None,
            dry_run: false,
        }
    }

    /// Whether a comment was written by one of the site's authors.
    pub fn by_author(&self, comment: &WpComment) -> bool {
        (comment.user_id > 0 && self.author_ids.contains(&comment.user_id))
            || self
                .author_emails
                .contains(&comment.author_email.trim().to_lowercase())
    }
}
