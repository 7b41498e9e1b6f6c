//! HTTP tests: a real app on a random port, a real PostgreSQL database per test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test or a benchmark stops by panicking"
)]

mod admin_articles;
mod admin_buttons;
mod admin_uploads;
mod analytics;
mod article_navigation;
mod article_statements;
mod article_stats;
mod auth;
mod automatic_sends;
mod cli;
mod comment_blocks;
mod comment_feed;
mod comment_pages;
mod comments;
mod faults;
mod feeds;
mod follows;
mod french_spacing;
mod hardening;
mod images;
mod import;
mod import_admin;
mod import_links;
mod inline_comments;
mod job_lease;
mod limits;
mod media;
mod message_ids;
mod metadata;
mod missed_schedules;
mod moderation;
mod moderation_notices;
mod newsletter;
mod newsletter_compose;
mod newsletter_crash;
mod newsletter_delivery;
mod newsletter_live;
mod newsletter_sends;
mod notifications;
mod page_cache;
mod public_pages;
mod quality;
mod ratings;
mod search;
mod series_admin;
mod similar;
mod subscribers;
mod subscribers_io;
#[path = "../support/mod.rs"]
mod support;
mod test_links;
mod welcome_email;
mod worker_faults;
mod worker_timing;
