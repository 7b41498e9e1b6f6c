//! Deleting an article (with confirmation) and the editor's live preview.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::articles::markdown;
use crate::articles::model::Article;
use crate::auth::author_form::{AuthorForm, Button};
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::web::flash::{Flash, redirect_with};
use crate::web::layout::{Layout, PageContext};
use crate::web::render::page;

/// The delete confirmation page.
#[derive(Template)]
#[template(path = "admin/article_delete.html")]
pub struct DeletePage {
    layout: Layout,
    session: AuthorSession,
    id: i64,
    title: String,
}

/// `GET /admin/articles/{id}/delete`: asks for confirmation.
pub async fn confirm_delete(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let (article, _) = Article::by_id(&mut conn, *id).await?;
    let layout = ctx.layout(ctx.t().delete_title);
    page(&DeletePage {
        layout,
        session,
        id: article.id,
        title: article.title,
    })
}

/// `POST /admin/articles/{id}/delete`.
pub async fn delete_article(
    pool: web::Data<DbPool>,
    id: web::Path<i64>,
    _: AuthorForm<Button>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    if !Article::delete(&mut conn, *id).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(article_id = *id, "article deleted");
    Ok(redirect_with("/admin/articles", Flash::Deleted))
}

/// The live preview request.
#[derive(Debug, Deserialize)]
pub struct PreviewForm {
    #[serde(default)]
    body: String,
}

/// `POST /admin/preview`: the body rendered exactly as it will be published.
pub async fn preview(
    ctx: PageContext,
    AuthorForm { form, .. }: AuthorForm<PreviewForm>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(markdown::render(&form.body, ctx.settings.site.locale).html))
}
