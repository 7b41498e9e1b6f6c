//! Writing a comment: the form and its checks, the checked guest comment, the guards and the
//! moderation policy that take it in, the author's own comment from the article page, and a
//! commenter's edit or delete.

pub mod by_author;
pub mod form;
pub mod guest;
pub mod own;
pub mod policy;
pub mod post;
pub mod submission;
