//! The import form as it arrives (`POST /admin/import`, multipart, capped at
//! `import.upload_limit_bytes`): the CSRF token first, checked by the extractor before a byte
//! of any file is kept, then each file streamed to a scratch file (never whole in memory), and
//! the choice of what categories become.

use std::path::PathBuf;

use actix_multipart::Multipart;
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use crate::error::AppResult;
use crate::import::admin::scratch::Scratch;
use crate::settings::Settings;
use crate::web::upload_limit::{multipart_error, read_field, text_field};

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

/// Reads the fields of the form after its checked token (see [`AuthorUpload`]).
///
/// [`AuthorUpload`]: crate::auth::author_upload::AuthorUpload
pub async fn read(mut multipart: Multipart, settings: &Settings) -> AppResult<ImportUpload> {
    let mut form = ImportUpload {
        scratch: Scratch::new(&settings.data_dir)?,
        wxr: None,
        wpdiscuz_sql: None,
        uploads: None,
        categories: String::new(),
    };
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(multipart_error)?;
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
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
