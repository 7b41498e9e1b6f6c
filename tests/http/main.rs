//! HTTP tests: a real app on a random port, a real PostgreSQL database per test.

mod admin_articles;
mod article_navigation;
mod auth;
mod cli;
mod comments;
mod feeds;
mod follows;
mod images;
mod metadata;
mod newsletter;
mod newsletter_crash;
mod newsletter_delivery;
mod newsletter_sends;
mod notifications;
mod public_pages;
mod quality;
mod ratings;
mod search;
mod series_admin;
#[path = "../support/mod.rs"]
mod support;
