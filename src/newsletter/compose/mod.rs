//! Composing a newsletter: the compose form, filling it in from a published article, and the
//! test sent to the author.

pub mod form;
pub mod from_article;
pub mod page;
pub mod test_send;
