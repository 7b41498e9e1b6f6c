//! `GET|POST /admin/subscribers/{id}/delete`: erasing a subscriber (the reader and everything
//! attached), after a confirmation page.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::author_form::{AuthorForm, Button};
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::readers::model::Reader;
use crate::subscribers::model::Subscriber;
use crate::web::flash::{Flash, redirect_with};
use crate::web::layout::{Layout, PageContext};
use crate::web::render::page;

/// The confirmation page.
#[derive(Template)]
#[template(path = "subscribers/delete.html")]
pub struct DeleteSubscriberPage {
    layout: Layout,
    session: AuthorSession,
    subscriber: Subscriber,
}

/// `GET /admin/subscribers/{id}/delete`.
pub async fn confirm_delete_subscriber(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let subscriber = Subscriber::by_id(&mut conn, *id).await?;
    page(&DeleteSubscriberPage {
        layout: ctx.layout(ctx.t().subscribers.delete_title),
        session,
        subscriber,
    })
}

/// `POST /admin/subscribers/{id}/delete`: erases the reader.
pub async fn delete_subscriber(
    pool: web::Data<DbPool>,
    id: web::Path<i64>,
    _: AuthorForm<Button>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    if !Reader::erase(&mut conn, *id).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(reader_id = *id, "subscriber erased by the author");
    Ok(redirect_with(
        "/admin/subscribers",
        Flash::SubscriberDeleted,
    ))
}
