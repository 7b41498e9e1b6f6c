//! Values parsed at the edge: once one exists, it is valid.

pub mod email_address;
pub mod slug;
pub mod text;

pub use email_address::EmailAddress;
pub use slug::Slug;
