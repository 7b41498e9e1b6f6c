//! Browser tests: headless Chromium driven through chromedriver (WebDriver), against a real app.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test or a benchmark stops by panicking"
)]

#[path = "../support/mod.rs"]
mod support;

mod accessibility;
mod beacon;
mod body_images;
mod bubble;
mod comment_flow;
mod dashboard;
mod driver;
mod inbox_notice;
mod publishing;
mod quality;
mod rating;
mod send_progress;
