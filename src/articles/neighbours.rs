//! The articles just before and after an article in its series, by publication date (read with
//! the rest of the page's surroundings, see [`crate::articles::surroundings`]).

/// A link to another article.
#[derive(Debug, Clone)]
pub struct ArticleLink {
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: String,
}

/// The previous and next published articles of the same series.
#[derive(Debug, Clone, Default)]
pub struct SeriesNeighbours {
    /// Published just before.
    pub previous: Option<ArticleLink>,
    /// Published just after.
    pub next: Option<ArticleLink>,
}
