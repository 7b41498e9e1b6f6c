//! The moderation inbox: its page, what its address asks it to show, the notice of the last
//! action, and the queries behind its tabs.

pub mod notice;
pub mod page;
pub mod tabs;
pub mod view;
