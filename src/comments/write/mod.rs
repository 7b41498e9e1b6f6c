//! Writing a comment: the form and its checks, the moderation policy, the guest's comment, the
//! author's own comment from the article page, and a commenter's edit or delete.

pub mod by_author;
pub mod form;
pub mod own;
pub mod policy;
pub mod post;
