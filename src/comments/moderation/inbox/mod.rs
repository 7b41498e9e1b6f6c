//! The moderation inbox: its page and the queries behind its tabs.

pub mod page;
pub mod tabs;
