//! Where a known reader's own parts go in a cached article page, and the splice that puts them
//! there. The plan is made when the page is filled: each part is rendered as nobody's and found
//! in the body, so a part that cannot be found (a template that drifted) turns splicing off for
//! that page instead of splicing in the wrong place.

use std::ops::Range;

use askama::Template;

use crate::comments::thread::views::CommentsSection;
use crate::i18n::Messages;
use crate::page_cache::fragments::{Named, RatingFragment, VoteFacts, VoteFragment, Words};
use crate::page_cache::reader::ReaderState;
use crate::ratings::views::RatingView;

/// The personal parts of one article page.
#[derive(Debug, Clone)]
pub struct ArticlePlan {
    t: &'static Messages,
    slug: String,
    rating: RatingView,
    rating_at: Range<usize>,
    /// Comment id, score and where its vote form is.
    votes: Vec<(i64, i64, Range<usize>)>,
}

impl ArticlePlan {
    /// The plan of the page of `slug` as rendered for nobody, not yet located in its body.
    pub fn new(
        t: &'static Messages,
        slug: &str,
        rating: &RatingView,
        comments: &CommentsSection,
    ) -> Self {
        Self {
            t,
            slug: slug.to_owned(),
            rating: rating.clone(),
            rating_at: 0..0,
            votes: comments
                .items
                .iter()
                .filter(|c| !c.pending)
                .map(|c| (c.id, c.score, 0..0))
                .collect(),
        }
    }

    /// The plan with each part found in `body`, or `None` when one is missing.
    pub fn locate(mut self, body: &[u8]) -> Option<Self> {
        self.rating_at = find(body, &self.rating_html(None).ok()?)?;
        let mut votes = std::mem::take(&mut self.votes);
        for (id, score, at) in &mut votes {
            *at = find(body, &self.vote_html(*id, *score, 0).ok()?)?;
        }
        votes.sort_by_key(|(_, _, at)| at.start);
        self.votes = votes;
        Some(self)
    }

    /// The bytes the plan itself holds.
    pub fn weight(&self) -> usize {
        self.slug.len() + 400 + self.votes.len() * 40
    }

    /// `body` with the reader's own stars and votes in place.
    pub fn splice(&self, body: &[u8], reader: &ReaderState) -> askama::Result<Vec<u8>> {
        let mut parts: Vec<(Range<usize>, String)> = Vec::new();
        if reader.stars.is_some() {
            parts.push((self.rating_at.clone(), self.rating_html(reader.stars)?));
        }
        for (id, score, at) in &self.votes {
            let mine = reader.vote_on(*id);
            if mine != 0 {
                parts.push((at.clone(), self.vote_html(*id, *score, mine)?));
            }
        }
        parts.sort_by_key(|(at, _)| at.start);
        let mut out = Vec::with_capacity(body.len() + 256);
        let mut from = 0;
        for (at, html) in parts {
            out.extend_from_slice(&body[from..at.start]);
            out.extend_from_slice(html.as_bytes());
            from = at.end;
        }
        out.extend_from_slice(&body[from..]);
        Ok(out)
    }

    fn rating_html(&self, mine: Option<i16>) -> askama::Result<String> {
        let mut rating = self.rating.clone();
        rating.mine = mine;
        RatingFragment {
            layout: Words { t: self.t },
            article: Named { slug: &self.slug },
            rating: &rating,
            rating_error: None,
        }
        .render()
    }

    fn vote_html(&self, id: i64, score: i64, my_vote: i16) -> askama::Result<String> {
        VoteFragment {
            layout: Words { t: self.t },
            c: VoteFacts { id, my_vote, score },
        }
        .render()
    }
}

/// Where `needle` is in `body`, when it is there once.
fn find(body: &[u8], needle: &str) -> Option<Range<usize>> {
    let needle = needle.as_bytes();
    let mut found = body
        .windows(needle.len().max(1))
        .enumerate()
        .filter(|(_, window)| *window == needle)
        .map(|(at, _)| at);
    let at = found.next()?;
    found.next().is_none().then_some(at..at + needle.len())
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn a_part_is_found_only_when_it_is_there_once() {
        assert_eq!(find(b"<a><b></b>", "<b>"), Some(3..6));
        assert_eq!(find(b"<a><b><b>", "<b>"), None, "twice");
        assert_eq!(find(b"<a>", "<b>"), None);
    }
}
