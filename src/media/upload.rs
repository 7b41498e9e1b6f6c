//! Adding an image to the library: the multipart form of `POST /admin/media` (read with the
//! same caps as the article form), the checks (the same as a hero image's, plus its words),
//! and the store, answered as JSON for the editor's script.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel_async::AsyncPgConnection;
use futures_util::StreamExt;
use serde::Serialize;

use crate::articles::form::Upload;
use crate::auth::author_upload::{AuthorUpload, UploadCap};
use crate::db::DbPool;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::images::upload::{self, CheckedImage, ImageRejection};
use crate::images::variants;
use crate::media::model::{self, address};
use crate::media::words::{ImageWords, figure_markdown};
use crate::web::layout::PageContext;
use crate::web::upload_limit::{multipart_error, read_field, text_field};

/// Largest text field of the form, in bytes.
const MAX_TEXT_FIELD: usize = 10_000;

/// The media form as sent: text fields by name, and the file of `file_field`.
#[derive(Debug, Default)]
pub struct MediaForm {
    /// Text fields, in order.
    pub pairs: Vec<(String, String)>,
    /// The file.
    pub file: Upload,
}

impl MediaForm {
    /// The first value of the text field `name`, or "".
    pub fn text(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Reads the fields of a multipart form (after its checked token) whose file is
    /// `file_field`.
    pub async fn read(mut multipart: Multipart, file_field: &str) -> AppResult<Self> {
        let mut form = Self::default();
        while let Some(field) = multipart.next().await {
            let mut field = field.map_err(multipart_error)?;
            let name = field.name().unwrap_or_default().to_owned();
            let is_file = name == file_field;
            let cap = if is_file {
                upload::MAX_BYTES
            } else {
                MAX_TEXT_FIELD
            };
            let data = read_field(&mut field, cap).await?;
            if is_file {
                form.file = Upload::from_field(data);
            } else {
                form.pairs.push((name, text_field(data)?));
            }
        }
        Ok(form)
    }
}

/// A refused field of the media form: `image`, `alt` or `caption`, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field.
    pub field: &'static str,
    /// The message shown beside it.
    pub error: &'static str,
}

/// Checks an uploaded file as a hero image is checked (bytes, size, pixel budget).
pub fn check_file(
    file: Upload,
    max_pixels: u64,
    t: &'static Messages,
) -> Result<CheckedImage, FieldError> {
    let refuse = |error| FieldError {
        field: "image",
        error,
    };
    let data = match file {
        Upload::None => return Err(refuse(t.media.error_image_required)),
        Upload::TooLarge => return Err(refuse(t.error_image_too_big)),
        Upload::File(data) => data,
    };
    CheckedImage::check(data, max_pixels).map_err(|rejection| {
        refuse(match rejection {
            ImageRejection::TooBig => t.error_image_too_big,
            ImageRejection::TooManyPixels => t.guards.image_too_many_pixels,
            ImageRejection::NotAnImage => t.error_image_invalid,
        })
    })
}

/// An image just added to the library.
#[derive(Debug, Clone, Serialize)]
pub struct Added {
    /// Its id.
    pub id: i64,
    /// Its stable address.
    pub address: String,
    /// The figure Markdown to insert in a body.
    pub markdown: String,
}

/// Checks and stores an image with its words, then makes its variants (left to the worker
/// if that fails: the image is stored either way).
pub async fn add_image(
    conn: &mut AsyncPgConnection,
    file: Upload,
    alt: &str,
    caption: &str,
    max_pixels: u64,
    t: &'static Messages,
) -> AppResult<Result<Added, FieldError>> {
    let words = match ImageWords::parse(alt, caption, t) {
        Ok(words) => words,
        Err(refused) => {
            return Ok(Err(FieldError {
                field: refused.field,
                error: refused.message,
            }));
        }
    };
    let image = match check_file(file, max_pixels, t) {
        Ok(image) => image,
        Err(refused) => return Ok(Err(refused)),
    };
    let id = model::store(conn, &image, &words).await?;
    if let Err(error) = variants::make_for(conn, &image.sha256).await {
        tracing::warn!(error = ?error, image_id = id, "image variants left to the worker");
    }
    tracing::info!(image_id = id, "image added to the media library");
    let address = address(id);
    Ok(Ok(Added {
        id,
        markdown: figure_markdown(&address, words.alt(), words.caption()),
        address,
    }))
}

/// `POST /admin/media` (fields `csrf_token`, `image`, `alt`, `caption`): 201 with the image's
/// id, address and figure Markdown as JSON, or 422 with the refused field and its message.
pub async fn upload_media(
    upload: AuthorUpload<UploadCap>,
    pool: web::Data<DbPool>,
    ctx: PageContext,
) -> AppResult<HttpResponse> {
    let form = MediaForm::read(upload.fields, "image").await?;
    let t = ctx.t();
    let max_pixels = ctx.settings.images.max_pixels;
    let (alt, caption) = (form.text("alt").to_owned(), form.text("caption").to_owned());
    let mut conn = pool.get().await?;
    Ok(
        match add_image(&mut conn, form.file, &alt, &caption, max_pixels, t).await? {
            Ok(added) => HttpResponse::build(StatusCode::CREATED).json(added),
            Err(refused) => HttpResponse::build(StatusCode::UNPROCESSABLE_ENTITY).json(refused),
        },
    )
}
