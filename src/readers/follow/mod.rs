//! Following the comments of an article: the "S'abonner" request, the follows a reader holds,
//! and the link in each notification that stops one.

pub mod ask;
pub mod store;
pub mod unfollow;
