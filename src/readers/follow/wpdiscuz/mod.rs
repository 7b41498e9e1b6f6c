//! The links wpDiscuz mailed before the move to Sillage: an imported subscription's
//! unsubscribe link leads to this site's own unfollow page for the follow made from it, and its
//! confirmation link activates nothing; its follow, bulk-management and delete-comments links
//! say how to do the same here.

pub mod link;
pub mod pages;
pub mod retired;
pub mod store;
