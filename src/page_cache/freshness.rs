//! Which cached pages are still true: every notice of a write bumps one counter and marks its
//! tags with it; a page filled before the latest mark of one of its tags (or of `all`) is stale.
//! Reading the counter before rendering closes the race of a write landing while a page is
//! being rendered: that page is stored already stale and never served. Each tag also keeps the
//! epoch of its latest fill, so a write can tell whether any page of it is held or being
//! filled since its last mark (if none is, there is nothing to drop).

use std::collections::HashMap;
use std::sync::RwLock;

/// The tag every cached page carries: a notice of `all` drops every page.
pub const ALL: &str = "all";

/// The tag of one article's page and comment feed.
pub fn article_tag(slug: &str) -> String {
    format!("article:{slug}")
}

/// The marks of the tags written lately.
#[derive(Debug, Default)]
pub struct Freshness {
    state: RwLock<Marks>,
}

#[derive(Debug, Default)]
struct Marks {
    epoch: u64,
    tags: HashMap<String, u64>,
    fills: HashMap<String, u64>,
}

impl Marks {
    fn mark(&self, tag: &str) -> u64 {
        self.tags.get(tag).copied().unwrap_or(0)
    }
}

impl Freshness {
    /// The epoch a page rendered from now on is filled at.
    pub fn epoch(&self) -> u64 {
        self.state.read().map_or(u64::MAX, |marks| marks.epoch)
    }

    /// The epoch a page carrying `tags` whose rendering starts now is filled at, noted as
    /// the tags' latest fill.
    pub fn filling(&self, tags: &[String]) -> u64 {
        let Ok(mut marks) = self.state.write() else {
            return u64::MAX;
        };
        let epoch = marks.epoch;
        for tag in tags {
            marks.fills.insert(tag.clone(), epoch);
        }
        epoch
    }

    /// Whether a page carrying `tag` may be held, or being filled, that is not stale yet: one
    /// filled since the latest mark of the tag and of `all`.
    pub fn may_hold(&self, tag: &str) -> bool {
        let Ok(marks) = self.state.read() else {
            return true;
        };
        marks
            .fills
            .get(tag)
            .is_some_and(|fill| *fill >= marks.mark(tag).max(marks.mark(ALL)))
    }

    /// Marks `tags` as written: every page carrying one of them and filled before is stale.
    pub fn written<'a>(&self, tags: impl IntoIterator<Item = &'a str>) {
        let Ok(mut marks) = self.state.write() else {
            return;
        };
        marks.epoch += 1;
        let epoch = marks.epoch;
        for tag in tags {
            marks.tags.insert(tag.to_owned(), epoch);
        }
    }

    /// Whether a page carrying `tags`, filled at `filled`, is still true.
    pub fn is_fresh(&self, tags: &[String], filled: u64) -> bool {
        let Ok(marks) = self.state.read() else {
            return false;
        };
        let older = |tag: &str| marks.mark(tag) <= filled;
        older(ALL) && tags.iter().all(|tag| older(tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_stale_once_one_of_its_tags_or_all_is_written_after_its_fill() {
        let freshness = Freshness::default();
        let tags = vec![article_tag("a")];
        let filled = freshness.epoch();
        freshness.written(["article:b"]);
        assert!(freshness.is_fresh(&tags, filled), "another article");
        freshness.written(["article:a"]);
        assert!(!freshness.is_fresh(&tags, filled));
        let refilled = freshness.epoch();
        assert!(freshness.is_fresh(&tags, refilled));
        freshness.written([ALL]);
        assert!(!freshness.is_fresh(&tags, refilled));
        assert!(!freshness.is_fresh(&[], refilled), "all drops every page");
    }

    #[test]
    fn a_tag_may_hold_a_page_only_after_a_fill_since_its_last_mark() {
        let freshness = Freshness::default();
        let tags = vec![article_tag("a")];
        assert!(!freshness.may_hold(&tags[0]), "never filled");
        freshness.filling(&tags);
        assert!(freshness.may_hold(&tags[0]));
        assert!(!freshness.may_hold(&article_tag("b")));
        freshness.written(["article:a"]);
        assert!(!freshness.may_hold(&tags[0]), "its pages are stale already");
        freshness.filling(&tags);
        assert!(freshness.may_hold(&tags[0]));
        freshness.written([ALL]);
        assert!(!freshness.may_hold(&tags[0]), "all drops every page");
    }
}
