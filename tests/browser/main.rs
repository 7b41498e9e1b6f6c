//! Browser tests: headless Chromium driven through chromedriver (WebDriver), against a real app.

#[path = "../support/mod.rs"]
mod support;

mod accessibility;
mod bubble;
mod comment_flow;
mod driver;
mod publishing;
mod quality;
mod rating;
