//! Writes that notify, committed without holding the notice queue while the disk syncs.
//!
//! PostgreSQL takes one lock, for the whole cluster, when a transaction that sent `NOTIFY`
//! commits, and keeps it until that commit is on disk: notifying writes (every rating, comment
//! vote and comment, through the page cache's triggers) commit one disk sync at a time. Such a
//! write's transaction calls [`defer_sync`] first, so its `COMMIT` returns before the disk sync
//! and releases the lock at once; the writer then calls [`wait_for_disk`], a transaction of its
//! own that commits synchronously, which flushes the log up to itself and so past the write's
//! commit. The writer answers only then: a write answered is on disk, as before, and the
//! writers of the same moment share their disk syncs.

use diesel::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};

use crate::db::fixed::{FixedSql, fixed};

/// Lets the current transaction's `COMMIT` return before its record is on disk.
pub async fn defer_sync(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    conn.batch_execute("SET LOCAL synchronous_commit = off")
        .await
}

/// A transaction of one log record (a logical message, read by nobody), committed
/// synchronously: it returns once the log is on disk up to it.
struct DiskSync;

impl FixedSql for DiskSync {
    const SQL: &'static str = "SELECT pg_logical_emit_message(true, 'sillage', 'synced')::text";
}

/// Returns once every transaction this connection committed is on disk.
pub async fn wait_for_disk(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    fixed::<DiskSync, _>(|sql| sql)
        .execute(conn)
        .await
        .map(|_| ())
}
