//! Inline comments: the passage a comment is about, and each quote found again in the article.

pub mod anchor;
pub mod quotes;
