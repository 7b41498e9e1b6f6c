//! The one error type of the web layer and its mapping to HTTP statuses. Causes are logged,
//! never shown: the friendly error page is rendered by [`crate::web::error_pages`].

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

/// What can go wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (or is not public).
    #[error("not found")]
    NotFound,
    /// A URL parameter or form that cannot be understood.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The request is refused (a missing or wrong CSRF token, a foreign origin).
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// The request body is larger than allowed.
    #[error("payload too large")]
    PayloadTooLarge,
    /// The author must log in first; carries where to send them.
    #[error("login required")]
    LoginRequired(String),
    /// Anything unexpected: logged with its causes, shown as an opaque 500 page.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::Unexpected(anyhow::Error::new(other).context("database query")),
        }
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for AppError {
    fn from(error: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        AppError::Unexpected(anyhow::Error::new(error).context("no database connection"))
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        AppError::Unexpected(anyhow::Error::new(error).context("template rendering"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::LoginRequired(_) => StatusCode::SEE_OTHER,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::LoginRequired(location) => {
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, location.as_str()))
                    .finish();
            }
            AppError::Unexpected(cause) => tracing::error!(error = ?cause, "request failed"),
            AppError::Forbidden(reason) | AppError::BadRequest(reason) => {
                tracing::info!(reason, "request refused");
            }
            AppError::NotFound | AppError::PayloadTooLarge => {}
        }
        // A plain-text body marks the response for the friendly error page middleware.
        let mut response = HttpResponse::new(self.status_code());
        if let AppError::BadRequest(reason) = self {
            response.extensions_mut().insert(Refusal(reason));
        }
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    }
}

/// What a [`AppError::BadRequest`] said was wrong, kept on its answer for the error page.
#[derive(Debug, Clone, Copy)]
pub struct Refusal(pub &'static str);

/// The result of a handler.
pub type AppResult<T> = Result<T, AppError>;
