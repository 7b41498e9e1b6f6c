//! Automatic sends, each optional and set by the author in the admin: a newsletter announcing
//! each new article to the subscribers of its themes, and a weekly digest of the week's
//! articles. Both are ordinary newsletters scheduled through the usual path (ledger,
//! idempotency, a send more than an hour late waits for the author), made once each under a
//! unique `auto_key`.

pub mod announce;
pub mod config;
pub mod digest;
pub mod digest_body;
pub mod form;
pub mod page;
pub mod store;
pub mod weekly;
