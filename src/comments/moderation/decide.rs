//! Moderating one comment from the inbox: `POST /admin/comments/{id}/approve|spam|trash|restore`,
//! its undo `POST /admin/comments/{id}/undo`, and `POST /admin/comments/{id}/reply` (the inbox
//! page itself is [`crate::comments::moderation::inbox::page`]).

use actix_web::{HttpResponse, web};
use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde::Deserialize;

use crate::auth::author_form::AuthorForm;
use crate::comments::model::{Comment, NewComment};
use crate::comments::moderation::inbox::notice::{self, Done};
use crate::comments::moderation::queries::RowLock;
use crate::comments::notifications::readers;
use crate::comments::status::CommentStatus;
use crate::comments::thread::render;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::schema::authors;
use crate::web::render::see_other;

/// A moderation form.
#[derive(Debug, Deserialize)]
pub struct ModerationForm {
    #[serde(default)]
    body: String,
}

/// `POST /admin/comments/{id}/{action}` with `action` = approve, spam, trash or restore; back
/// to the tab the comment was in, where the moderator was working, opened on what was done and
/// its undo.
pub async fn moderate(
    pool: web::Data<DbPool>,
    path: web::Path<(i64, String)>,
    _: AuthorForm<ModerationForm>,
) -> AppResult<HttpResponse> {
    let (id, action) = path.into_inner();
    let (status, done) = match action.as_str() {
        "approve" => (CommentStatus::Approved, Done::Approve),
        "restore" => (CommentStatus::Approved, Done::Restore),
        "spam" => (CommentStatus::Spam, Done::Spam),
        "trash" => (CommentStatus::Trash, Done::Trash),
        _ => return Err(AppError::NotFound),
    };
    let mut conn = pool.get().await?;
    let former = move_to(&mut conn, id, status).await?;
    tracing::info!(comment_id = id, status = %status, "comment moderated");
    Ok(see_other(&notice::location(former, done, id)))
}

/// An undo: the tab the comment goes back to.
#[derive(Debug, Deserialize)]
pub struct UndoForm {
    #[serde(default)]
    to: String,
}

/// `POST /admin/comments/{id}/undo` (field `to`): the comment goes back to the tab it was
/// moved from, and the inbox opens on that tab. A status it could not have come from is a 400.
pub async fn undo(
    pool: web::Data<DbPool>,
    id: web::Path<i64>,
    AuthorForm { form, .. }: AuthorForm<UndoForm>,
) -> AppResult<HttpResponse> {
    let to = CommentStatus::parse(&form.to).ok_or(AppError::BadRequest("unknown status"))?;
    let mut conn = pool.get().await?;
    move_to(&mut conn, *id, to).await?;
    tracing::info!(comment_id = *id, status = %to, "comment moderation undone");
    Ok(see_other(&notice::location(to, Done::Undo, *id)))
}

/// Moves comment `id` to `status` and returns the tab it was in (404 when it does not exist).
/// An approval and its readers' notification are written together; the row is locked from the
/// moment its former tab is read.
async fn move_to(
    conn: &mut AsyncPgConnection,
    id: i64,
    status: CommentStatus,
) -> AppResult<CommentStatus> {
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let former = Comment::status_of(conn, id, RowLock::ForUpdate).await?;
        if former.is_some() {
            Comment::set_status(conn, id, status, Utc::now()).await?;
            if status == CommentStatus::Approved {
                readers::on_approved(conn, id).await?;
            }
        }
        Ok(former)
    })
    .await?
    .ok_or(AppError::NotFound)
}

/// `POST /admin/comments/{id}/reply`: the author answers; the answer is approved at once and
/// the comment answered is approved with it.
pub async fn reply(
    pool: web::Data<DbPool>,
    id: web::Path<i64>,
    AuthorForm { session, form }: AuthorForm<ModerationForm>,
) -> AppResult<HttpResponse> {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let body = form.body.trim();
    if body.is_empty() || body.chars().count() > 5_000 {
        return Err(AppError::BadRequest(
            "reply body must be 1 to 5000 characters",
        ));
    }
    let mut conn = pool.get().await?;
    let (article_id, depth) = Comment::place(&mut conn, *id).await?;
    let email: String = authors::table
        .find(session.author_id)
        .select(authors::email)
        .first(&mut conn)
        .await?;
    let now = Utc::now();
    let html = render::render(body);
    let new = NewComment {
        article_id,
        parent_id: Some(*id),
        depth: depth + 1,
        author_name: &session.display_name,
        author_email: &email,
        author_url: None,
        by_author: true,
        body_markdown: body,
        body_html: &html,
        status: CommentStatus::Approved,
        notify: "none",
        anchor: None,
        reader_id: None,
        client_network: "author",
        approved_at: Some(now),
    };
    // The answered comment's approval, the answer and their notifications go together.
    let reply_id = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            Comment::set_status(conn, *id, CommentStatus::Approved, now).await?;
            readers::on_approved(conn, *id).await?;
            let reply_id = Comment::insert(conn, &new).await?;
            readers::on_approved(conn, reply_id).await?;
            Ok(reply_id)
        })
        .await?;
    tracing::info!(comment_id = reply_id, "author replied");
    let tab = CommentStatus::Approved;
    Ok(see_other(&notice::location(tab, Done::Reply, reply_id)))
}
