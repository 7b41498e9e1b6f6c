//! "Send a test to the author": the newsletter as it will look, mailed through the job queue
//! to the logged-in author's address, never recorded in the delivery ledger. A test per
//! newsletter per minute (a double click sends one) and a few per hour in all.

use actix_web::{HttpResponse, web};
use chrono::{Duration, Utc};
use diesel::result::Error as DieselError;
use serde::{Deserialize, Serialize};

use crate::auth::author::Author;
use crate::auth::author_form::{AuthorForm, Button};
use crate::db::DbPool;
use crate::error::AppResult;
use crate::jobs::{self, Job, JobContext, JobError};
use crate::mail::mailbox;
use crate::newsletter::model::Newsletter;
use crate::newsletter::sending::delivery::test_email;
use crate::web::flash::{Flash, redirect_with};

/// The job that mails a test of a newsletter to an author.
#[derive(Debug, Serialize, Deserialize)]
pub struct TestSend {
    /// The newsletter.
    pub newsletter_id: i64,
    /// Who asked for it (and receives it).
    pub author_id: i64,
    /// The minute it was asked in (Unix minutes): a double click sends one.
    #[serde(default)]
    pub minute: i64,
}

impl Job for TestSend {
    const KIND: &'static str = "newsletter.test";

    fn dedupe_key(&self) -> Option<String> {
        Some(format!(
            "{}:{}:{}",
            Self::KIND,
            self.newsletter_id,
            self.minute
        ))
    }

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        send_test_email(ctx, self).await
    }
}
/// Tests allowed in any hour, all newsletters together.
const TESTS_PER_HOUR: i64 = 10;

/// `POST /admin/newsletters/{id}/test`: queues a test to the author, unless one was just
/// queued; answers 303 back to the newsletter's page either way.
pub async fn send_test(
    pool: web::Data<DbPool>,
    id: web::Path<i64>,
    AuthorForm { session, .. }: AuthorForm<Button>,
) -> AppResult<HttpResponse> {
    let (id, now) = (*id, Utc::now());
    let mut conn = pool.get().await?;
    Newsletter::by_id(&mut conn, id).await?;
    let recent = jobs::count_since(&mut conn, TestSend::KIND, now - Duration::hours(1)).await?;
    let job = TestSend {
        newsletter_id: id,
        author_id: session.author_id,
        minute: now.timestamp().div_euclid(60),
    };
    let queued = recent < TESTS_PER_HOUR && job.enqueue(&mut conn).await?;
    tracing::info!(newsletter_id = id, queued, "newsletter test requested");
    let flash = if queued {
        Flash::TestSent
    } else {
        Flash::TestTooSoon
    };
    Ok(redirect_with(&format!("/admin/newsletters/{id}"), flash))
}

/// Runs a [`TestSend`]: a deleted newsletter or account leaves nothing to send.
async fn send_test_email(ctx: &JobContext, job: TestSend) -> Result<(), JobError> {
    let TestSend {
        newsletter_id,
        author_id,
        ..
    } = job;
    let mut conn = ctx.connection().await?;
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
    let to = mailbox(&author.display_name, &author.email)?;
    let email = test_email(ctx, &newsletter, to)
        .map_err(|e| JobError::Permanent(format!("rendering the test: {e}")))?;
    ctx.mailer.send(&email).await?;
    Ok(())
}
