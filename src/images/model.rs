//! The images table.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::images::upload::CheckedImage;
use crate::schema::images;

/// What a page needs to show an image (not its bytes).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = images)]
pub struct ImageRef {
    /// Content hash, also the URL.
    pub sha256: String,
    /// MIME type.
    pub content_type: String,
    /// Width in pixels.
    pub width: i32,
    /// Height in pixels.
    pub height: i32,
}

impl ImageRef {
    /// The image's URL: `/images/{sha256}.{ext}`.
    pub fn url(&self) -> String {
        let ext = self.content_type.strip_prefix("image/").unwrap_or("bin");
        let ext = if ext == "jpeg" { "jpg" } else { ext };
        format!("/images/{}.{ext}", self.sha256)
    }
}

/// A stored image with its bytes.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = images)]
pub struct StoredImage {
    /// MIME type.
    pub content_type: String,
    /// The file.
    pub data: Vec<u8>,
}

/// Stores `image` once (an identical upload reuses the row) and returns its id.
pub async fn store(conn: &mut AsyncPgConnection, image: &CheckedImage) -> QueryResult<i64> {
    diesel::insert_into(images::table)
        .values((
            images::sha256.eq(&image.sha256),
            images::content_type.eq(image.content_type),
            images::width.eq(image.width),
            images::height.eq(image.height),
            images::data.eq(&image.data),
        ))
        .on_conflict(images::sha256)
        .do_update()
        .set(images::sha256.eq(diesel::upsert::excluded(images::sha256)))
        .returning(images::id)
        .get_result(conn)
        .await
}

/// The image whose hash is `sha256`.
pub async fn by_hash(conn: &mut AsyncPgConnection, sha256: &str) -> QueryResult<StoredImage> {
    images::table
        .filter(images::sha256.eq(sha256))
        .select(StoredImage::as_select())
        .first(conn)
        .await
}
