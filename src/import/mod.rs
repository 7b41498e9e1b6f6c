//! Moving in from WordPress and wpDiscuz: `sillage import wordpress <WXR> [--wpdiscuz-sql DUMP]`.
//!
//! The WXR file is streamed on a blocking thread (one item in memory at a time, handed over a
//! small channel); each post is written in its own transaction with its comments, votes, rating,
//! follows and old addresses, keyed by WordPress ids so that a second import changes nothing and
//! a newer export adds only what is new. A dry run writes the same way inside one transaction
//! that is rolled back, so its report is the import's.

pub mod addresses;
pub mod admin;
pub mod article;
pub mod attachments;
pub mod context;
pub mod convert;
pub mod discussion;
pub mod dump;
pub mod feedback;
pub mod fields;
pub mod follows;
pub mod html_md;
pub mod issue;
pub mod lines;
pub mod mapping;
pub mod md_blocks;
pub mod media;
pub mod model;
pub mod php;
pub mod post;
pub mod report;
pub mod sql;
pub mod text;
pub mod votes;
pub mod wxr;

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use diesel_async::{AsyncConnection, AsyncPgConnection, TransactionManager};
use tokio::sync::mpsc;

use crate::i18n::Messages;
use crate::import::context::{CategoryChoice, Context};
use crate::import::model::{Channel, Item};
use crate::import::report::{Problem, Progress, Report};
use crate::import::wxr::{ReadError, WxrReader};

/// Why wpDiscuz's customised phrases are counted in the report and not imported.
const PHRASES_LEFT_OUT: &str =
    "customised wpDiscuz phrases (Sillage's interface has its own texts)";

/// What to import, and how.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The WXR export.
    pub wxr: PathBuf,
    /// A SQL dump of wpDiscuz's tables and `wp_options`.
    pub wpdiscuz_sql: Option<PathBuf>,
    /// A copy of `wp-content/uploads`, for the images.
    pub uploads: Option<PathBuf>,
    /// Roll everything back at the end.
    pub dry_run: bool,
    /// What categories become.
    pub categories: CategoryChoice,
    /// The site's time zone (when the dump does not name WordPress's).
    pub zone: Tz,
    /// The interface's strings.
    pub messages: &'static Messages,
    /// The most pixels an image may have (`images.max_pixels`).
    pub max_pixels: u64,
}

/// What the reading thread hands over.
enum Read {
    Channel(Box<Channel>),
    Item(Box<Item>, Vec<Problem>),
    End(Option<ReadError>, Vec<Problem>),
}

/// Imports the export. `Err` when the input could not be read at all (not a WXR file, a
/// missing file, an unreadable dump); a file broken midway gives a report with its `failure`.
/// `progress` is called with what was read so far after each item.
pub async fn import_wordpress(
    conn: &mut AsyncPgConnection,
    options: &ImportOptions,
    now: DateTime<Utc>,
    mut progress: impl FnMut(Progress),
) -> anyhow::Result<Report> {
    let dump = match &options.wpdiscuz_sql {
        Some(path) => {
            let file = File::open(path)
                .with_context(|| format!("cannot open the SQL dump {}", path.display()))?;
            dump::read(BufReader::new(file), options.zone)
                .with_context(|| format!("cannot read the SQL dump {}", path.display()))?
        }
        None => dump::Dump::default(),
    };
    let file = File::open(&options.wxr)
        .with_context(|| format!("cannot open {}", options.wxr.display()))?;
    let (send, mut receive) = mpsc::channel(4);
    let reading = tokio::task::spawn_blocking(move || read_file(file, send));
    let channel = match receive.recv().await {
        Some(Read::Channel(channel)) => channel,
        Some(Read::End(Some(error), _)) => return Err(error.into()),
        _ => anyhow::bail!("the export could not be read"),
    };
    let mut ctx = Context::new(
        &channel,
        dump,
        options.zone,
        options.categories,
        options.messages,
        now,
    );
    ctx.dry_run = options.dry_run;
    ctx.uploads = options
        .uploads
        .clone()
        .map(|dir| media::Uploads::new(dir, options.max_pixels));
    let mut report = Report {
        dry_run: options.dry_run,
        ..Report::default()
    };
    if options.dry_run {
        <AsyncPgConnection as AsyncConnection>::TransactionManager::begin_transaction(conn).await?;
    }
    let written = write_all(conn, &ctx, &mut receive, &mut report, &mut progress).await;
    if options.dry_run {
        <AsyncPgConnection as AsyncConnection>::TransactionManager::rollback_transaction(conn)
            .await?;
    }
    written?;
    reading.await.context("the reading thread panicked")?;
    Ok(report)
}

fn read_file(file: File, send: mpsc::Sender<Read>) {
    let mut reader = match WxrReader::open(BufReader::with_capacity(1 << 16, file)) {
        Ok(reader) => reader,
        Err(error) => {
            let _ = send.blocking_send(Read::End(Some(error), Vec::new()));
            return;
        }
    };
    if send
        .blocking_send(Read::Channel(Box::new(reader.channel.clone())))
        .is_err()
    {
        return;
    }
    loop {
        let next = reader.next_item();
        let problems = reader.take_problems();
        let message = match next {
            Ok(Some(item)) => Read::Item(Box::new(item), problems),
            Ok(None) => Read::End(None, problems),
            Err(error) => Read::End(Some(error), problems),
        };
        let last = matches!(message, Read::End(..));
        if send.blocking_send(message).is_err() || last {
            return;
        }
    }
}

async fn write_all(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    receive: &mut mpsc::Receiver<Read>,
    report: &mut Report,
    progress: &mut impl FnMut(Progress),
) -> anyhow::Result<()> {
    let added = mapping::add_redirects(conn, &addresses::site_addresses()).await?;
    report.imported("redirects", added as u64);
    if ctx.dump.phrases > 0 {
        report.skipped_many(PHRASES_LEFT_OUT, ctx.dump.phrases);
    }
    let mut attachments = Vec::new();
    let mut featured = Vec::new();
    let mut read = 0;
    while let Some(message) = receive.recv().await {
        match message {
            Read::Channel(_) => {}
            Read::Item(item, problems) => {
                problems.into_iter().for_each(|p| report.problem(p));
                read += 1;
                match (item.post_type.as_str(), item.status.as_str()) {
                    // Sillage has no pages: a page becomes an article without themes.
                    ("post" | "page", "publish" | "future" | "draft" | "pending" | "private") => {
                        post::write(conn, ctx, &item, report).await?;
                        if let Some(thumbnail) = item
                            .meta("_thumbnail_id")
                            .and_then(|v| v.trim().parse().ok())
                        {
                            featured.push((item.id, thumbnail));
                        }
                    }
                    ("post" | "page", "trash") => report.skipped("trashed posts"),
                    ("post" | "page", _) => report.skipped("automatic drafts and revisions"),
                    ("attachment", _) => attachments.push(*item),
                    (other, _) => report.skipped(format!("items of type `{other}`")),
                }
                progress(report.progress(read));
            }
            Read::End(error, problems) => {
                problems.into_iter().for_each(|p| report.problem(p));
                report.failure = error.map(|e| e.to_string());
            }
        }
    }
    attachments::pages(conn, ctx, &attachments, report).await?;
    if let Some(uploads) = &ctx.uploads {
        let mut heroes = Vec::new();
        for (post, thumbnail) in featured {
            if let Some(article) = ctx.mapping.find(conn, mapping::Kind::Post, post).await? {
                heroes.push((article, thumbnail));
            }
        }
        media::set_heroes(conn, uploads, &heroes, &attachments, report).await?;
    }
    Ok(())
}
