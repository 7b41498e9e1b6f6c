//! "Send a test to the author": the newsletter as it will look, mailed through the job queue
//! to the logged-in author's address, never recorded in the delivery ledger. A test per
//! newsletter per minute (a double click sends one) and a few per hour in all.

use actix_web::{HttpResponse, web};
use chrono::{Duration, Utc};
use diesel::result::Error as DieselError;
use lettre::message::Mailbox;
use serde_json::{Value, json};

use crate::auth::author::Author;
use crate::auth::session::AuthorSession;
use crate::auth::session::CsrfForm;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::jobs::runner::{JobContext, JobError};
use crate::jobs::{self};
use crate::newsletters::delivery::test_email;
use crate::newsletters::model::Newsletter;
use crate::web::flash::{Flash, redirect_with};

/// The job that mails a test.
pub const TEST_JOB: &str = "newsletter.test";
/// Tests allowed in any hour, all newsletters together.
const TESTS_PER_HOUR: i64 = 10;

/// `POST /admin/newsletters/{id}/test`: queues a test to the author, unless one was just
/// queued; answers 303 back to the newsletter's page either way.
pub async fn send_test(
    pool: web::Data<DbPool>,
    session: AuthorSession,
    id: web::Path<i64>,
    form: web::Form<CsrfForm>,
) -> AppResult<HttpResponse> {
    session.check_csrf(form.token())?;
    let (id, now) = (*id, Utc::now());
    let mut conn = pool.get().await?;
    Newsletter::by_id(&mut conn, id).await?;
    let recent = jobs::count_since(&mut conn, TEST_JOB, now - Duration::hours(1)).await?;
    let key = format!("{TEST_JOB}:{id}:{}", now.timestamp().div_euclid(60));
    let payload = json!({ "newsletter_id": id, "author_id": session.author_id });
    let queued =
        recent < TESTS_PER_HOUR && jobs::enqueue(&mut conn, TEST_JOB, payload, Some(&key)).await?;
    tracing::info!(newsletter_id = id, queued, "newsletter test requested");
    let flash = if queued {
        Flash::TestSent
    } else {
        Flash::TestTooSoon
    };
    Ok(redirect_with(&format!("/admin/newsletters/{id}"), flash))
}

/// Runs [`TEST_JOB`]: a deleted newsletter or account leaves nothing to send.
pub async fn send_test_email(ctx: &JobContext, payload: &Value) -> Result<(), JobError> {
    let id_of = |name: &str| {
        payload[name]
            .as_i64()
            .ok_or_else(|| JobError::Permanent(format!("payload without {name}")))
    };
    let (newsletter_id, author_id) = (id_of("newsletter_id")?, id_of("author_id")?);
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let found = match Newsletter::by_id(&mut conn, newsletter_id).await {
        Ok(newsletter) => Author::by_id(&mut conn, author_id)
            .await
            .map(|author| (newsletter, author)),
        Err(error) => Err(error),
    };
    drop(conn);
    let (newsletter, author) = match found {
        Ok(found) => found,
        Err(DieselError::NotFound) => return Ok(()),
        Err(error) => return Err(error.into()),
    };
    let address = author
        .email
        .parse()
        .map_err(|e| JobError::Permanent(format!("author address unusable: {e}")))?;
    let name = author
        .display_name
        .replace(['\r', '\n', '"', '<', '>'], " ");
    let to = Mailbox::new(Some(name.trim().to_owned()), address);
    let email = test_email(ctx, &newsletter, to)
        .map_err(|e| JobError::Permanent(format!("rendering the test: {e}")))?;
    ctx.mailer.send(&email).await?;
    Ok(())
}
