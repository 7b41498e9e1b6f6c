//! The import form's multipart body: its text fields and the file, read up to a limit (a
//! file too large is reported, not an error, so that the form can say so).

use actix_multipart::Multipart;
use futures_util::StreamExt;

use crate::error::{AppError, AppResult};
use crate::web::upload_limit::multipart_error;

/// Largest imported file, in bytes.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Largest text field, in bytes.
const MAX_TEXT_FIELD: usize = 10_000;

/// The import form as sent.
#[derive(Debug, Default)]
pub struct ImportUpload {
    /// `consented` or `confirm`.
    pub mode: String,
    /// The reason of a consent given elsewhere.
    pub reason: String,
    /// The file's bytes (empty when none was chosen).
    pub file: Vec<u8>,
    /// The file was larger than [`MAX_FILE_BYTES`].
    pub too_large: bool,
}

/// Reads the form; a malformed body or an oversized text field is a 400, a body past the
/// upload limit a 413.
pub async fn read(mut multipart: Multipart) -> AppResult<ImportUpload> {
    let mut form = ImportUpload::default();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(multipart_error)?;
        let name = field.name().unwrap_or_default().to_owned();
        let limit = if name == "file" {
            MAX_FILE_BYTES
        } else {
            MAX_TEXT_FIELD
        };
        let mut data = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            // The rest is read and dropped so that the answer can still be sent.
            if too_large || data.len() + chunk.len() > limit {
                too_large = true;
                continue;
            }
            data.extend_from_slice(&chunk);
        }
        if name == "file" {
            form.too_large = too_large;
            form.file = if too_large { Vec::new() } else { data };
            continue;
        }
        if too_large {
            return Err(AppError::BadRequest("form field too large"));
        }
        let text =
            String::from_utf8(data).map_err(|_| AppError::BadRequest("form field is not UTF-8"))?;
        match name.as_str() {
            "mode" => form.mode = text,
            "reason" => form.reason = text,
            _ => {}
        }
    }
    Ok(form)
}
