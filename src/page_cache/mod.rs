//! The rendered-page cache of the public pages. A page is rendered once for a reader nobody
//! knows, compressed once (brotli and gzip) and answered from memory until a write changes it:
//! the database tells every node which pages a write changed (`NOTIFY sillage_pages`, sent by
//! triggers in the writing transaction), and each node's listener drops them. A known reader
//! gets the shared page with their own stars and votes spliced in; the author, a reader whose
//! comment is pending or still editable, and a page with a flash message are rendered as before.
//!
//! Files: [`routes`] (which pages), [`visitor`] (who asks), [`entry`] and [`compress`] (a cached
//! page), [`freshness`] (which pages are still true), [`plan`], [`pieces`], [`fragments`] and [`reader`]
//! (a reader's own parts), [`serve`] (the answer), [`middleware`] (the flow), [`listen`] (the
//! notices), [`own_writes`] (this node's writes, dropped before they answer).

pub mod compress;
pub mod entry;
pub mod fragments;
pub mod freshness;
pub mod listen;
pub mod middleware;
pub mod own_writes;
pub mod pieces;
pub mod plan;
pub mod reader;
pub mod routes;
pub mod serve;
pub mod visitor;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use chrono::Utc;
use diesel::sql_types::Text;
use moka::sync::Cache;
use tokio::sync::watch;

use crate::comments::thread::views::CommentsSection;
use crate::db::DbPool;
use crate::i18n::Messages;
use crate::page_cache::entry::CachedPage;
use crate::page_cache::freshness::{Freshness, article_tag};
use crate::page_cache::own_writes::OwnWrites;
use crate::page_cache::plan::ArticlePlan;
use crate::page_cache::reader::ReaderState;
use crate::ratings::views::RatingView;
use crate::web::reader_cookie::ReaderKey;

pub use middleware::serve_cached;

/// The channel of the notices.
pub const CHANNEL: &str = "sillage_pages";

/// A cached page lives at most this long: the relative dates it shows ("il y a 3 minutes")
/// stay within a minute of the truth.
const PAGE_LIFE: Duration = Duration::from_secs(60);

/// How long an unused fill turn is kept.
const FILL_TURN_IDLE: Duration = Duration::from_secs(30);

/// How long a write's answer waits for this node's listener to have read the write's notices.
const SYNC_WAIT: Duration = Duration::from_secs(1);

/// The cache of one node.
pub struct PageCache {
    pages: Cache<String, Arc<CachedPage>>,
    fills: Cache<String, Arc<tokio::sync::Mutex<()>>>,
    readers: Cache<String, Arc<(ReaderState, u64)>>,
    freshness: Freshness,
    own: OwnWrites,
    listening: AtomicBool,
    node: String,
    next_sync: AtomicU64,
    synced: watch::Sender<u64>,
}

/// The mark of a request rendered for the cache: as for a reader nobody knows.
#[derive(Debug, Clone, Copy)]
pub struct SharedRender;

/// Whether `req` is being rendered for the cache (no reader, no session, no flash, no stamp).
pub fn is_shared_render(req: &HttpRequest) -> bool {
    req.extensions().contains::<SharedRender>()
}

/// The reader `req` is rendered for: the signed cookie's, unless the page is for everyone.
pub fn reader_of(req: &HttpRequest, key: &ReaderKey) -> Option<String> {
    (!is_shared_render(req))
        .then(|| key.known_reader(req))
        .flatten()
}

/// The pages a write answered by a response changed: all of them, as its triggers tell every
/// node. The node that made the write drops them itself before answering.
#[derive(Debug, Clone)]
pub struct Wrote(Vec<String>);

/// Says on `response` that its write changed the pages of the article at `slug` and no other.
pub fn wrote_article(response: &mut HttpResponse, slug: &str) {
    response
        .extensions_mut()
        .insert(Wrote(vec![article_tag(slug)]));
}

/// Gives the cache, with the article page rendered for it, where the reader's own parts go.
pub fn attach_plan(
    req: &HttpRequest,
    response: &mut HttpResponse,
    t: &'static Messages,
    slug: &str,
    rating: &RatingView,
    comments: &CommentsSection,
) {
    if is_shared_render(req) {
        response
            .extensions_mut()
            .insert(ArticlePlan::new(t, slug, rating, comments));
    }
}

impl PageCache {
    /// An empty cache of at most `max_bytes`, not serving until its listener listens.
    pub fn new(max_bytes: u64) -> anyhow::Result<Self> {
        let pages = Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|_: &String, page: &Arc<CachedPage>| page.weight())
            .time_to_live(PAGE_LIFE)
            .build();
        let readers = Cache::builder()
            .max_capacity(max_bytes / 8)
            .weigher(|key: &String, state: &Arc<(ReaderState, u64)>| {
                state
                    .0
                    .weight()
                    .saturating_add(u32::try_from(key.len()).unwrap_or(0))
            })
            .time_to_live(PAGE_LIFE)
            .build();
        Ok(Self {
            pages,
            // A turn outlives the longest fill; when one was evicted mid-fill, a second render
            // of the page is all it costs.
            fills: Cache::builder()
                .max_capacity(10_000)
                .time_to_idle(FILL_TURN_IDLE)
                .build(),
            readers,
            freshness: Freshness::default(),
            own: OwnWrites::default(),
            listening: AtomicBool::new(false),
            node: crate::auth::token::random_token()?,
            next_sync: AtomicU64::new(0),
            synced: watch::Sender::new(0),
        })
    }

    /// Whether pages are served from memory: only while this node hears every notice.
    pub fn is_serving(&self) -> bool {
        self.listening.load(Ordering::Acquire)
    }

    /// The fresh page at `key`.
    pub fn page(&self, key: &str) -> Option<Arc<CachedPage>> {
        let page = self.pages.get(key)?;
        if self.freshness.is_fresh(&page.tags, page.filled) {
            Some(page)
        } else {
            self.pages.invalidate(key);
            None
        }
    }

    /// Keeps `page` at `key` (unless a write made it stale while it was rendered).
    pub fn keep(&self, key: String, page: CachedPage) -> Arc<CachedPage> {
        let page = Arc::new(page);
        if self.freshness.is_fresh(&page.tags, page.filled) {
            self.pages.insert(key, page.clone());
        }
        page
    }

    /// The turn to fill the page at `key`: concurrent misses of one page take it in turn, so the
    /// first renders the page and the others find it kept.
    pub fn fill_turn(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        self.fills.get_with_by_ref(key, Arc::default)
    }

    /// The epoch a page carrying `tags` rendered from now on is filled at.
    pub fn filling(&self, tags: &[String]) -> u64 {
        self.freshness.filling(tags)
    }

    /// Drops the pages carrying one of `tags`.
    pub fn written<'a>(&self, tags: impl IntoIterator<Item = &'a str>) {
        self.freshness.written(tags);
    }

    /// Drops every page.
    pub fn clear(&self) {
        self.freshness.written([freshness::ALL]);
        self.pages.invalidate_all();
        self.readers.invalidate_all();
    }

    /// The bytes the pages take (after the cache's pending upkeep).
    pub fn weighted_size(&self) -> u64 {
        self.pages.run_pending_tasks();
        self.pages.weighted_size()
    }

    fn set_listening(&self, listening: bool) {
        self.listening.store(listening, Ordering::Release);
    }

    /// The marks of `reader` on the article at `slug`, from memory while no write touched it.
    pub async fn reader_state(
        &self,
        pool: &DbPool,
        slug: &str,
        reader: &str,
    ) -> anyhow::Result<ReaderState> {
        let key = format!("{slug}/{reader}");
        let tags = [article_tag(slug)];
        if let Some(known) = self.readers.get(&key)
            && self.freshness.is_fresh(&tags, known.1)
        {
            return Ok(known.0.clone());
        }
        let filled = self.filling(&tags);
        let mut conn = pool.get().await?;
        let state = ReaderState::of(&mut conn, slug, reader, Utc::now()).await?;
        if self.freshness.is_fresh(&tags, filled) {
            self.readers.insert(key, Arc::new((state.clone(), filled)));
        }
        Ok(state)
    }

    /// Drops the pages this node's write changed (with those of the writes around it) before
    /// the write answers.
    pub async fn wrote(&self, Wrote(tags): Wrote) {
        self.own.wrote(&self.freshness, tags).await;
    }

    /// Whether this node dropped the pages of `tag` itself lately.
    fn dropped_here_lately(&self, tag: &str) -> bool {
        self.own.dropped_lately(tag)
    }

    /// Waits until this node's listener has read every notice sent before now (the writes
    /// this node just made, when they did not say which pages they changed), so the writer's
    /// next page is fresh; drops everything if it cannot.
    pub async fn sync(&self, pool: &DbPool) {
        let token = self.next_sync.fetch_add(1, Ordering::AcqRel) + 1;
        let mut seen = self.synced.subscribe();
        let sent = async {
            use diesel_async::RunQueryDsl;
            let mut conn = pool.get().await?;
            diesel::sql_query("SELECT pg_notify($1, $2)")
                .bind::<Text, _>(CHANNEL)
                .bind::<Text, _>(format!("sync:{}:{token}", self.node))
                .execute(&mut conn)
                .await?;
            anyhow::Ok(())
        };
        let read = match sent.await {
            Ok(()) => tokio::time::timeout(SYNC_WAIT, seen.wait_for(|s| *s >= token))
                .await
                .is_ok_and(|r| r.is_ok()),
            Err(_) => false,
        };
        if !read {
            tracing::warn!("the page cache's listener did not answer in time: cache cleared");
            self.clear();
        }
    }

    /// Records that the listener read the sync notice `token` of `node`.
    fn synced_to(&self, node: &str, token: u64) {
        if node == self.node {
            self.synced.send_if_modified(|seen| {
                let later = token > *seen;
                if later {
                    *seen = token;
                }
                later
            });
        }
    }
}
