//! The parts of an article page that differ from one known reader to the next, rendered alone
//! from the very templates the page includes: the rating block (their stars) and the vote form
//! of each comment (their vote).

use askama::Template;

use crate::i18n::Messages;
use crate::ratings::views::RatingView;

/// The page's words, as the partials reach them (`layout.t`).
pub struct Words {
    /// The strings of the interface's language.
    pub t: &'static Messages,
}

/// The article, as the rating partial reaches it (`article.slug`).
pub struct Named<'a> {
    /// Its slug.
    pub slug: &'a str,
}

/// The rating block.
#[derive(Template)]
#[template(path = "partials/rating.html")]
pub struct RatingFragment<'a> {
    /// Words.
    pub layout: Words,
    /// The article.
    pub article: Named<'a>,
    /// The rating, with the reader's stars.
    pub rating: &'a RatingView,
    /// Never an error on a page served again.
    pub rating_error: Option<&'static str>,
}

/// What the vote form of one comment shows.
pub struct VoteFacts {
    /// The comment.
    pub id: i64,
    /// The reader's vote: 1, -1 or 0.
    pub my_vote: i16,
    /// The comment's score.
    pub score: i64,
}

/// The vote form of one comment.
#[derive(Template)]
#[template(path = "comments/votes/vote.html")]
pub struct VoteFragment {
    /// Words.
    pub layout: Words,
    /// The comment.
    pub c: VoteFacts,
}
