//! The import page's forms: `POST /admin/import` (the files, checked, stored and their dry run
//! queued in one transaction) and `POST /admin/import/{id}/run` ("Importer": the real import of
//! that dry run's files queued). Either is refused while another import is queued or running.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel_async::AsyncConnection;
use serde::Deserialize;

use crate::auth::author_form::AuthorForm;
use crate::auth::author_upload::{AuthorUpload, ImportCap};
use crate::db::DbPool;
use crate::error::AppResult;
use crate::import::admin::checks::{self, FieldError};
use crate::import::admin::job::RunImport;
use crate::import::admin::page::{Shown, answer};
use crate::import::admin::run::{ImportRun, NewImportRun, Phase, categories_name};
use crate::import::admin::{files, upload};
use crate::import::context::CategoryChoice;
use crate::jobs::Job;
use crate::web::layout::PageContext;
use crate::web::render::see_other;

/// The page's address.
pub const PATH: &str = "/admin/import";

/// `POST /admin/import` (multipart: `csrf_token` first, `wxr`, optional `wpdiscuz_sql` and
/// `uploads`, `categories`).
pub async fn start_import(
    upload: AuthorUpload<ImportCap>,
    pool: web::Data<DbPool>,
    ctx: PageContext,
) -> AppResult<HttpResponse> {
    let settings = &ctx.settings;
    let session = upload.session;
    let form = upload::read(upload.fields, settings).await?;
    let t = ctx.t();
    let busy = |choice| Shown {
        notice: Some(t.import_page.error_busy),
        choice,
        ..Shown::default()
    };
    if ImportRun::any_active(&mut *pool.get().await?).await? {
        return answer(&pool, &ctx, session, StatusCode::CONFLICT, busy(None)).await;
    }
    let max = settings.import.max_unzipped_bytes;
    let choice = match checks::check(&form, t, settings.site.timezone, max).await? {
        Ok(choice) => choice,
        Err(errors) => {
            let refused = Shown {
                errors,
                choice: checks::parse_categories(&form.categories),
                ..Shown::default()
            };
            return answer(
                &pool,
                &ctx,
                session,
                StatusCode::UNPROCESSABLE_ENTITY,
                refused,
            )
            .await;
        }
    };
    let created = store_run(&pool, &form, choice).await?;
    match created {
        Some(run_id) => {
            tracing::info!(run_id, "import dry run queued");
            Ok(see_other(PATH))
        }
        None => {
            answer(
                &pool,
                &ctx,
                session,
                StatusCode::CONFLICT,
                busy(Some(choice)),
            )
            .await
        }
    }
}

/// Stores the checked form's files and its run, its dry run queued, in one transaction; `None`
/// when another import became active meanwhile.
async fn store_run(
    pool: &DbPool,
    form: &upload::ImportUpload,
    choice: CategoryChoice,
) -> anyhow::Result<Option<i64>> {
    let Some(wxr) = &form.wxr else {
        anyhow::bail!("a checked import form without its export");
    };
    let mut conn = pool.get().await?;
    conn.transaction(async |conn| -> anyhow::Result<Option<i64>> {
        let new = NewImportRun {
            wxr_name: &wxr.name,
            wxr: files::store(conn, &wxr.path).await?,
            wpdiscuz_sql: stored(conn, form.wpdiscuz_sql.as_ref()).await?,
            uploads_zip: stored(conn, form.uploads.as_ref()).await?,
            categories: categories_name(choice),
        };
        let Ok(run_id) = ImportRun::create(conn, new).await? else {
            return Ok(None);
        };
        let phase = Phase::DryRun;
        RunImport { run_id, phase }.enqueue(conn).await?;
        Ok(Some(run_id))
    })
    .await
}

async fn stored(
    conn: &mut diesel_async::AsyncPgConnection,
    file: Option<&upload::Received>,
) -> anyhow::Result<Option<u32>> {
    match file {
        Some(file) => Ok(Some(files::store(conn, &file.path).await?)),
        None => Ok(None),
    }
}

/// The "Importer" form as sent.
#[derive(Debug, Deserialize)]
pub struct RunFields {
    #[serde(default)]
    categories: String,
}

/// `POST /admin/import/{id}/run` (fields `csrf_token`, `categories`).
pub async fn run_import(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    id: web::Path<i64>,
    form: AuthorForm<RunFields>,
) -> AppResult<HttpResponse> {
    let t = ctx.t();
    let AuthorForm { session, form } = form;
    let Some(choice) = checks::parse_categories(&form.categories) else {
        let error = FieldError {
            field: "run_categories",
            message: t.import_page.error_categories.to_owned(),
        };
        let refused = Shown {
            errors: vec![error],
            ..Shown::default()
        };
        return answer(
            &pool,
            &ctx,
            session,
            StatusCode::UNPROCESSABLE_ENTITY,
            refused,
        )
        .await;
    };
    let run_id = *id;
    let mut conn = pool.get().await?;
    let queued = conn
        .transaction(async |conn| -> anyhow::Result<_> {
            let queued = ImportRun::queue_import(conn, run_id, choice).await?;
            if let Some(Ok(())) = queued {
                let phase = Phase::Import;
                RunImport { run_id, phase }.enqueue(conn).await?;
            }
            Ok(queued)
        })
        .await?;
    drop(conn);
    let notice = match queued {
        Some(Ok(())) => {
            tracing::info!(run_id, "import queued");
            return Ok(see_other(PATH));
        }
        Some(Err(_)) => t.import_page.error_busy,
        None => t.import_page.error_not_ready,
    };
    let refused = Shown {
        notice: Some(notice),
        choice: Some(choice),
        ..Shown::default()
    };
    answer(&pool, &ctx, session, StatusCode::CONFLICT, refused).await
}
