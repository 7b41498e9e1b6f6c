//! Bulk moderation: the comments ticked in one inbox tab moved or deleted together.

pub mod apply;
pub mod page;
