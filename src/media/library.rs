//! `GET /admin/media`: the library's page, newest images first, each with its thumbnail,
//! words, size, the articles that use it and its Markdown to reuse it; and the answers of its
//! forms (`edit`, `replace`, `delete`), re-shown on the image's own page when refused.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::media::model::{self, ImageUse, MediaItem};
use crate::web::layout::{Layout, PageContext};
use crate::web::pagination::page_number;
use crate::web::render::render;

/// Images a page.
pub const PER_PAGE: i64 = 24;

/// Why a form of one image was refused, shown beside that image.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// The image.
    pub id: i64,
    /// The message.
    pub message: &'static str,
    /// The articles that still use it (a refused delete).
    pub uses: Vec<ImageUse>,
    /// The words as typed (a refused edit), to show them again.
    pub words: Option<(String, String)>,
}

/// One image of the page.
pub struct LibraryRow {
    item: MediaItem,
    uses: Vec<ImageUse>,
    size: String,
    markdown: String,
    alt: String,
    caption: String,
    refusal: Option<Refusal>,
}

/// The library page.
#[derive(Template)]
#[template(path = "media/library.html")]
pub struct LibraryPage {
    layout: Layout,
    session: AuthorSession,
    rows: Vec<LibraryRow>,
    newer: Option<String>,
    older: Option<String>,
}

/// `bytes` as the page shows a weight ("340 Ko", "1,2 Mo").
pub fn weight(bytes: i32, t: &Messages) -> String {
    let bytes = f64::from(bytes.max(0));
    if bytes < 1024.0 * 1024.0 {
        format!("{} {}", (bytes / 1024.0).ceil(), t.media.kilobytes)
    } else {
        format!(
            "{} {}",
            t.decimal(bytes / (1024.0 * 1024.0)),
            t.media.megabytes
        )
    }
}

fn page_url(page: i64) -> String {
    if page == 1 {
        "/admin/media".to_owned()
    } else {
        format!("/admin/media?page={page}")
    }
}

/// The library's page `page`, with `refusal` shown beside its image.
pub async fn library_page(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    session: AuthorSession,
    page: i64,
    refusal: Option<Refusal>,
) -> AppResult<LibraryPage> {
    let t = ctx.t();
    let (items, more) = MediaItem::page(conn, page, PER_PAGE).await?;
    let ids: Vec<i64> = items.iter().map(|item| item.id).collect();
    let mut uses = model::uses(conn, &ids).await?;
    let rows = items
        .into_iter()
        .map(|item| {
            let (mine, others) = uses.drain(..).partition(|u| u.image_id == item.id);
            uses = others;
            let refusal = refusal.clone().filter(|r| r.id == item.id);
            let (alt, caption) = refusal
                .as_ref()
                .and_then(|r| r.words.clone())
                .unwrap_or_else(|| (item.alt.clone(), item.caption.clone()));
            LibraryRow {
                size: weight(item.bytes, t),
                markdown: item.markdown(),
                uses: mine,
                alt,
                caption,
                refusal,
                item,
            }
        })
        .collect();
    Ok(LibraryPage {
        layout: ctx.layout(t.media.title),
        session,
        rows,
        newer: (page > 1).then(|| page_url(page - 1)),
        older: more.then(|| page_url(page + 1)),
    })
}

/// The `?page=` of the library.
#[derive(Debug, Deserialize)]
pub struct LibraryQuery {
    page: Option<String>,
}

/// `GET /admin/media`.
pub async fn show_library(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    query: web::Query<LibraryQuery>,
) -> AppResult<HttpResponse> {
    let page = page_number(query.page.as_deref())?;
    let mut conn = pool.get().await?;
    let page = library_page(&mut conn, &ctx, session, page, None).await?;
    render(StatusCode::OK, &page)
}
