//! The media library over the `images` table: an image with its words (alternative text and
//! caption), its weight, where it is used, and the writes that change it. Article bodies point
//! to a library image by its stable address, `/media/{id}`, which survives a replaced file.

use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Array, BigInt, Bool, Integer, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::images::model::ImageRef;
use crate::images::upload::CheckedImage;
use crate::media::words::{ImageWords, figure_markdown};
use crate::schema::{image_variants, images};

/// The stable address of the library image `id`: what article bodies link to.
pub fn address(id: i64) -> String {
    format!("/media/{id}")
}

/// One image of the library as its page shows it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = images)]
pub struct MediaItem {
    /// Its id, in its address.
    pub id: i64,
    /// Alternative text given with it.
    pub alt: String,
    /// Caption given with it, maybe empty.
    pub caption: String,
    /// Its file's hash, type, size and variants.
    #[diesel(embed)]
    pub image: ImageRef,
    /// Weight of the original file, in bytes.
    #[diesel(select_expression = sql::<Integer>("octet_length(images.data)"))]
    #[diesel(select_expression_type = SqlLiteral<Integer>)]
    pub bytes: i32,
}

/// An article that uses a library image, in its body or as its hero.
#[derive(Debug, Clone, QueryableByName)]
pub struct ImageUse {
    /// The image used.
    #[diesel(sql_type = BigInt)]
    pub image_id: i64,
    /// The article using it.
    #[diesel(sql_type = BigInt)]
    pub article_id: i64,
    /// The article's title.
    #[diesel(sql_type = Text)]
    pub title: String,
    /// Whether the image is the article's hero (otherwise its body shows it).
    #[diesel(sql_type = Bool)]
    pub as_hero: bool,
}

/// The articles using the images `$1`: as their hero, or in their body by the image's stable
/// address or by its content-hashed URL (bodies written before the library, imports).
const USES_SQL: &str = "SELECT i.id AS image_id, a.id AS article_id, a.title, \
     COALESCE(a.hero_image_id = i.id, false) AS as_hero \
     FROM images i JOIN articles a ON a.hero_image_id = i.id \
       OR a.body_markdown ~ ('/media/' || i.id || '([^0-9]|$)') \
       OR strpos(a.body_markdown, '/images/' || i.sha256) > 0 \
     WHERE i.id = ANY($1) ORDER BY i.id, a.title, a.id";

/// Why a file could not replace an image's.
#[derive(Debug, thiserror::Error)]
pub enum ReplaceError {
    /// The image does not exist.
    #[error("image not found")]
    NotFound,
    /// Another image of the library has these very bytes.
    #[error("this file is another image of the library")]
    Duplicate,
    /// Anything else.
    #[error(transparent)]
    Database(DieselError),
}

impl From<DieselError> for ReplaceError {
    fn from(error: DieselError) -> Self {
        match &error {
            DieselError::NotFound => Self::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => Self::Duplicate,
            _ => Self::Database(error),
        }
    }
}

/// What became of a delete.
#[derive(Debug)]
pub enum Deletion {
    /// The image is gone.
    Deleted,
    /// Articles still use it: nothing was deleted.
    InUse(Vec<ImageUse>),
}

impl MediaItem {
    /// The figure Markdown of this image with its words.
    pub fn markdown(&self) -> String {
        figure_markdown(&address(self.id), &self.alt, &self.caption)
    }

    /// Page `page` (from 1) of the library, newest first, `per_page` images a page, and
    /// whether a later page exists.
    pub async fn page(
        conn: &mut AsyncPgConnection,
        page: i64,
        per_page: i64,
    ) -> QueryResult<(Vec<Self>, bool)> {
        let mut items: Vec<Self> = images::table
            .order(images::id.desc())
            .select(Self::as_select())
            .limit(per_page + 1)
            .offset((page - 1) * per_page)
            .load(conn)
            .await?;
        let more = items.len() > usize::try_from(per_page).unwrap_or(usize::MAX);
        items.truncate(usize::try_from(per_page).unwrap_or(usize::MAX));
        Ok((items, more))
    }

    /// The page (from 1, `per_page` images a page) that shows the image `id`.
    pub async fn page_of(conn: &mut AsyncPgConnection, id: i64, per_page: i64) -> QueryResult<i64> {
        let newer: i64 = images::table
            .filter(images::id.gt(id))
            .count()
            .get_result(conn)
            .await?;
        Ok(newer / per_page + 1)
    }

    /// The image `id`.
    pub async fn by_id(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Self> {
        images::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
            .await
    }
}

/// The articles using the images `ids`, by image then title.
pub async fn uses(conn: &mut AsyncPgConnection, ids: &[i64]) -> QueryResult<Vec<ImageUse>> {
    diesel::sql_query(USES_SQL)
        .bind::<Array<BigInt>, _>(ids)
        .load(conn)
        .await
}

/// Stores `image` with `words` and returns its id. An identical file already stored is the
/// same image: it takes the new words.
pub async fn store(
    conn: &mut AsyncPgConnection,
    image: &CheckedImage,
    words: &ImageWords,
) -> QueryResult<i64> {
    diesel::insert_into(images::table)
        .values((
            images::sha256.eq(&image.sha256),
            images::content_type.eq(image.content_type),
            images::width.eq(image.width),
            images::height.eq(image.height),
            images::data.eq(&image.data),
            images::alt.eq(words.alt()),
            images::caption.eq(words.caption()),
        ))
        .on_conflict(images::sha256)
        .do_update()
        .set((
            images::alt.eq(diesel::upsert::excluded(images::alt)),
            images::caption.eq(diesel::upsert::excluded(images::caption)),
        ))
        .returning(images::id)
        .get_result(conn)
        .await
}

/// Gives the image `id` new words; false when it does not exist.
pub async fn set_words(
    conn: &mut AsyncPgConnection,
    id: i64,
    words: &ImageWords,
) -> QueryResult<bool> {
    diesel::update(images::table.find(id))
        .set((
            images::alt.eq(words.alt()),
            images::caption.eq(words.caption()),
        ))
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// Puts `file` in place of the image `id`'s file, all or nothing: same id and address, the
/// old variants dropped (new ones are made next), and bodies that linked the old file by its
/// hash now link the image's stable address so that they show the new file too.
pub async fn replace(
    conn: &mut AsyncPgConnection,
    id: i64,
    file: &CheckedImage,
) -> Result<(), ReplaceError> {
    conn.transaction::<_, ReplaceError, _>(async |conn| {
        let old: String = images::table
            .find(id)
            .select(images::sha256)
            .for_update()
            .first(conn)
            .await?;
        diesel::update(images::table.find(id))
            .set((
                images::sha256.eq(&file.sha256),
                images::content_type.eq(file.content_type),
                images::width.eq(file.width),
                images::height.eq(file.height),
                images::data.eq(&file.data),
                images::variants_done.eq(false),
            ))
            .execute(conn)
            .await?;
        diesel::delete(image_variants::table.filter(image_variants::image_id.eq(id)))
            .execute(conn)
            .await?;
        // The old hash is hex: safe inside the pattern.
        diesel::sql_query(
            "UPDATE articles SET \
               body_markdown = regexp_replace(body_markdown, '/images/' || $1 || '\\.[a-z0-9]+', $2, 'g'), \
               body_html = regexp_replace(body_html, '/images/' || $1 || '\\.[a-z0-9]+', $2, 'g') \
             WHERE strpos(body_markdown, '/images/' || $1) > 0 OR strpos(body_html, '/images/' || $1) > 0",
        )
        .bind::<Text, _>(&old)
        .bind::<Text, _>(address(id))
        .execute(conn)
        .await?;
        Ok(())
    })
    .await
}

/// Deletes the image `id` unless an article uses it (then nothing changes and the answer
/// names them). `NotFound` when there is no such image.
pub async fn delete_unused(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Deletion> {
    conn.transaction::<_, DieselError, _>(async |conn| {
        images::table
            .find(id)
            .select(images::id)
            .for_update()
            .first::<i64>(conn)
            .await?;
        let used = uses(conn, &[id]).await?;
        if !used.is_empty() {
            return Ok(Deletion::InUse(used));
        }
        diesel::delete(images::table.find(id)).execute(conn).await?;
        Ok(Deletion::Deleted)
    })
    .await
}

/// What `/media/{id}` needs to answer before it reads the bytes: the file's hash and type.
#[derive(Debug, Queryable)]
pub struct MediaFile {
    /// Content hash (the ETag).
    pub sha256: String,
    /// MIME type.
    pub content_type: String,
}

impl MediaFile {
    /// The hash and type of the image `id`'s file.
    pub async fn head(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Self> {
        images::table
            .find(id)
            .select((images::sha256, images::content_type))
            .first(conn)
            .await
    }

    /// The bytes of the image `id`'s file.
    pub async fn data(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Vec<u8>> {
        images::table
            .find(id)
            .select(images::data)
            .first(conn)
            .await
    }
}
