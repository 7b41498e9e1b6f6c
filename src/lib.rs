//! Sillage: a self-hosted publishing platform for an independent writer. One binary serves the
//! public site and the author's admin panel and runs the background work, all persisted in
//! PostgreSQL.

pub mod admin;
pub mod articles;
pub mod auth;
pub mod cli;
pub mod comments;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod feeds;
pub mod health;
pub mod i18n;
pub mod images;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod newsletter;
pub mod newsletters;
pub mod ratings;
pub mod redirects;
pub mod schema;
pub mod search;
pub mod secrets;
pub mod seo;
pub mod settings;
pub mod startup;
pub mod subscribers;
pub mod taxonomy;
pub mod telemetry;
pub mod web;
pub mod worker;
