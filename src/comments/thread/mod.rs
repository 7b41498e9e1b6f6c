//! Reading the comments of an article: the keyset pages of threads, their reading order, the
//! section of the article page, a comment's permalink, the live count and the comment text.

pub mod count;
pub mod cursor;
pub mod listing;
pub mod order;
pub mod permalink;
pub mod render;
pub mod section;
pub mod views;
