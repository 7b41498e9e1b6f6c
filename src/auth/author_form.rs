//! An admin form sent by the logged-in author, its CSRF token checked before the handler runs,
//! so that no handler can forget the check.

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::auth::session::AuthorSession;
use crate::error::AppError;

/// The name of the hidden field that carries the token in every admin form (its first).
pub const CSRF_FIELD: &str = "csrf_token";

/// A url-encoded admin form of type `T`, sent by the author whose session's token it carries.
/// A visitor without a session is sent to the login page; a missing or wrong token is refused
/// (403) before `T` is read.
pub struct AuthorForm<T> {
    /// The author's session.
    pub session: AuthorSession,
    /// The form's other fields.
    pub form: T,
}

/// A form that carries nothing but its token: a button.
#[derive(Debug, Deserialize)]
pub struct Button {}

impl<T: DeserializeOwned + 'static> FromRequest for AuthorForm<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let session = AuthorSession::from_request(req, payload);
        let pairs = web::Form::<Vec<(String, String)>>::from_request(req, payload);
        Box::pin(async move {
            let session = session.await?;
            let web::Form(pairs) = pairs.await?;
            check_pairs(&session, &pairs)?;
            let form = serde_urlencoded::to_string(&pairs)
                .ok()
                .and_then(|encoded| serde_urlencoded::from_str(&encoded).ok())
                .ok_or(AppError::BadRequest("unreadable form"))?;
            Ok(Self { session, form })
        })
    }
}

/// Checks the token among the fields of a url-encoded admin form (403 when missing or wrong).
pub fn check_pairs(session: &AuthorSession, pairs: &[(String, String)]) -> Result<(), AppError> {
    let sent = pairs
        .iter()
        .find(|(name, _)| name == CSRF_FIELD)
        .map_or("", |(_, value)| value.as_str());
    session.check_csrf(sent)
}
