//! Votes on comments: the stored votes and the reader's vote.

pub mod store;
pub mod vote;
