//! Views gathered in memory and written in one batched upsert every few seconds, so counting
//! never slows a page view: a node that stops loses at most those seconds. A visitor is held
//! here only as a hash of their network and user agent until the flush turns it into the
//! day's mark.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;

use crate::analytics::store;

/// One counted view.
#[derive(Debug, Clone)]
pub struct View {
    /// The site's day it happened on.
    pub day: NaiveDate,
    /// The page.
    pub path: String,
    /// Where it came from ([`crate::analytics::source::source_of`]).
    pub source: String,
    /// SHA-256 of the visitor's truncated network and user agent.
    pub fingerprint: [u8; 32],
}

/// What waits for the next flush.
#[derive(Debug, Default)]
pub struct Pending {
    /// Views per day and page.
    pub views: HashMap<(NaiveDate, String), i64>,
    /// Views per day, page and source.
    pub sources: HashMap<(NaiveDate, String, String), i64>,
    /// Visitors seen per day and page.
    pub visitors: HashSet<(NaiveDate, String, [u8; 32])>,
}

impl Pending {
    fn add(&mut self, view: View) {
        *self.views.entry((view.day, view.path.clone())).or_default() += 1;
        *self
            .sources
            .entry((view.day, view.path.clone(), view.source))
            .or_default() += 1;
        self.visitors
            .insert((view.day, view.path, view.fingerprint));
    }

    fn merge(&mut self, other: Pending) {
        for (key, n) in other.views {
            *self.views.entry(key).or_default() += n;
        }
        for (key, n) in other.sources {
            *self.sources.entry(key).or_default() += n;
        }
        self.visitors.extend(other.visitors);
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.views.is_empty()
    }
}

/// The node's counter; shared by every worker thread of the web server.
#[derive(Debug)]
pub struct ViewCounter {
    pending: Mutex<Pending>,
    own_host: String,
}

impl ViewCounter {
    /// A counter for the site at `own_host` (links from it are internal, not a source).
    pub fn new(own_host: String) -> Self {
        Self {
            pending: Mutex::default(),
            own_host,
        }
    }

    /// The site's own host name.
    pub fn own_host(&self) -> &str {
        &self.own_host
    }

    /// Counts a view (in memory: a few map updates).
    pub fn record(&self, view: View) {
        // A poisoned lock only means another thread panicked mid-update: counts stay usable.
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.add(view);
    }

    /// Writes what waits in one transaction; on failure it is kept for the next flush.
    /// Returns how many page-day rows were written.
    pub async fn flush(&self, conn: &mut AsyncPgConnection) -> anyhow::Result<usize> {
        let batch = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if batch.is_empty() {
            return Ok(0);
        }
        match store::write(conn, &batch).await {
            Ok(rows) => Ok(rows),
            Err(error) => {
                self.pending
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .merge(batch);
                Err(error)
            }
        }
    }
}
