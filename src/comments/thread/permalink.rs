//! Where a comment is on its article's page. Threads come in keyset pages, so a comment of a
//! thread beyond the first page is not on `/articles/{slug}`: its address carries the cursor of
//! the page that opens with its thread (default order, newest first). `GET /comments/{id}` sends
//! there; emails, and the redirect after posting, use the same address.

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::comments::thread::cursor::Cursor;
use crate::comments::thread::listing::VISIBLE;
use crate::comments::thread::order::Order;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::schema::{articles, comments};
use crate::settings::Settings;
use crate::web::reader_cookie::ReaderKey;

/// Where a comment's thread stands among the threads of its article, newest first.
#[derive(Debug, QueryableByName)]
struct Standing {
    /// Threads shown before it.
    #[diesel(sql_type = BigInt)]
    before: i64,
    /// The thread just before it, which the cursor of its page names.
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    previous_id: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<Timestamptz>)]
    previous_at: Option<DateTime<Utc>>,
}

/// The standing of comment `$3`'s thread for reader `$2` on article `$1` (no row when the
/// comment is not visible to that reader). Visible and thread mean what they mean on the page:
/// a thread opens at a visible comment whose parent is not visible.
fn standing_query() -> String {
    format!(
        "WITH RECURSIVE {VISIBLE},
    threads AS (
        SELECT id, created_at FROM visible
        WHERE parent_id IS NULL OR parent_id NOT IN (SELECT id FROM visible)),
    chain AS (
        SELECT id, parent_id FROM visible WHERE id = $3
        UNION ALL
        SELECT v.id, v.parent_id FROM visible v JOIN chain c ON v.id = c.parent_id),
    root AS (
        SELECT t.id, t.created_at FROM threads t JOIN chain c ON c.id = t.id LIMIT 1)
    SELECT
        (SELECT count(*) FROM threads t WHERE (t.created_at, t.id) > (root.created_at, root.id))
            AS before,
        (SELECT t.id FROM threads t WHERE (t.created_at, t.id) > (root.created_at, root.id)
            ORDER BY t.created_at, t.id LIMIT 1) AS previous_id,
        (SELECT t.created_at FROM threads t WHERE (t.created_at, t.id) > (root.created_at, root.id)
            ORDER BY t.created_at, t.id LIMIT 1) AS previous_at
    FROM root"
    )
}

/// The address of comment `comment_id` on its published article, as `reader` sees the page
/// (`threads_per_page` threads a page); `None` when the comment is not visible to them or its
/// article is not published.
pub async fn location(
    conn: &mut AsyncPgConnection,
    comment_id: i64,
    reader: Option<&str>,
    threads_per_page: i64,
) -> QueryResult<Option<String>> {
    let article: Option<(i64, String)> = comments::table
        .inner_join(articles::table)
        .filter(comments::id.eq(comment_id))
        .filter(articles::status.eq("published"))
        .select((articles::id, articles::slug))
        .first(conn)
        .await
        .optional()?;
    let Some((article_id, slug)) = article else {
        return Ok(None);
    };
    let standing: Option<Standing> = diesel::sql_query(standing_query())
        .bind::<BigInt, _>(article_id)
        .bind::<Text, _>(reader.unwrap_or("-"))
        .bind::<BigInt, _>(comment_id)
        .get_result(conn)
        .await
        .optional()?;
    Ok(standing.map(|standing| {
        let page = match (standing.previous_id, standing.previous_at) {
            (Some(id), Some(created_at)) if standing.before >= threads_per_page => {
                let cursor = Cursor {
                    order: Order::Newest,
                    score: 0,
                    created_at,
                    id,
                };
                format!("?comments_after={}", cursor.encode())
            }
            _ => String::new(),
        };
        format!("/articles/{slug}{page}#comment-{comment_id}")
    }))
}

/// `GET /comments/{id}`: to the comment on its article's page; 404 when it is not shown.
pub async fn show_comment(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<ReaderKey>,
    settings: web::Data<Settings>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let reader = key.known_reader(&req);
    let mut conn = pool.get().await?;
    let per_page = settings.comments.threads_per_page;
    let to = location(&mut conn, id, reader.as_deref(), per_page)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish())
}

/// Where to send `reader` after they acted on comment `id` of the article at `slug`: the page
/// that shows it, or the article's first page when it is not shown to them.
pub async fn after_action(
    conn: &mut AsyncPgConnection,
    id: i64,
    reader: Option<&str>,
    threads_per_page: i64,
    slug: &str,
) -> QueryResult<String> {
    Ok(location(conn, id, reader, threads_per_page)
        .await?
        .unwrap_or_else(|| of_new_thread(slug, id)))
}

/// Where to send the writer of a comment that opens a new thread, just taken in: the newest
/// thread, it opens the article's first page (the address [`after_action`] finds, without its
/// two statements).
pub fn of_new_thread(slug: &str, id: i64) -> String {
    format!("/articles/{slug}#comment-{id}")
}
