//! The article form as typed, read from a multipart body (with the hero image and maybe an
//! image for the body) or a url-encoded one, once its CSRF token is checked. [`crate::articles::check`] turns it into a draft
//! or a list of errors.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use anyhow::anyhow;
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;

use crate::auth::author_form::check_pairs;
use crate::auth::author_upload::{AuthorUpload, BodyCap, UploadCap};
use crate::auth::session::AuthorSession;
use crate::error::{AppError, AppResult};
use crate::images::upload;
use crate::settings::Settings;
use crate::web::upload_limit::{multipart_error, read_field, text_field};

/// Largest text field read from a multipart body, in bytes.
const MAX_TEXT_FIELD: usize = 1_000_000;

/// The article form as typed, kept to show it again.
#[derive(Debug, Default, Clone)]
pub struct ArticleFields {
    /// Title.
    pub title: String,
    /// Slug, maybe empty.
    pub slug: String,
    /// Summary.
    pub summary: String,
    /// Markdown body.
    pub body: String,
    /// Series id, maybe empty.
    pub series: String,
    /// Theme ids.
    pub themes: Vec<String>,
    /// Source URL.
    pub source_url: String,
    /// Hero alternative text.
    pub hero_alt: String,
    /// Whether to remove the current hero image.
    pub remove_hero: bool,
    /// `draft`, `publish` or `schedule`.
    pub action: String,
    /// `YYYY-MM-DDTHH:MM` in the site's time zone.
    pub publish_at: String,
    /// Alternative text of the body image sent with the form.
    pub body_image_alt: String,
    /// Caption of the body image sent with the form.
    pub body_image_caption: String,
}

/// The files sent with the article form.
#[derive(Debug, Default)]
pub struct ArticleUploads {
    /// The hero image (`hero_image`).
    pub hero: Upload,
    /// An image to insert in the body (`body_image`).
    pub body_image: Upload,
}

/// The uploaded hero file, if one was sent.
#[derive(Debug, Default)]
pub enum Upload {
    /// No file chosen.
    #[default]
    None,
    /// The file's bytes.
    File(Vec<u8>),
    /// The file was larger than allowed.
    TooLarge,
}

impl Upload {
    /// A file field as [`read_field`] read it.
    pub fn from_field(data: Option<Vec<u8>>) -> Self {
        match data {
            None => Self::TooLarge,
            Some(data) if data.is_empty() => Self::None,
            Some(data) => Self::File(data),
        }
    }
}

impl ArticleFields {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut fields = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "title" => fields.title = value,
                "slug" => fields.slug = value,
                "summary" => fields.summary = value,
                "body" => fields.body = value,
                "series" => fields.series = value,
                "themes" => fields.themes.push(value),
                "source_url" => fields.source_url = value,
                "hero_alt" => fields.hero_alt = value,
                "remove_hero" => fields.remove_hero = !value.is_empty(),
                "action" => fields.action = value,
                "publish_at" => fields.publish_at = value,
                "body_image_alt" => fields.body_image_alt = value,
                "body_image_caption" => fields.body_image_caption = value,
                _ => {}
            }
        }
        fields
    }
}

/// The article form sent by the author, whichever encoding the client chose, its CSRF token
/// checked before the form is read ([`AuthorUpload`] for multipart, [`check_pairs`] for a
/// url-encoded body); both capped at `server.upload_limit_bytes`.
pub struct ArticleSubmission {
    /// The author's session.
    pub session: AuthorSession,
    /// The fields as typed.
    pub fields: ArticleFields,
    /// The files sent with them.
    pub uploads: ArticleUploads,
}

impl FromRequest for ArticleSubmission {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if is_multipart {
            let upload = AuthorUpload::<UploadCap>::from_request(req, payload);
            return Box::pin(async move {
                let upload = upload.await?;
                let (fields, uploads) = read_multipart(upload.fields).await?;
                Ok(Self {
                    session: upload.session,
                    fields,
                    uploads,
                })
            });
        }
        let session = AuthorSession::from_request(req, payload);
        let body = web::Payload::from_request(req, payload);
        let limit = req
            .app_data::<web::Data<Settings>>()
            .map(|settings| UploadCap::bytes(settings));
        Box::pin(async move {
            let session = session.await?;
            let limit = limit.ok_or_else(|| AppError::Unexpected(anyhow!("settings missing")))?;
            let body = body
                .await?
                .to_bytes_limited(limit)
                .await
                .map_err(|_| AppError::PayloadTooLarge)?
                .map_err(|_| AppError::BadRequest("unreadable body"))?;
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
                .map_err(|_| AppError::BadRequest("malformed form"))?;
            check_pairs(&session, &pairs)?;
            Ok(Self {
                session,
                fields: ArticleFields::from_pairs(pairs),
                uploads: ArticleUploads::default(),
            })
        })
    }
}

async fn read_multipart(mut multipart: Multipart) -> AppResult<(ArticleFields, ArticleUploads)> {
    let mut pairs = Vec::new();
    let mut uploads = ArticleUploads::default();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(multipart_error)?;
        let name = field.name().unwrap_or_default().to_owned();
        let is_file = name == "hero_image" || name == "body_image";
        let limit = if is_file {
            upload::MAX_BYTES
        } else {
            MAX_TEXT_FIELD
        };
        let data = read_field(&mut field, limit).await?;
        if is_file {
            let upload = Upload::from_field(data);
            if name == "hero_image" {
                uploads.hero = upload;
            } else {
                uploads.body_image = upload;
            }
        } else {
            pairs.push((name, text_field(data)?));
        }
    }
    Ok((ArticleFields::from_pairs(pairs), uploads))
}
