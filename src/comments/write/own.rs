//! A commenter edits or deletes their own comment for 15 minutes, from the browser that wrote
//! it (its signed reader cookie, no account), as long as nobody answered it.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Deserialize;

use crate::comments::status::CommentStatus;
use crate::comments::thread::permalink;
use crate::comments::thread::render;
use crate::comments::write::policy::{self, Verdict};
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::schema::{articles, comments};
use crate::settings::Settings;
use crate::web::reader_cookie::ReaderKey;
use crate::web::render::see_other;

/// How long a comment stays editable by its writer.
pub const EDIT_WINDOW: Duration = Duration::minutes(15);

/// The edit form.
#[derive(Debug, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
}

/// The comment's article slug and author name, if `reader` may still change it at `now`.
async fn editable(
    conn: &mut AsyncPgConnection,
    id: i64,
    reader: &str,
    now: chrono::DateTime<Utc>,
) -> QueryResult<Option<(String, String)>> {
    let answered: bool = diesel::select(diesel::dsl::exists(
        comments::table.filter(comments::parent_id.eq(id)),
    ))
    .get_result(conn)
    .await?;
    if answered {
        return Ok(None);
    }
    comments::table
        .inner_join(articles::table)
        .filter(comments::id.eq(id))
        .filter(comments::reader_id.eq(reader))
        // Spam (a blocked sender's too) and trash are the moderator's: an edit must not bring
        // them back to moderation.
        .filter(comments::status.eq_any([CommentStatus::Approved, CommentStatus::Pending]))
        .filter(comments::created_at.gt(now - EDIT_WINDOW))
        .select((articles::slug, comments::author_name))
        .first(conn)
        .await
        .optional()
}

/// `POST /comments/{id}/edit`.
pub async fn edit_own(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<ReaderKey>,
    settings: web::Data<Settings>,
    id: web::Path<i64>,
    form: web::Form<EditForm>,
) -> AppResult<HttpResponse> {
    let reader = key
        .known_reader(&req)
        .ok_or(AppError::Forbidden("not the writer"))?;
    let body = form.body.trim();
    if body.is_empty() || body.chars().count() > 5_000 {
        return Err(AppError::BadRequest("a comment is 1 to 5000 characters"));
    }
    let mut conn = pool.get().await?;
    let (slug, name) = editable(&mut conn, *id, &reader, Utc::now())
        .await?
        .ok_or(AppError::Forbidden("no longer editable"))?;
    // An edit is judged again: links or words added after approval send it back to moderation.
    let verdict = policy::judge(body, &name, true, &settings.comments);
    if verdict == Verdict::Reject {
        return Err(AppError::BadRequest("blocked word"));
    }
    let target = comments::table.find(*id);
    let html = render::render(body);
    if verdict == Verdict::Hold {
        diesel::update(target)
            .set((
                comments::body_markdown.eq(body),
                comments::body_html.eq(&html),
                comments::status.eq(CommentStatus::Pending),
            ))
            .execute(&mut conn)
            .await?;
    } else {
        diesel::update(target)
            .set((
                comments::body_markdown.eq(body),
                comments::body_html.eq(&html),
            ))
            .execute(&mut conn)
            .await?;
    }
    let per_page = settings.comments.threads_per_page;
    let to = permalink::after_action(&mut conn, *id, Some(&reader), per_page, &slug).await?;
    Ok(see_other(&to))
}

/// `POST /comments/{id}/delete`.
pub async fn delete_own(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<ReaderKey>,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let reader = key
        .known_reader(&req)
        .ok_or(AppError::Forbidden("not the writer"))?;
    let mut conn = pool.get().await?;
    let (slug, _) = editable(&mut conn, *id, &reader, Utc::now())
        .await?
        .ok_or(AppError::Forbidden("no longer deletable"))?;
    diesel::delete(comments::table.find(*id))
        .execute(&mut conn)
        .await?;
    Ok(see_other(&format!("/articles/{slug}#comments")))
}
