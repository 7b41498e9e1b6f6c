//! The reader's newsletter signup: the form and its double opt-in, and what its answer can say.

pub mod page;
pub mod subscribe;
