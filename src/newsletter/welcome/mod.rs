//! The welcome email a new subscriber receives: its text and the author's editor for it.

pub mod page;
pub mod text;
