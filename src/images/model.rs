//! The images table and what pages need to show an image in several widths.

use diesel::expression::{AppearsOnTable, Expression, ValidGrouping, is_aggregate};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::images::upload::CheckedImage;
use crate::schema::{image_variants, images};

/// The text of [`VARIANTS_SQL`], for statements that write it into their own fixed text.
#[macro_export]
macro_rules! variants_sql {
    () => {
        "(SELECT string_agg(v.content_type || ' ' || v.sha256 || ' ' || v.width, \
         ',' ORDER BY v.content_type, v.width) FROM image_variants v WHERE v.image_id = images.id)"
    };
}

/// The variants of the row of `images` in the query, as `type sha256 width` items joined by
/// commas: one subquery in the page's query rather than one query per image.
pub(crate) const VARIANTS_SQL: &str = variants_sql!();

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
    /// The variants as `VARIANTS_SQL` lists them (None when there are none).
    #[diesel(select_expression = Variants)]
    #[diesel(select_expression_type = Variants)]
    pub variants: Option<String>,
}

/// [`VARIANTS_SQL`] as an expression of its own type: unlike an `sql` literal, whose text
/// diesel must assume changes, the queries that select it stay prepared.
#[derive(Debug, Clone, Copy, QueryId)]
pub struct Variants;

impl Expression for Variants {
    type SqlType = Nullable<Text>;
}

impl QueryFragment<Pg> for Variants {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(VARIANTS_SQL);
        Ok(())
    }
}

impl<QS> SelectableExpression<QS> for Variants {}

impl<QS> AppearsOnTable<QS> for Variants {}

impl<GB> ValidGrouping<GB> for Variants {
    type IsAggregate = is_aggregate::Never;
}

/// The URL of the stored file of hash `sha256` and type `content_type`.
pub fn url(sha256: &str, content_type: &str) -> String {
    let ext = content_type.strip_prefix("image/").unwrap_or("bin");
    let ext = if ext == "jpeg" { "jpg" } else { ext };
    format!("/images/{sha256}.{ext}")
}

impl ImageRef {
    /// The image's URL: `/images/{sha256}.{ext}`.
    pub fn url(&self) -> String {
        url(&self.sha256, &self.content_type)
    }

    /// `srcset` of the image's own format: its smaller variants, then the original.
    pub fn srcset(&self) -> String {
        let mut set = self.srcset_of(&self.content_type);
        set.push(format!("{} {}w", self.url(), self.width));
        set.join(", ")
    }

    /// `srcset` of the WebP variants, when the image has some and is not a WebP itself.
    pub fn webp_srcset(&self) -> Option<String> {
        let set = self.srcset_of("image/webp");
        (!set.is_empty() && self.content_type != "image/webp").then(|| set.join(", "))
    }

    fn srcset_of(&self, content_type: &str) -> Vec<String> {
        let variants = self.variants.as_deref().unwrap_or_default();
        variants
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(' ');
                let (kind, sha256, width) = (parts.next()?, parts.next()?, parts.next()?);
                (kind == content_type).then(|| format!("{} {width}w", url(sha256, kind)))
            })
            .collect()
    }

    /// The images whose hashes are in `hashes`.
    pub async fn by_hashes(
        conn: &mut AsyncPgConnection,
        hashes: &[&str],
    ) -> QueryResult<Vec<Self>> {
        images::table
            .filter(images::sha256.eq_any(hashes))
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// The images whose ids are in `ids`, each with its id.
    pub async fn by_ids(
        conn: &mut AsyncPgConnection,
        ids: &[i64],
    ) -> QueryResult<Vec<(i64, Self)>> {
        images::table
            .filter(images::id.eq_any(ids))
            .select((images::id, Self::as_select()))
            .load(conn)
            .await
    }
}

/// A stored image or variant with its bytes.
#[derive(Debug, Queryable)]
pub struct StoredImage {
    /// MIME type.
    pub content_type: String,
    /// The file.
    pub data: Vec<u8>,
}

/// Stores `image` once (an identical upload reuses the row) and returns its id. Its variants
/// are made afterwards, out of the transaction (see `images::variants`).
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

/// The original or variant whose hash is `sha256`.
pub async fn by_hash(conn: &mut AsyncPgConnection, sha256: &str) -> QueryResult<StoredImage> {
    let original = images::table
        .filter(images::sha256.eq(sha256))
        .select((images::content_type, images::data))
        .first(conn)
        .await
        .optional()?;
    match original {
        Some(image) => Ok(image),
        None => {
            image_variants::table
                .filter(image_variants::sha256.eq(sha256))
                .select((image_variants::content_type, image_variants::data))
                .first(conn)
                .await
        }
    }
}
