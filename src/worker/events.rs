//! What follows an article going live ([`ArticlePublished`], queued by the publishing
//! transaction): its announcement to the subscribers when the author turned automatic sends on
//! (decided when the event runs, normally within a second of the publication), and the
//! author's notice when a scheduled publication came late. Handled here, at the composition
//! root, so that the articles slice names neither the newsletter nor the worker.

use diesel::QueryResult;
use diesel_async::AsyncConnection;

use crate::articles::published_event::ArticlePublished;
use crate::jobs::{Job, JobContext, JobError};
use crate::newsletter::automatic::announce;
use crate::worker::missed;

impl Job for ArticlePublished {
    const KIND: &'static str = "article.published";

    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        let mut conn = ctx.connection().await?;
        conn.transaction(async |conn| {
            announce::on_publication(conn, self.article_id, self.at).await?;
            if let Some(due) = self.late_for {
                missed::report_late_publication(conn, self.article_id, due).await?;
            }
            QueryResult::Ok(())
        })
        .await?;
        Ok(())
    }
}
