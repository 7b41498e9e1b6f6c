//! Views gathered in memory and written in one batched upsert every few seconds, so counting
//! never slows a page view: a node that stops loses at most those seconds. A visitor is held
//! here only as a hash of their network and user agent until the flush turns it into the
//! day's mark.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel_async::AsyncPgConnection;
use foldhash::fast::RandomState;

use crate::analytics::site_day::SiteDay;
use crate::analytics::store;

/// One counted view, borrowed from the request that told of it: a view of a page already
/// gathered copies nothing.
#[derive(Debug, Clone)]
pub struct View<'a> {
    /// The site's day it happened on.
    pub day: NaiveDate,
    /// The page.
    pub path: &'a str,
    /// Where it came from ([`crate::analytics::source::source_of`]).
    pub source: Cow<'a, str>,
    /// A 128-bit SipHash of the visitor's truncated network and user agent (the same on every
    /// node), held in memory only.
    pub fingerprint: [u8; 16],
}

/// What waits for the next flush.
#[derive(Debug, Default)]
pub struct Pending {
    /// Views per day and page.
    pub views: HashMap<(NaiveDate, String), i64>,
    /// Views per day, page and source.
    pub sources: HashMap<(NaiveDate, String, String), i64>,
    /// Visitors seen per day and page.
    pub visitors: HashSet<(NaiveDate, String, [u8; 16])>,
}

impl Pending {
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

/// One page's counts of one day, as views come in. The maps live in memory only until the
/// next flush and are keyed by what the server made (a path it serves, a source it named, a
/// SipHash): a fast seeded hash is enough for them.
#[derive(Debug, Default)]
struct PageDay {
    views: i64,
    sources: HashMap<Box<str>, i64, RandomState>,
    visitors: HashSet<[u8; 16], RandomState>,
}

/// The views gathered since the last flush, by day (nearly always one, two around midnight)
/// and page: a view of a page already seen is a few lookups by reference, with nothing copied.
#[derive(Debug, Default)]
struct Gathered(Vec<(NaiveDate, Pages)>);

/// One day's pages, by path.
type Pages = HashMap<Box<str>, PageDay, RandomState>;

impl Gathered {
    fn add(&mut self, view: View<'_>) {
        let pages = match self.0.iter().position(|(day, _)| *day == view.day) {
            Some(at) => &mut self.0[at].1,
            None => {
                self.0.push((view.day, HashMap::default()));
                let last = self.0.len() - 1;
                &mut self.0[last].1
            }
        };
        if !pages.contains_key(view.path) {
            pages.insert(view.path.into(), PageDay::default());
        }
        let Some(page) = pages.get_mut(view.path) else {
            return;
        };
        page.views += 1;
        match page.sources.get_mut(view.source.as_ref()) {
            Some(n) => *n += 1,
            None => {
                page.sources.insert(view.source.into(), 1);
            }
        }
        page.visitors.insert(view.fingerprint);
    }

    /// The batch to write.
    fn into_pending(self) -> Pending {
        let mut batch = Pending::default();
        for (day, pages) in self.0 {
            for (path, page) in pages {
                let path = String::from(path);
                for (source, n) in page.sources {
                    batch.sources.insert((day, path.clone(), source.into()), n);
                }
                for fingerprint in page.visitors {
                    batch.visitors.insert((day, path.clone(), fingerprint));
                }
                batch.views.insert((day, path), page.views);
            }
        }
        batch
    }
}

/// The node's counter; shared by every worker thread of the web server.
#[derive(Debug)]
pub struct ViewCounter {
    gathered: Mutex<Gathered>,
    unwritten: Mutex<Pending>,
    own_host: String,
    days: SiteDay,
}

impl ViewCounter {
    /// A counter for the site at `own_host` (links from it are internal, not a source), whose
    /// days are those of `timezone`.
    pub fn new(own_host: String, timezone: Tz) -> Self {
        Self {
            gathered: Mutex::default(),
            unwritten: Mutex::default(),
            own_host,
            days: SiteDay::new(timezone),
        }
    }

    /// The site's day at `now`.
    pub fn day_of(&self, now: DateTime<Utc>) -> NaiveDate {
        self.days.of(now)
    }

    /// The site's own host name.
    pub fn own_host(&self) -> &str {
        &self.own_host
    }

    /// Counts a view (in memory: a few lookups under a short lock).
    pub fn record(&self, view: View<'_>) {
        // A poisoned lock only means another thread panicked mid-update: counts stay usable.
        let mut gathered = self.gathered.lock().unwrap_or_else(|e| e.into_inner());
        gathered.add(view);
    }

    /// Writes what waits in one transaction; on failure it is kept for the next flush.
    /// Returns how many page-day rows were written.
    pub async fn flush(&self, conn: &mut AsyncPgConnection) -> anyhow::Result<usize> {
        let gathered =
            std::mem::take(&mut *self.gathered.lock().unwrap_or_else(|e| e.into_inner()));
        let mut batch =
            std::mem::take(&mut *self.unwritten.lock().unwrap_or_else(|e| e.into_inner()));
        batch.merge(gathered.into_pending());
        if batch.is_empty() {
            return Ok(0);
        }
        match store::write(conn, &batch).await {
            Ok(rows) => Ok(rows),
            Err(error) => {
                self.unwritten
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .merge(batch);
                Err(error)
            }
        }
    }
}
