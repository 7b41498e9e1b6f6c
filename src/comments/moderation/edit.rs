//! `GET|POST /admin/comments/{id}/edit`: the moderator corrects a comment's text, name or
//! website, within the guest form's limits and through the same sanitiser, then goes back to
//! the inbox tab the comment is in.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::author_form::AuthorForm;
use crate::auth::session::AuthorSession;
use crate::comments::model::Comment;
use crate::comments::moderation::queries::{CommentUpdate, Editable};
use crate::comments::thread::render;
use crate::comments::write::form::{check_body, check_name, check_url};
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::{page, render};

/// The edit form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct EditCommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    website: String,
}

/// The edit page.
#[derive(Template)]
#[template(path = "comments/moderation/edit.html")]
pub struct EditCommentPage {
    layout: Layout,
    session: AuthorSession,
    comment: Editable,
    form: EditCommentForm,
    errors: FormErrors,
}

/// `GET /admin/comments/{id}/edit`.
pub async fn show_edit(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let comment = Comment::editable(&mut conn, *id).await?;
    let form = EditCommentForm {
        body: comment.body_markdown.clone(),
        name: comment.author_name.clone(),
        website: comment.author_url.clone().unwrap_or_default(),
    };
    page(&EditCommentPage {
        layout: ctx.layout(ctx.t().moderation.edit_title),
        session,
        comment,
        form,
        errors: FormErrors::default(),
    })
}

/// `POST /admin/comments/{id}/edit`.
pub async fn edit_comment(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    id: web::Path<i64>,
    AuthorForm { session, form }: AuthorForm<EditCommentForm>,
) -> AppResult<HttpResponse> {
    let t = ctx.t();
    let mut conn = pool.get().await?;
    let comment = Comment::editable(&mut conn, *id).await?;
    let mut errors = FormErrors::default();
    check_name(t, &form.name, "name", &mut errors);
    let url = check_url(t, &form.website, "website", &mut errors);
    check_body(t, &form.body, "body", &mut errors);
    if !errors.is_empty() {
        let page = EditCommentPage {
            layout: ctx.layout(t.moderation.edit_title),
            session,
            comment,
            form,
            errors,
        };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let body = form.body.trim();
    let html = render::render(body);
    let update = CommentUpdate {
        author_name: form.name.trim(),
        author_url: url.as_deref(),
        body_markdown: body,
        body_html: &html,
    };
    if !Comment::update_text(&mut conn, comment.id, &update).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(comment_id = comment.id, "comment edited by the moderator");
    let back = format!(
        "/admin/comments?status={}#comment-{}",
        comment.status, comment.id
    );
    Ok(redirect_with(&back, Flash::CommentEdited))
}
