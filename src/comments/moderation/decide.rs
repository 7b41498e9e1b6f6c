//! Moderating one comment from the inbox: `POST /admin/comments/{id}/approve|spam|trash|restore`
//! and `POST /admin/comments/{id}/reply` (the inbox page itself is [`crate::comments::moderation::inbox::page`]).

use actix_web::{HttpResponse, web};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;

use crate::auth::author_form::AuthorForm;
use crate::comments::model::{Comment, NewComment};
use crate::comments::notifications::readers;
use crate::comments::status::CommentStatus;
use crate::comments::thread::render;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::schema::{authors, comments};
use crate::web::render::see_other;

/// A moderation form.
#[derive(Debug, Deserialize)]
pub struct ModerationForm {
    #[serde(default)]
    body: String,
}

/// `POST /admin/comments/{id}/{action}` with `action` = approve, spam, trash or restore.
pub async fn moderate(
    pool: web::Data<DbPool>,
    path: web::Path<(i64, String)>,
    _: AuthorForm<ModerationForm>,
) -> AppResult<HttpResponse> {
    let (id, action) = path.into_inner();
    let status = match action.as_str() {
        "approve" | "restore" => CommentStatus::Approved,
        "spam" => CommentStatus::Spam,
        "trash" => CommentStatus::Trash,
        _ => return Err(AppError::NotFound),
    };
    let mut conn = pool.get().await?;
    // The approval and the readers' notification are written together; the comment's row is
    // locked from the moment its former tab is read.
    let former = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            use diesel::prelude::*;
            use diesel_async::RunQueryDsl;
            let former: Option<CommentStatus> = comments::table
                .find(id)
                .select(comments::status)
                .for_update()
                .first(conn)
                .await
                .optional()?;
            if former.is_some() {
                Comment::set_status(conn, id, status, Utc::now()).await?;
                if status == CommentStatus::Approved {
                    readers::on_approved(conn, id).await?;
                }
            }
            Ok(former)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    tracing::info!(comment_id = id, status = %status, "comment moderated");
    // Back to the tab the comment was in, where the moderator was working.
    Ok(see_other(&format!("/admin/comments?status={former}")))
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
    Ok(see_other("/admin/comments?status=approved"))
}
