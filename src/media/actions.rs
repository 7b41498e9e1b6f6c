//! The media library's forms: `POST /admin/media/{id}/edit` (its words),
//! `/admin/media/{id}/replace` (its file, same id and address) and `/admin/media/{id}/delete`
//! (refused while an article uses it, naming them). Each success answers 303 to the image on
//! its page; each refusal re-shows that page with the reason beside the image.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::auth::author_form::{AuthorForm, Button};
use crate::auth::author_upload::{AuthorUpload, UploadCap};
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::images::variants;
use crate::media::library::{PER_PAGE, Refusal, library_page};
use crate::media::model::{self, Deletion, MediaItem, ReplaceError};
use crate::media::upload::{MediaForm, check_file};
use crate::media::words::ImageWords;
use crate::web::flash::{Flash, redirect_with};
use crate::web::layout::PageContext;
use crate::web::render::render;

/// The words form of one image.
#[derive(Debug, Deserialize)]
pub struct WordsForm {
    #[serde(default)]
    alt: String,
    #[serde(default)]
    caption: String,
}

/// Where the image `id` shows in the library.
async fn location(conn: &mut diesel_async::AsyncPgConnection, id: i64) -> AppResult<String> {
    let page = MediaItem::page_of(conn, id, PER_PAGE).await?;
    Ok(match page {
        1 => format!("/admin/media#media-{id}"),
        page => format!("/admin/media?page={page}#media-{id}"),
    })
}

/// The library page of the refused image, answered with `status`.
async fn refuse(
    pool: &DbPool,
    ctx: &PageContext,
    session: AuthorSession,
    refusal: Refusal,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    MediaItem::by_id(&mut conn, refusal.id).await?;
    let page = MediaItem::page_of(&mut conn, refusal.id, PER_PAGE).await?;
    let page = library_page(&mut conn, ctx, session, page, Some(refusal)).await?;
    render(status, &page)
}

/// `POST /admin/media/{id}/edit` (fields `alt`, `caption`).
pub async fn edit_words(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    id: web::Path<i64>,
    sent: AuthorForm<WordsForm>,
) -> AppResult<HttpResponse> {
    let AuthorForm { session, form } = sent;
    let (id, t) = (*id, ctx.t());
    let words = match ImageWords::parse(&form.alt, &form.caption, t) {
        Ok(words) => words,
        Err(refused) => {
            let refusal = Refusal {
                id,
                message: refused.message,
                uses: Vec::new(),
                words: Some((form.alt.clone(), form.caption.clone())),
            };
            return refuse(
                &pool,
                &ctx,
                session,
                refusal,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let mut conn = pool.get().await?;
    if !model::set_words(&mut conn, id, &words).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(image_id = id, "library image words saved");
    Ok(redirect_with(
        &location(&mut conn, id).await?,
        Flash::MediaSaved,
    ))
}

/// `POST /admin/media/{id}/replace` (multipart, field `image`).
pub async fn replace_file(
    upload: AuthorUpload<UploadCap>,
    pool: web::Data<DbPool>,
    ctx: PageContext,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let session = upload.session;
    let form = MediaForm::read(upload.fields, "image").await?;
    let (id, t) = (*id, ctx.t());
    let refusal = |message| Refusal {
        id,
        message,
        uses: Vec::new(),
        words: None,
    };
    let file = match check_file(form.file, ctx.settings.images.max_pixels, t) {
        Ok(file) => file,
        Err(refused) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return refuse(&pool, &ctx, session, refusal(refused.error), status).await;
        }
    };
    let mut conn = pool.get().await?;
    match model::replace(&mut conn, id, &file).await {
        Ok(()) => {}
        Err(ReplaceError::NotFound) => return Err(AppError::NotFound),
        Err(ReplaceError::Duplicate) => {
            drop(conn);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return refuse(
                &pool,
                &ctx,
                session,
                refusal(t.media.error_duplicate),
                status,
            )
            .await;
        }
        Err(ReplaceError::Database(error)) => return Err(error.into()),
    }
    tracing::info!(image_id = id, "library image file replaced");
    // The file is replaced: a failure here only leaves the variants to the worker.
    if let Err(error) = variants::make_for(&mut conn, &file.sha256).await {
        tracing::warn!(error = ?error, image_id = id, "image variants left to the worker");
    }
    Ok(redirect_with(
        &location(&mut conn, id).await?,
        Flash::MediaReplaced,
    ))
}

/// `POST /admin/media/{id}/delete`: 409 naming the articles that still use the image.
pub async fn delete_media(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    id: web::Path<i64>,
    sent: AuthorForm<Button>,
) -> AppResult<HttpResponse> {
    let session = sent.session;
    let id = *id;
    let mut conn = pool.get().await?;
    match model::delete_unused(&mut conn, id).await? {
        Deletion::Deleted => {
            tracing::info!(image_id = id, "library image deleted");
            let page = MediaItem::page_of(&mut conn, id, PER_PAGE).await?;
            let location = match page {
                1 => "/admin/media".to_owned(),
                page => format!("/admin/media?page={page}"),
            };
            Ok(redirect_with(&location, Flash::MediaDeleted))
        }
        Deletion::InUse(uses) => {
            drop(conn);
            let refusal = Refusal {
                id,
                message: ctx.t().media.error_in_use,
                uses,
                words: None,
            };
            refuse(&pool, &ctx, session, refusal, StatusCode::CONFLICT).await
        }
    }
}
