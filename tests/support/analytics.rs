//! The view-counting set-up the HTTP and browser tests of the beacon share.

use sillage::settings::CountingMode;

use crate::support::articles::publish_as_author;
use crate::support::{TestApp, spawn_app_with};

/// The slug of the one article of [`spawn_beacon_app`].
pub const ANALYSED: &str = "une-analyse";

/// An app that counts views from the page's beacon (`analytics.mode = "beacon"`) and flushes
/// its counts every second, with one published article, [`ANALYSED`]; the test's client stays
/// a reader's.
pub async fn spawn_beacon_app() -> TestApp {
    let mut app = spawn_app_with(|s| {
        s.analytics.flush_seconds = 1;
        s.analytics.mode = CountingMode::Beacon;
    })
    .await;
    publish_as_author(&mut app, ANALYSED, "Une analyse", "Un paragraphe.").await;
    app
}
