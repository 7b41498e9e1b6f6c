//! Images re-homed from a copy of `wp-content/uploads` (`--uploads DIR`) into Sillage's image
//! store: the images of a body (their addresses rewritten) and the featured image
//! (`_thumbnail_id`) as the article's hero, with its alt text. The network is never used: an
//! image missing from the copy keeps its old address and is reported.

use std::path::{Component, Path, PathBuf};

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::images::model::{store, url};
use crate::images::upload::CheckedImage;
use crate::import::issue::{ImageRefusal, Issue};
use crate::import::model::Item;
use crate::import::report::{Problem, Report};
use crate::schema::articles;

const UPLOADS: &str = "/wp-content/uploads/";

/// The copy of `wp-content/uploads`.
#[derive(Debug, Clone)]
pub struct Uploads {
    dir: PathBuf,
    max_pixels: u64,
}

impl Uploads {
    /// The copy at `dir`; images over `max_pixels` are refused, as uploads are.
    pub fn new(dir: PathBuf, max_pixels: u64) -> Self {
        Self { dir, max_pixels }
    }

    /// The file of a path relative to `uploads/`, refusing any way out of the directory.
    fn file(&self, relative: &str) -> Option<PathBuf> {
        let relative = Path::new(relative.split(['?', '#']).next()?);
        let safe = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        safe.then(|| self.dir.join(relative))
    }

    /// Stores the file at `relative`; its id and address here, or why not.
    async fn store(
        &self,
        conn: &mut AsyncPgConnection,
        relative: &str,
    ) -> QueryResult<Result<(i64, String), ImageRefusal>> {
        let Some(path) = self.file(relative) else {
            return Ok(Err(ImageRefusal::OutsideUploads));
        };
        let Ok(data) = tokio::fs::read(&path).await else {
            return Ok(Err(ImageRefusal::NotInCopy));
        };
        let Ok(image) = CheckedImage::check(data, self.max_pixels) else {
            return Ok(Err(ImageRefusal::NotAnImage));
        };
        let id = store(conn, &image).await?;
        Ok(Ok((id, url(&image.sha256, image.content_type))))
    }
}

/// The path under `uploads/` of an address of the old site, if it is one.
fn relative_of(address: &str) -> Option<String> {
    let at = address.find(UPLOADS)?;
    Some(crate::import::text::percent_decode(
        &address[at + UPLOADS.len()..],
    ))
}

/// `markdown` with the addresses of uploaded images replaced by their copies here.
pub async fn rehome_body(
    conn: &mut AsyncPgConnection,
    uploads: Option<&Uploads>,
    markdown: &str,
    line: u64,
    report: &mut Report,
) -> QueryResult<String> {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    // The converter writes every address as `(<address>`.
    while let Some(start) = rest.find("(<") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('>') else { break };
        let address = &after[..end];
        out.push_str(&rest[..start + 2]);
        match (relative_of(address), uploads) {
            (Some(relative), Some(uploads)) => match uploads.store(conn, &relative).await? {
                Ok((_, new)) => {
                    report.imported("images", 1);
                    out.push_str(&new);
                }
                Err(why) => {
                    report.problem(Problem::new(
                        line,
                        Issue::ImageKept {
                            path: relative,
                            why,
                        },
                    ));
                    out.push_str(address);
                }
            },
            (Some(_), None) => {
                report.skipped("images left at their old address (no --uploads)");
                out.push_str(address);
            }
            (None, _) => out.push_str(address),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Makes the featured image of each post (its `_thumbnail_id` attachment) the hero of its
/// article, unless the article has one already.
pub async fn set_heroes(
    conn: &mut AsyncPgConnection,
    uploads: &Uploads,
    heroes: &[(i64, i64)],
    attachments: &[Item],
    report: &mut Report,
) -> QueryResult<()> {
    for (article_id, attachment_id) in heroes {
        let Some(attachment) = attachments.iter().find(|a| a.id == *attachment_id) else {
            report.skipped("featured images whose attachment is not in the file");
            continue;
        };
        let relative = match attachment.meta("_wp_attached_file") {
            Some(file) => file.to_owned(),
            None => relative_of(&attachment.attachment_url).unwrap_or_default(),
        };
        match uploads.store(conn, &relative).await? {
            Ok((image, _)) => {
                let alt = attachment
                    .meta("_wp_attachment_image_alt")
                    .unwrap_or_default();
                let set = diesel::update(articles::table.find(article_id))
                    .filter(articles::hero_image_id.is_null())
                    .set((
                        articles::hero_image_id.eq(image),
                        articles::hero_alt.eq(alt.trim()),
                    ))
                    .execute(conn)
                    .await?;
                report.imported("hero images", set as u64);
            }
            Err(why) => report.problem(Problem::new(
                attachment.line,
                Issue::HeroNotImported {
                    path: relative,
                    why,
                },
            )),
        }
    }
    Ok(())
}
