//! Following the comments of an article: the "S'abonner" request, the follows a reader holds,
//! the link in each notification that stops one, and the links wpDiscuz mailed before the move.

pub mod ask;
pub mod store;
pub mod unfollow;
pub mod wpdiscuz;
