//! Private audience counts, on the site's own database: each reader's view of a public page is
//! counted per page and day (cached pages included, no JavaScript, no cookie), robots and
//! prefetches left out; unique visitors are estimated from marks under a salt that lives one
//! day; referrers are kept as a group or a domain. Counting happens in memory and is written
//! in one batched upsert every few seconds ([`counter`]), daily and rolled up by month
//! ([`rollup`]); the dashboard reads whole months from the roll-up ([`span`], [`report`]) and
//! draws them on the server ([`chart`]).

pub mod article_report;
pub mod attribution;
pub mod beacon;
pub mod chart;
pub mod counter;
pub mod middleware;
pub mod privacy;
pub mod rating_trend;
pub mod report;
pub mod rollup;
pub mod site_day;
pub mod source;
pub mod span;
pub mod store;
pub mod visit;

pub use counter::ViewCounter;
pub use middleware::count_view;
pub use report::Audience;

/// Registers the privacy page and the beacon's `POST /a`.
pub fn routes(cfg: &mut actix_web::web::ServiceConfig) {
    privacy::routes(cfg);
    beacon::routes(cfg);
}
