//! The emails about comments, by audience: the readers who follow a thread (queued on approval,
//! grouped in one email per window) and the author (a comment waiting, or an hourly digest).

pub mod author_digest;
pub mod author_notice;
pub mod reader_mail;
pub mod readers;
