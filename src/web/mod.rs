//! Cross-cutting pieces of the web layer: page layout, rendering, static assets, the client's
//! address, compression, flash messages, pagination, security headers and the friendly error
//! pages.

pub mod allowed_hosts;
pub mod assets;
pub mod bot_guard;
pub mod client_addr;
pub mod compression;
pub mod error_pages;
pub mod flash;
pub mod form_errors;
pub mod form_stamp;
pub mod layout;
pub mod lenient_form;
pub mod origin;
pub mod pagination;
pub mod private_pages;
pub mod reader_cookie;
pub mod render;
pub mod security_headers;
pub mod upload_limit;
pub mod visitor;
