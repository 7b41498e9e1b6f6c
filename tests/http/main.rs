//! HTTP tests: a real app on a random port, a real PostgreSQL database per test.

#[path = "../support/mod.rs"]
mod support;

mod admin_articles;
mod article_navigation;
mod auth;
mod cli;
mod feeds;
mod metadata;
mod newsletter;
mod newsletter_crash;
mod newsletter_delivery;
mod newsletter_sends;
mod public_pages;
mod ratings;
mod search;
