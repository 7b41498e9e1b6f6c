//! The moderation inbox: its page, the notice of the last action, and the queries behind its
//! tabs.

pub mod notice;
pub mod page;
pub mod tabs;
