//! The node's `LISTEN sillage_pages` connection. Each notice names the pages a write changed
//! (`article:<slug>`, `all`); the first notice after a quiet spell drops its pages at once, and
//! the notices of the next 100 ms are gathered and dropped together, so a burst of votes on a
//! popular article costs a few renders, not one per vote. A notice of pages this node dropped
//! itself lately (its own write's, heard after the write dropped them) is acted on half a second
//! later, with the others of that spell. While the connection is down the cache serves nothing
//! and holds nothing: a notice missed meanwhile cannot leave a stale page.

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures_util::StreamExt;
use tokio::time::{Instant, sleep, sleep_until};

use crate::page_cache::own_writes::LATELY;
use crate::page_cache::{CHANNEL, PageCache};
use crate::worker::listener::backoff;

/// How long notices are gathered after one was acted on.
const GATHER: Duration = Duration::from_millis(100);

/// A cache with its notification connection, opened before the server takes its first request
/// so that the node caches from the start.
pub struct Listening {
    cache: Arc<PageCache>,
    connection: Option<AsyncPgConnection>,
    database_url: String,
}

impl Listening {
    /// Opens the connection for `cache` on `database_url` (the task tries again if it cannot).
    pub async fn open(cache: Arc<PageCache>, database_url: &str) -> Self {
        let connection = match open(database_url).await {
            Ok(connection) => {
                cache.set_listening(true);
                Some(connection)
            }
            Err(error) => {
                tracing::warn!(error = %error, "page cache: cannot listen yet; not caching");
                None
            }
        };
        Self {
            cache,
            connection,
            database_url: database_url.to_owned(),
        }
    }

    /// Acts on the notices until the task is dropped, opening the connection again (with
    /// backoff) whenever it drops.
    pub async fn run(self) {
        let Self {
            cache,
            mut connection,
            database_url,
        } = self;
        let mut failures: u32 = 0;
        loop {
            if let Some(mut open) = connection.take() {
                follow(&cache, &mut open).await;
                cache.set_listening(false);
                cache.clear();
                tracing::warn!("page cache: lost its notification connection; cleared");
            }
            match open(&database_url).await {
                Ok(opened) => {
                    if failures > 0 {
                        tracing::info!(attempts = failures, "page cache: listening again");
                    }
                    failures = 0;
                    // Notices sent before LISTEN were not heard: start empty.
                    cache.clear();
                    cache.set_listening(true);
                    connection = Some(opened);
                }
                Err(error) => {
                    failures += 1;
                    let wait = backoff(failures);
                    tracing::warn!(error = %error, retry_in = ?wait, "page cache: cannot listen; not caching");
                    sleep(wait).await;
                }
            }
        }
    }
}

async fn open(database_url: &str) -> anyhow::Result<AsyncPgConnection> {
    let mut connection = AsyncPgConnection::establish(database_url).await?;
    diesel::sql_query(format!("LISTEN {CHANNEL}"))
        .execute(&mut connection)
        .await?;
    Ok(connection)
}

/// Acts on the notices until the connection drops.
async fn follow(cache: &PageCache, connection: &mut AsyncPgConnection) {
    let mut notices = pin!(connection.notifications_stream());
    let mut gathering: Option<Instant> = None;
    let mut pending: Vec<String> = Vec::new();
    // Pages this node dropped itself lately: their notice is most likely its own write's.
    let mut put_off: Option<Instant> = None;
    let mut later: Vec<String> = Vec::new();
    loop {
        tokio::select! {
            notice = notices.next() => {
                let Some(Ok(notice)) = notice else { return };
                match Notice::parse(&notice.payload) {
                    Notice::Sync { node, token } => {
                        cache.written(pending.iter().chain(&later).map(String::as_str));
                        pending.clear();
                        later.clear();
                        cache.synced_to(node, token);
                    }
                    Notice::Tags(tags) => {
                        let (dropped_here, tags): (Vec<&str>, Vec<&str>) =
                            tags.into_iter().partition(|tag| cache.dropped_here_lately(tag));
                        if !dropped_here.is_empty() {
                            later.extend(dropped_here.into_iter().map(str::to_owned));
                            put_off.get_or_insert_with(|| Instant::now() + LATELY);
                        }
                        match gathering {
                            _ if tags.is_empty() => {}
                            None => {
                                cache.written(tags);
                                gathering = Some(Instant::now() + GATHER);
                            }
                            Some(_) => pending.extend(tags.into_iter().map(str::to_owned)),
                        }
                    }
                }
            }
            () = sleep_until(gathering.unwrap_or_else(Instant::now)), if gathering.is_some() => {
                if pending.is_empty() {
                    gathering = None;
                } else {
                    cache.written(pending.iter().map(String::as_str));
                    pending.clear();
                    gathering = Some(Instant::now() + GATHER);
                }
            }
            () = sleep_until(put_off.unwrap_or_else(Instant::now)), if put_off.is_some() => {
                cache.written(later.iter().map(String::as_str));
                later.clear();
                put_off = None;
            }
        }
    }
}

/// What a notice says.
#[derive(Debug, PartialEq, Eq)]
enum Notice<'a> {
    /// A node asks to hear when its listener has read this far.
    Sync { node: &'a str, token: u64 },
    /// These tags were written.
    Tags(Vec<&'a str>),
}

impl<'a> Notice<'a> {
    fn parse(payload: &'a str) -> Self {
        let sync = payload
            .strip_prefix("sync:")
            .and_then(|rest| rest.rsplit_once(':'))
            .and_then(|(node, token)| Some((node, token.parse().ok()?)));
        match sync {
            Some((node, token)) => Self::Sync { node, token },
            None => Self::Tags(payload.split(',').filter(|tag| !tag.is_empty()).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Notice;

    #[test]
    fn a_notice_is_a_sync_mark_or_a_list_of_tags() {
        assert_eq!(
            Notice::parse("sync:abc:7"),
            Notice::Sync {
                node: "abc",
                token: 7
            }
        );
        assert_eq!(
            Notice::parse("article:a,all"),
            Notice::Tags(vec!["article:a", "all"])
        );
    }
}
