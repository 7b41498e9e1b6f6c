//! The import form as it arrives (`POST /admin/import`, multipart, capped at
//! `import.upload_limit_bytes`): the CSRF token first, checked before a byte of any file is
//! kept, then each file streamed to a scratch file (never whole in memory), and the choice of
//! what categories become.

use std::path::PathBuf;

use actix_web::{HttpRequest, web};
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use crate::auth::session::AuthorSession;
use crate::error::{AppError, AppResult};
use crate::import::admin::scratch::Scratch;
use crate::settings::Settings;
use crate::web::upload_limit::{capped_multipart, multipart_error, read_field, text_field};

/// A file of the form, on disk.
#[derive(Debug)]
pub struct Received {
    /// Where it was written.
    pub path: PathBuf,
    /// The name it was sent under.
    pub name: String,
}

/// The import form as sent.
#[derive(Debug)]
pub struct ImportUpload {
    /// Where its files are (removed with it).
    pub scratch: Scratch,
    /// The WXR export.
    pub wxr: Option<Received>,
    /// The wpDiscuz dump.
    pub wpdiscuz_sql: Option<Received>,
    /// The zip of the uploads.
    pub uploads: Option<Received>,
    /// `categories` as typed.
    pub categories: String,
}

/// Reads the form of `req`; 403 when the token is missing, wrong or after a file, 413 past the cap.
pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    session: &AuthorSession,
    settings: &Settings,
) -> AppResult<ImportUpload> {
    let mut multipart = capped_multipart(req, payload, settings.import.upload_limit_bytes)?;
    let mut form = ImportUpload {
        scratch: Scratch::new(&settings.data_dir)?,
        wxr: None,
        wpdiscuz_sql: None,
        uploads: None,
        categories: String::new(),
    };
    let mut checked = false;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(multipart_error)?;
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "csrf_token" => {
                session.check_csrf(&text_field(read_field(&mut field, 200).await?)?)?;
                checked = true;
            }
            _ if !checked => return Err(AppError::Forbidden("csrf token missing or late")),
            "wxr" | "wpdiscuz_sql" | "uploads" => {
                let received = save(&mut field, form.scratch.path(&name)).await?;
                match name.as_str() {
                    "wxr" => form.wxr = received,
                    "wpdiscuz_sql" => form.wpdiscuz_sql = received,
                    _ => form.uploads = received,
                }
            }
            "categories" => form.categories = text_field(read_field(&mut field, 50).await?)?,
            _ => {
                read_field(&mut field, 0).await?;
            }
        }
    }
    if !checked {
        return Err(AppError::Forbidden("csrf token missing"));
    }
    Ok(form)
}

/// Streams a file field to `path`; `None` when no file was chosen (an empty field).
async fn save(field: &mut actix_multipart::Field, path: PathBuf) -> AppResult<Option<Received>> {
    let name = field
        .content_disposition()
        .and_then(|disposition| disposition.get_filename())
        .unwrap_or_default()
        .to_owned();
    let mut file = tokio::fs::File::create(&path)
        .await
        .map_err(|e| anyhow::Error::new(e).context("cannot create a scratch file"))?;
    let mut bytes = 0u64;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(multipart_error)?;
        bytes += chunk.len() as u64;
        file.write_all(&chunk)
            .await
            .map_err(|e| anyhow::Error::new(e).context("cannot write a scratch file"))?;
    }
    file.flush()
        .await
        .map_err(|e| anyhow::Error::new(e).context("cannot write a scratch file"))?;
    Ok((bytes > 0).then_some(Received { path, name }))
}
