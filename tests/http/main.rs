//! HTTP tests: a real app on a random port, a real PostgreSQL database per test.

mod admin_articles;
mod article_navigation;
mod auth;
mod cli;
mod comment_pages;
mod comments;
mod feeds;
mod images;
mod inline_comments;
mod metadata;
mod newsletter;
mod newsletter_crash;
mod newsletter_delivery;
mod newsletter_sends;
mod public_pages;
mod quality;
mod ratings;
mod search;
mod series_admin;
#[path = "../support/mod.rs"]
mod support;
