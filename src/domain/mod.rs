//! Values parsed at the edge: once one exists, it is valid.

pub mod display_name;
pub mod email_address;
pub mod local_time;
pub mod network;
pub mod slug;
pub mod text;

pub use display_name::DisplayName;
pub use email_address::EmailAddress;
pub use slug::Slug;
