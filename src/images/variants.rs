//! Storing the variants of images: made at upload for the new image, and by the worker for
//! images stored before variants existed (or by a node running older code).

use anyhow::Context;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::images::resize;
use crate::schema::{image_variants, images};

/// Makes the variants of the image of hash `sha256`, unless they exist or another node is
/// making them.
pub async fn make_for(conn: &mut AsyncPgConnection, sha256: &str) -> anyhow::Result<()> {
    make_one(conn, Some(sha256)).await.map(|_| ())
}

/// Makes the variants of one image that has none yet; false when no image is waiting.
pub async fn backfill_one(conn: &mut AsyncPgConnection) -> anyhow::Result<bool> {
    make_one(conn, None).await
}

async fn make_one(conn: &mut AsyncPgConnection, sha256: Option<&str>) -> anyhow::Result<bool> {
    conn.transaction::<_, anyhow::Error, _>(async |conn| {
        let pending = images::table
            .filter(images::variants_done.eq(false))
            .order(images::id)
            .select((images::id, images::content_type, images::data))
            .for_update();
        // One image asked for by an upload waits for a worker already making its variants (and
        // then finds them done), so that the upload answers with them; the backfill skips it.
        let found: Option<(i64, String, Vec<u8>)> = match sha256 {
            Some(sha256) => pending.filter(images::sha256.eq(sha256)).first(conn).await,
            None => pending.skip_locked().first(conn).await,
        }
        .optional()?;
        let Some((id, content_type, data)) = found else {
            return Ok(false);
        };
        // Resizing and encoding take a while: off the async threads.
        let variants = tokio::task::spawn_blocking(move || resize::variants(&content_type, &data))
            .await
            .context("making image variants")?;
        let rows: Vec<_> = variants
            .iter()
            .map(|v| {
                (
                    image_variants::image_id.eq(id),
                    image_variants::sha256.eq(&v.sha256),
                    image_variants::content_type.eq(v.content_type),
                    image_variants::width.eq(v.width),
                    image_variants::height.eq(v.height),
                    image_variants::data.eq(&v.data),
                )
            })
            .collect();
        diesel::insert_into(image_variants::table)
            .values(rows)
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        diesel::update(images::table.find(id))
            .set(images::variants_done.eq(true))
            .execute(conn)
            .await?;
        tracing::info!(
            image_id = id,
            variants = variants.len(),
            "image variants made"
        );
        Ok(true)
    })
    .await
}
