//! A multipart admin form sent by the logged-in author: its CSRF token, the first field of
//! every admin form, is checked before any other field is read (a file above all), so that no
//! handler can forget the check and nothing is stored for a forged request.

use std::marker::PhantomData;

use actix_multipart::Multipart;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;

use crate::auth::author_form::CSRF_FIELD;
use crate::auth::session::AuthorSession;
use crate::error::AppError;
use crate::settings::Settings;
use crate::web::upload_limit::{capped_multipart, multipart_error, read_field, text_field};

/// Longest token read.
const MAX_TOKEN: usize = 200;

/// Which setting caps a form's whole body.
pub trait BodyCap: 'static {
    /// The most bytes the body may hold.
    fn bytes(settings: &Settings) -> usize;
}

/// The cap of the image and editor forms, `server.upload_limit_bytes`.
pub struct UploadCap;

impl BodyCap for UploadCap {
    fn bytes(settings: &Settings) -> usize {
        settings.server.upload_limit_bytes
    }
}

/// The cap of the WordPress import form, `import.upload_limit_bytes`.
pub struct ImportCap;

impl BodyCap for ImportCap {
    fn bytes(settings: &Settings) -> usize {
        settings.import.upload_limit_bytes
    }
}

/// A multipart admin form whose body `C` caps, sent by the author whose session's token is its
/// first field. A visitor without a session is sent to the login page; a token missing, wrong
/// or after another field is refused (403) before anything else is read; a body past the cap
/// is a 413.
pub struct AuthorUpload<C> {
    /// The author's session.
    pub session: AuthorSession,
    /// The form's fields after the token.
    pub fields: Multipart,
    cap: PhantomData<C>,
}

impl<C: BodyCap> FromRequest for AuthorUpload<C> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let session = AuthorSession::from_request(req, payload);
        let body = web::Payload::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let session = session.await?;
            let settings = req
                .app_data::<web::Data<Settings>>()
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("settings missing")))?;
            let mut fields = capped_multipart(&req, body.await?, C::bytes(settings))?;
            let mut first = fields
                .next()
                .await
                .ok_or(AppError::Forbidden("csrf token missing"))?
                .map_err(multipart_error)?;
            if first.name() != Some(CSRF_FIELD) {
                return Err(AppError::Forbidden("csrf token missing or late").into());
            }
            session.check_csrf(&text_field(read_field(&mut first, MAX_TOKEN).await?)?)?;
            drop(first);
            Ok(Self {
                session,
                fields,
                cap: PhantomData,
            })
        })
    }
}
