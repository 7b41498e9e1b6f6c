//! The checks of an import form before anything is stored: an export that opens as a WXR file,
//! a dump that reads, a zip that is safe to unpack, a known category choice. Each refusal is
//! said beside its field.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use chrono_tz::Tz;

use crate::i18n::Messages;
use crate::import::admin::unzip::{self, ZipRefusal};
use crate::import::admin::upload::ImportUpload;
use crate::import::context::CategoryChoice;
use crate::import::{dump, wxr::WxrReader};

/// A refused field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field (`wxr`, `wpdiscuz_sql`, `uploads`, `categories`; `run_categories`: the
    /// "Importer" form's).
    pub field: &'static str,
    /// The message shown beside it.
    pub message: String,
}

/// The category choice as typed: `themes` (or nothing) or `series`.
pub fn parse_categories(typed: &str) -> Option<CategoryChoice> {
    match typed.trim() {
        "" | "themes" => Some(CategoryChoice::Themes),
        "series" => Some(CategoryChoice::Series),
        _ => None,
    }
}

/// Checks the form's files; the category choice when all is well, every refusal otherwise.
pub async fn check(
    form: &ImportUpload,
    t: &'static Messages,
    zone: Tz,
    max_unzipped: u64,
) -> anyhow::Result<Result<CategoryChoice, Vec<FieldError>>> {
    let m = &t.import_page;
    let mut errors = Vec::new();
    let mut refuse = |field, message: String| errors.push(FieldError { field, message });
    match &form.wxr {
        None => refuse("wxr", m.error_wxr_missing.to_owned()),
        Some(wxr) => {
            if let Some(error) = blocking(wxr.path.clone(), open_wxr).await? {
                refuse("wxr", format!("{} {error}", m.error_not_wxr));
            }
        }
    }
    if let Some(sql) = &form.wpdiscuz_sql {
        let read = move |path| read_dump(path, zone);
        if let Some(error) = blocking(sql.path.clone(), read).await? {
            refuse("wpdiscuz_sql", format!("{} {error}", m.error_sql));
        }
    }
    if let Some(zip) = &form.uploads {
        let path = zip.path.clone();
        let checked =
            tokio::task::spawn_blocking(move || unzip::check(&path, max_unzipped)).await?;
        if let Err(refusal) = checked {
            refuse("uploads", zip_message(&refusal, t));
        }
    }
    let choice = parse_categories(&form.categories);
    if choice.is_none() {
        refuse("categories", m.error_categories.to_owned());
    }
    Ok(match choice {
        Some(choice) if errors.is_empty() => Ok(choice),
        _ => Err(errors),
    })
}

/// What the page says of a refused zip.
pub fn zip_message(refusal: &ZipRefusal, t: &'static Messages) -> String {
    let m = &t.import_page;
    match refusal {
        ZipRefusal::Unreadable => m.error_zip.to_owned(),
        ZipRefusal::OutsidePath(name) => format!("{} {name}", m.error_zip_slip),
        ZipRefusal::TooLarge => m.error_zip_bomb.to_owned(),
        ZipRefusal::Write(reason) => format!("{} {reason}", m.error_zip),
    }
}

/// Runs `read` on a blocking thread; the error it found, if any.
async fn blocking(
    path: PathBuf,
    read: impl FnOnce(PathBuf) -> Option<String> + Send + 'static,
) -> anyhow::Result<Option<String>> {
    Ok(tokio::task::spawn_blocking(move || read(path)).await?)
}

fn open_wxr(path: PathBuf) -> Option<String> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return Some(error.to_string()),
    };
    WxrReader::open(BufReader::new(file))
        .err()
        .map(|e| e.to_string())
}

fn read_dump(path: PathBuf, zone: Tz) -> Option<String> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return Some(error.to_string()),
    };
    dump::read(BufReader::new(file), zone)
        .err()
        .map(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_category_choice_is_themes_or_series() {
        assert_eq!(parse_categories(""), Some(CategoryChoice::Themes));
        assert_eq!(parse_categories("series"), Some(CategoryChoice::Series));
        assert_eq!(parse_categories("tags"), None);
    }
}
