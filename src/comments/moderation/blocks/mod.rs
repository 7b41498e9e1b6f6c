//! The block list: senders whose comments go straight to spam, and its admin page.

pub mod list;
pub mod page;
