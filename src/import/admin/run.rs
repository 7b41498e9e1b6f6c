//! An import started from the admin panel, as `import_runs` keeps it: its files, its phase (the
//! dry run, then the import) and that phase's state, the progress so far and the report; how a
//! run is created and its import queued. The database keeps a single import queued or running
//! at a time, whichever node asks. What a worker does with a run is in [`super::lifecycle`].

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DbError};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::import::admin::files;
use crate::import::admin::saved::SavedReport;
use crate::import::context::CategoryChoice;
use crate::schema::import_runs;

/// The two phases of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Everything read and written, then rolled back.
    DryRun,
    /// The real import.
    Import,
}

impl Phase {
    /// Its name in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::DryRun => "dry_run",
            Phase::Import => "import",
        }
    }
}

/// The name of a category choice in the table.
pub fn categories_name(choice: CategoryChoice) -> &'static str {
    match choice {
        CategoryChoice::Themes => "themes",
        CategoryChoice::Series => "series",
    }
}

/// An import run.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = import_runs)]
pub struct ImportRun {
    /// Primary key.
    pub id: i64,
    /// `dry_run` or `import`.
    pub phase: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    /// `themes` or `series`.
    pub categories: String,
    /// The name the export was sent under.
    pub wxr_name: String,
    /// The export, while an import may still need it.
    pub wxr: Option<u32>,
    /// The wpDiscuz dump, if sent.
    pub wpdiscuz_sql: Option<u32>,
    /// The uploads' zip, if sent.
    pub uploads_zip: Option<u32>,
    /// Items read so far.
    pub items_read: i64,
    /// Articles written (or found) so far.
    pub articles_read: i64,
    /// Comments written (or found) so far.
    pub comments_read: i64,
    /// The phase's report, once done.
    pub report: Option<serde_json::Value>,
    /// Why the phase failed, if it did.
    pub failure: Option<String>,
    /// The last sign of life of the worker running it.
    pub beat_at: Option<DateTime<Utc>>,
    /// When the files arrived.
    pub created_at: DateTime<Utc>,
    /// When the phase ended.
    pub finished_at: Option<DateTime<Utc>>,
}

/// The files of a new run, already stored.
#[derive(Debug, Insertable)]
#[diesel(table_name = import_runs)]
pub struct NewImportRun<'a> {
    /// The export's name.
    pub wxr_name: &'a str,
    /// The export.
    pub wxr: u32,
    /// The dump.
    pub wpdiscuz_sql: Option<u32>,
    /// The zip.
    pub uploads_zip: Option<u32>,
    /// `themes` or `series`.
    pub categories: &'static str,
}

/// A run's id and its files: the export, the dump, the zip.
type RunFiles = (i64, Option<u32>, Option<u32>, Option<u32>);

/// Another import is queued or running.
#[derive(Debug)]
pub struct Busy;

/// A write refused because an import is active, or failed.
fn busy_or(error: DbError) -> Result<Busy, DbError> {
    match error {
        DbError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => Ok(Busy),
        other => Err(other),
    }
}

impl ImportRun {
    /// The latest run, if any.
    pub async fn latest(conn: &mut AsyncPgConnection) -> QueryResult<Option<Self>> {
        import_runs::table
            .order(import_runs::id.desc())
            .select(Self::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// Whether a run is queued or running.
    pub async fn any_active(conn: &mut AsyncPgConnection) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            import_runs::table.filter(import_runs::status.eq_any(["queued", "running"])),
        ))
        .get_result(conn)
        .await
    }

    /// Inserts a run whose dry run is queued, after removing the files of the runs it replaces;
    /// `Err(Busy)` inside `Ok` when another import is active (call it in a transaction).
    pub async fn create(
        conn: &mut AsyncPgConnection,
        new: NewImportRun<'_>,
    ) -> QueryResult<Result<i64, Busy>> {
        let old: Vec<RunFiles> = import_runs::table
            .filter(import_runs::status.eq_any(["done", "failed"]))
            .filter(import_runs::wxr.is_not_null())
            .select((
                import_runs::id,
                import_runs::wxr,
                import_runs::wpdiscuz_sql,
                import_runs::uploads_zip,
            ))
            .for_update()
            .load(conn)
            .await?;
        for (id, wxr, sql, zip) in old {
            files::remove(conn, [wxr, sql, zip]).await?;
            Self::forget_files(conn, id).await?;
        }
        match diesel::insert_into(import_runs::table)
            .values(&new)
            .returning(import_runs::id)
            .get_result(conn)
            .await
        {
            Ok(id) => Ok(Ok(id)),
            Err(error) => busy_or(error).map(Err),
        }
    }

    /// Forgets the files of run `id` (once removed).
    pub(super) async fn forget_files(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<()> {
        diesel::update(import_runs::table.find(id))
            .set((
                import_runs::wxr.eq(None::<u32>),
                import_runs::wpdiscuz_sql.eq(None::<u32>),
                import_runs::uploads_zip.eq(None::<u32>),
            ))
            .execute(conn)
            .await
            .map(|_| ())
    }

    /// Queues the real import of run `id`, whose dry run is done, with `categories`; `Ok(None)`
    /// when that run cannot be imported (not the latest, not dry-run, files gone).
    pub async fn queue_import(
        conn: &mut AsyncPgConnection,
        id: i64,
        categories: CategoryChoice,
    ) -> QueryResult<Option<Result<(), Busy>>> {
        let latest = Self::latest(conn).await?;
        if latest.is_none_or(|run| run.id != id) {
            return Ok(None);
        }
        let updated = diesel::update(
            import_runs::table
                .find(id)
                .filter(import_runs::phase.eq(Phase::DryRun.as_str()))
                .filter(import_runs::status.eq("done"))
                .filter(import_runs::wxr.is_not_null()),
        )
        .set((
            import_runs::phase.eq(Phase::Import.as_str()),
            import_runs::status.eq("queued"),
            import_runs::categories.eq(categories_name(categories)),
            import_runs::items_read.eq(0),
            import_runs::articles_read.eq(0),
            import_runs::comments_read.eq(0),
            import_runs::report.eq(None::<serde_json::Value>),
            import_runs::finished_at.eq(None::<DateTime<Utc>>),
        ))
        .execute(conn)
        .await;
        match updated {
            Ok(1) => Ok(Some(Ok(()))),
            Ok(_) => Ok(None),
            Err(error) => busy_or(error).map(|busy| Some(Err(busy))),
        }
    }

    /// The category choice of the run.
    pub fn category_choice(&self) -> CategoryChoice {
        if self.categories == "series" {
            CategoryChoice::Series
        } else {
            CategoryChoice::Themes
        }
    }

    /// Its report, when readable.
    pub fn saved_report(&self) -> Option<SavedReport> {
        self.report
            .clone()
            .and_then(|value| serde_json::from_value(value).ok())
    }
}
