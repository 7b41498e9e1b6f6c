//! Where a known reader's own parts go in a cached article page, and the splice that puts them
//! there. The plan is made when the page is filled: each part is rendered as nobody's and found
//! in the body, so a part that cannot be found (a template that drifted) turns splicing off for
//! that page instead of splicing in the wrong place. The pieces between the parts are deflated
//! then too, so a reader's gzipped page is put together without compressing it again.

use std::ops::Range;

use askama::Template;

use crate::comments::thread::views::CommentsSection;
use crate::i18n::Messages;
use crate::page_cache::fragments::{Named, RatingFragment, VoteFacts, VoteFragment, Words};
use crate::page_cache::pieces::{self, GzipStream};
use crate::page_cache::reader::ReaderState;
use crate::ratings::views::RatingView;

/// The personal parts of one article page.
#[derive(Debug, Clone)]
pub struct ArticlePlan {
    t: &'static Messages,
    slug: String,
    rating: RatingView,
    /// The parts, in the order of the body once located.
    holes: Vec<Hole>,
    /// The body cut at the parts, each piece deflated alone: the text before the first part,
    /// the first part as nobody's, the text up to the next part, and so on to the end.
    deflated: Vec<Vec<u8>>,
}

/// One personal part and where it is.
#[derive(Debug, Clone)]
struct Hole {
    part: Part,
    at: Range<usize>,
}

#[derive(Debug, Clone, Copy)]
enum Part {
    Rating,
    Vote { id: i64, score: i64 },
}

impl ArticlePlan {
    /// The plan of the page of `slug` as rendered for nobody, not yet located in its body.
    pub fn new(
        t: &'static Messages,
        slug: &str,
        rating: &RatingView,
        comments: &CommentsSection,
    ) -> Self {
        let votes = comments
            .items
            .iter()
            .filter(|c| !c.pending)
            .map(|c| Part::Vote {
                id: c.id,
                score: c.score,
            });
        Self {
            t,
            slug: slug.to_owned(),
            rating: rating.clone(),
            holes: std::iter::once(Part::Rating)
                .chain(votes)
                .map(|part| Hole { part, at: 0..0 })
                .collect(),
            deflated: Vec::new(),
        }
    }

    /// The plan with each part found in `body` and the pieces between deflated, or `None` when
    /// a part is missing.
    pub fn locate(mut self, body: &[u8]) -> Option<Self> {
        let mut holes = std::mem::take(&mut self.holes);
        for hole in &mut holes {
            hole.at = find(body, &self.html(hole.part, None).ok()?)?;
        }
        holes.sort_by_key(|hole| hole.at.start);
        let mut from = 0;
        let mut pieces = Vec::with_capacity(holes.len() * 2 + 1);
        for hole in &holes {
            pieces.push(body.get(from..hole.at.start)?);
            pieces.push(&body[hole.at.clone()]);
            from = hole.at.end;
        }
        pieces.push(&body[from..]);
        self.deflated = pieces
            .into_iter()
            .map(pieces::deflate)
            .collect::<std::io::Result<_>>()
            .ok()?;
        self.holes = holes;
        Some(self)
    }

    /// The bytes the plan itself holds.
    pub fn weight(&self) -> usize {
        self.slug.len()
            + 400
            + self.holes.len() * 48
            + self.deflated.iter().map(Vec::len).sum::<usize>()
    }

    /// `body` with the reader's own stars and votes in place.
    pub fn splice(&self, body: &[u8], reader: &ReaderState) -> askama::Result<Vec<u8>> {
        let own = self.own(reader)?;
        let mut out = Vec::with_capacity(body.len() + 256);
        let mut from = 0;
        for (hole, mine) in self.holes.iter().zip(&own) {
            out.extend_from_slice(&body[from..hole.at.start]);
            match mine {
                Some(html) => out.extend_from_slice(html.as_bytes()),
                None => out.extend_from_slice(&body[hole.at.clone()]),
            }
            from = hole.at.end;
        }
        out.extend_from_slice(&body[from..]);
        Ok(out)
    }

    /// The same page gzipped, from the pieces deflated when the page was filled: only the
    /// reader's own parts are new bytes.
    pub fn splice_gzip(&self, body: &[u8], reader: &ReaderState) -> askama::Result<Vec<u8>> {
        let own = self.own(reader)?;
        let room = self.deflated.iter().map(Vec::len).sum::<usize>() + 1024;
        let mut stream = GzipStream::with_capacity(room);
        let mut from = 0;
        for (at, (hole, mine)) in self.holes.iter().zip(&own).enumerate() {
            stream.push_deflated(&body[from..hole.at.start], &self.deflated[2 * at]);
            match mine {
                Some(html) => stream.push_stored(html.as_bytes()),
                None => stream.push_deflated(&body[hole.at.clone()], &self.deflated[2 * at + 1]),
            }
            from = hole.at.end;
        }
        stream.push_deflated(&body[from..], &self.deflated[2 * self.holes.len()]);
        Ok(stream.finish())
    }

    /// Each part's HTML for `reader`: theirs, or `None` where it is the shared one.
    fn own(&self, reader: &ReaderState) -> askama::Result<Vec<Option<String>>> {
        self.holes
            .iter()
            .map(|hole| match hole.part {
                Part::Rating => reader
                    .stars
                    .map(|stars| self.html(hole.part, Some(stars)))
                    .transpose(),
                Part::Vote { id, .. } => match reader.vote_on(id) {
                    0 => Ok(None),
                    mine => self.html(hole.part, Some(mine)).map(Some),
                },
            })
            .collect()
    }

    /// A part as `mine` (stars or a vote) sees it, or as nobody's.
    fn html(&self, part: Part, mine: Option<i16>) -> askama::Result<String> {
        match part {
            Part::Rating => {
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
            Part::Vote { id, score } => VoteFragment {
                layout: Words { t: self.t },
                c: VoteFacts {
                    id,
                    my_vote: mine.unwrap_or(0),
                    score,
                },
            }
            .render(),
        }
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
