//! The uploaded files kept in the database as large objects, so that any node's worker reads
//! them and a restart loses nothing: written from a file in chunks, read back in chunks to a
//! file of the worker's, removed once no import needs them. A file is never whole in memory.

use std::path::Path;

use anyhow::Context as _;
use diesel::sql_types::{BigInt, Bytea, Integer, Oid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The bytes moved at once.
const CHUNK: usize = 1 << 20;

diesel::define_sql_function! {
    /// Creates an empty large object.
    fn lo_create(id: Oid) -> Oid;
}

diesel::define_sql_function! {
    /// Up to `len` bytes of a large object from `offset`.
    fn lo_get(id: Oid, offset: BigInt, len: Integer) -> Bytea;
}

diesel::define_sql_function! {
    /// Removes a large object.
    fn lo_unlink(id: Oid) -> Integer;
}

/// Copies the file at `path` into a new large object; its id.
pub async fn store(conn: &mut AsyncPgConnection, path: &Path) -> anyhow::Result<u32> {
    let id: u32 = diesel::select(lo_create(0)).get_result(conn).await?;
    let mut file = tokio::fs::File::open(path)
        .await
        .with_context(|| format!("cannot open {}", path.display()))?;
    let mut buffer = vec![0; CHUNK];
    let mut offset = 0i64;
    loop {
        let n = fill(&mut file, &mut buffer).await?;
        if n == 0 {
            return Ok(id);
        }
        diesel::sql_query("SELECT lo_put($1, $2, $3)")
            .bind::<Oid, _>(id)
            .bind::<BigInt, _>(offset)
            .bind::<Bytea, _>(&buffer[..n])
            .execute(conn)
            .await?;
        offset += i64::try_from(n)?;
    }
}

/// Reads into `buffer` until it is full or the file ends; how many bytes were read.
async fn fill(file: &mut tokio::fs::File, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]).await? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Writes the large object `id` to a new file at `path`.
pub async fn export(conn: &mut AsyncPgConnection, id: u32, path: &Path) -> anyhow::Result<()> {
    let mut file = tokio::fs::File::create(path)
        .await
        .with_context(|| format!("cannot create {}", path.display()))?;
    let len = i32::try_from(CHUNK)?;
    let mut offset = 0i64;
    loop {
        let chunk: Vec<u8> = diesel::select(lo_get(id, offset, len))
            .get_result(conn)
            .await
            .context("the uploaded file is gone from the database")?;
        if chunk.is_empty() {
            break;
        }
        file.write_all(&chunk).await?;
        offset += i64::try_from(chunk.len())?;
    }
    file.flush().await?;
    Ok(())
}

/// Removes the large objects `ids` (those that are `Some`).
pub async fn remove(
    conn: &mut AsyncPgConnection,
    ids: impl IntoIterator<Item = Option<u32>>,
) -> diesel::QueryResult<()> {
    for id in ids.into_iter().flatten() {
        diesel::select(lo_unlink(id)).execute(conn).await?;
    }
    Ok(())
}
