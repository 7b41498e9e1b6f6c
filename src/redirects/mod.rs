//! Old addresses (a WordPress site's permalinks, `/?p=12`, `/category/x/`, feeds) answered with
//! a 301 to the page that took their place. The table is filled by the WordPress import; the
//! lookup runs only for requests no route answered, and for the home page when it carries one
//! of WordPress's query parameters, so no page of the site is ever shadowed.

pub mod handlers;
pub mod model;
