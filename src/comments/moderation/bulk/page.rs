//! `POST /admin/comments/bulk`: the comments ticked in one inbox tab (`ids`, repeated), an
//! `action`, and the tab and search to return to. All or nothing, in one transaction; a
//! refusal shows the inbox again with its reason.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use diesel_async::AsyncConnection;

use crate::auth::author_form::AuthorForm;
use crate::comments::model::Comment;
use crate::comments::moderation::bulk::apply::{BulkAction, BulkError, BulkRefusal};
use crate::comments::moderation::inbox::page::render_inbox;
use crate::comments::moderation::inbox::view::InboxView;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::i18n::Messages;
use crate::web::flash::{Flash, redirect_with};
use crate::web::layout::PageContext;

/// The bulk form as posted.
#[derive(Debug, Default)]
struct BulkForm {
    csrf_token: String,
    action: String,
    status: String,
    q: String,
    ids: Vec<String>,
}

impl BulkForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (key, value) in pairs {
            match key.as_str() {
                "csrf_token" => form.csrf_token = value,
                "action" => form.action = value,
                "status" => form.status = value,
                "q" => form.q = value,
                "ids" => form.ids.push(value),
                _ => {}
            }
        }
        form
    }

    /// The ids ticked, without repeats; `None` when one is not an id.
    fn ids(&self) -> Option<Vec<i64>> {
        let mut ids = self
            .ids
            .iter()
            .map(|raw| raw.trim().parse::<i64>().ok().filter(|id| *id > 0))
            .collect::<Option<Vec<i64>>>()?;
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    }
}

fn refusal_message(t: &'static Messages, refusal: BulkRefusal) -> &'static str {
    match refusal {
        BulkRefusal::Unknown => t.moderation.error_bulk_unknown,
        BulkRefusal::NotInTrash => t.moderation.error_bulk_delete,
        BulkRefusal::HasReplies => t.moderation.error_bulk_replies,
    }
}

/// `POST /admin/comments/bulk`.
pub async fn bulk_moderate(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    AuthorForm { session, form }: AuthorForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let form = BulkForm::from_pairs(form);
    let view = InboxView::parse(Some(&form.status), Some(&form.q), None)?;
    let t = ctx.t();
    let mut conn = pool.get().await?;
    let action = BulkAction::parse(&form.action);
    let refused = match (form.ids(), action) {
        (Some(ids), _) if ids.is_empty() => t.moderation.error_bulk_none,
        (None, _) => refusal_message(t, BulkRefusal::Unknown),
        (_, None) => t.moderation.error_bulk_action,
        (Some(ids), Some(action)) => {
            let now = Utc::now();
            let done = conn
                .transaction::<_, BulkError, _>(async |conn| {
                    Comment::bulk_moderate(conn, &ids, view.status, action, now).await
                })
                .await;
            match done {
                Ok(changed) => {
                    tracing::info!(changed, ?action, from = %view.status, "bulk moderation");
                    let flash = if action == BulkAction::Delete {
                        Flash::CommentsDeleted
                    } else {
                        Flash::CommentsMoved
                    };
                    return Ok(redirect_with(&view.href(view.status, None), flash));
                }
                Err(BulkError::Refused(refusal)) => refusal_message(t, refusal),
                Err(BulkError::Db(error)) => return Err(AppError::from(error)),
            }
        }
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render_inbox(&mut conn, &ctx, session, &view, Some(refused), status).await
}
