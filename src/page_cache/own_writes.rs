//! This node's own writes: a write that knows the pages it changed drops them here before it
//! answers, so its writer's next page is fresh without waiting for the listener. A write whose
//! pages nobody filled since they were last dropped answers at once; otherwise the first write
//! after a quiet spell drops its pages at once, and the writes of the next 25 ms are gathered
//! and dropped together when the spell ends, each answering then, so a burst of votes on a
//! popular article being read costs a render per spell, not one per vote. The notices still go
//! to every node (this one included) through the database; the listener puts off a notice of
//! pages this node dropped lately (most likely its own write's, heard after the drop), so the
//! page rendered again meanwhile is not dropped a second time at once.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep_until};

use crate::page_cache::freshness::Freshness;

/// How long the writes after a drop are gathered before theirs.
pub const GATHER: Duration = Duration::from_millis(25);

/// How long after a drop here its pages count as dropped lately.
pub const LATELY: Duration = Duration::from_millis(500);

/// The pages written by this node and not dropped yet.
#[derive(Debug)]
pub struct OwnWrites {
    pending: Mutex<Pending>,
    dropped: watch::Sender<u64>,
}

#[derive(Debug)]
struct Pending {
    /// The spell the tags below are dropped at the end of.
    spell: u64,
    tags: HashSet<String>,
    /// When the current spell ends (set by its first write).
    due: Option<Instant>,
    /// When the last spell's tags were dropped.
    last_drop: Option<Instant>,
    /// The tags dropped here lately, and when.
    lately: HashMap<String, Instant>,
}

impl Default for OwnWrites {
    fn default() -> Self {
        Self {
            pending: Mutex::new(Pending {
                spell: 1,
                tags: HashSet::new(),
                due: None,
                last_drop: None,
                lately: HashMap::new(),
            }),
            dropped: watch::Sender::new(0),
        }
    }
}

impl OwnWrites {
    /// Drops the pages carrying `tags` from `freshness`, with those of the writes around it;
    /// returns once they are dropped.
    pub async fn wrote(&self, freshness: &Freshness, mut tags: Vec<String>) {
        // A page neither held nor being filled since its last drop has nothing to drop: the
        // next fill reads the write.
        tags.retain(|tag| freshness.may_hold(tag));
        if tags.is_empty() {
            return;
        }
        let (spell, due) = self.gather(tags);
        let mut dropped = self.dropped.subscribe();
        // Whoever is first at the end of the spell drops it: a writer that went away (its
        // client gone) never holds the others.
        tokio::select! {
            _ = dropped.wait_for(|seen| *seen >= spell) => {}
            () = sleep_until(due) => self.drop_spell(freshness, spell),
        }
    }

    /// Adds `tags` to the current spell: its number and end.
    fn gather(&self, tags: Vec<String>) -> (u64, Instant) {
        let mut pending = self.pending();
        let now = Instant::now();
        let due = match pending.due {
            Some(due) => due,
            None => {
                let due = pending
                    .last_drop
                    .map_or(now, |last| (last + GATHER).max(now));
                pending.due = Some(due);
                due
            }
        };
        pending.tags.extend(tags);
        (pending.spell, due)
    }

    /// Drops the tags of `spell`, unless another writer did.
    fn drop_spell(&self, freshness: &Freshness, spell: u64) {
        let mut pending = self.pending();
        if pending.spell != spell {
            return;
        }
        // Marked under the lock, so that no writer of the spell answers before its drop.
        freshness.written(pending.tags.iter().map(String::as_str));
        let now = Instant::now();
        let Pending { tags, lately, .. } = &mut *pending;
        lately.retain(|_, at| now.duration_since(*at) < LATELY);
        lately.extend(tags.drain().map(|tag| (tag, now)));
        pending.spell += 1;
        pending.due = None;
        pending.last_drop = Some(now);
        self.dropped.send_replace(spell);
    }

    /// Whether the pages of `tag` were dropped here in the last [`LATELY`].
    pub fn dropped_lately(&self, tag: &str) -> bool {
        self.pending()
            .lately
            .get(tag)
            .is_some_and(|at| at.elapsed() < LATELY)
    }

    /// The pending writes (a panic elsewhere under the lock leaves them whole: tags are only
    /// ever added, or dropped and cleared at once).
    fn pending(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_cache::freshness::article_tag;

    #[tokio::test]
    async fn a_lone_write_drops_its_page_at_once_and_a_burst_together() {
        let (own, freshness) = (OwnWrites::default(), Freshness::default());
        let (a, b) = (vec![article_tag("a")], vec![article_tag("b")]);
        let filled = freshness.filling(&[a[0].clone(), b[0].clone()]);
        let started = Instant::now();
        own.wrote(&freshness, a.clone()).await;
        assert!(
            started.elapsed() < GATHER,
            "the first write waits for nobody"
        );
        assert!(!freshness.is_fresh(&a, filled));
        assert!(freshness.is_fresh(&b, filled), "only the pages written");
        assert!(own.dropped_lately(&a[0]) && !own.dropped_lately(&b[0]));

        let burst_tags: Vec<String> = (0..10).map(|n| article_tag(&n.to_string())).collect();
        let refilled = freshness.filling(&[&a[..], &b[..], &burst_tags[..]].concat());
        let burst = burst_tags
            .iter()
            .map(|tag| own.wrote(&freshness, vec![tag.clone()]));
        futures_util::future::join_all(burst).await;
        own.wrote(&freshness, b.clone()).await;
        assert!(!freshness.is_fresh(&b, refilled));
        assert!(!freshness.is_fresh(&[article_tag("9")], refilled));
        assert!(freshness.is_fresh(&a, refilled));
        assert!(
            freshness.epoch() <= refilled + 2,
            "the burst is dropped in a spell or two, not a drop per write"
        );

        let before = freshness.epoch();
        let started = Instant::now();
        own.wrote(&freshness, b.clone()).await;
        assert!(started.elapsed() < GATHER, "nothing filled since: no wait");
        assert_eq!(freshness.epoch(), before, "and nothing to drop");
    }
}
