//! `POST /articles/{slug}/comments`: a guest comment or reply, checked
//! ([`submission`](crate::comments::write::submission)), then taken in by the guards and the
//! moderation policy ([`guest`](crate::comments::write::guest)): shown at once or held for the
//! author. The logged-in author's comments take their own path ([`by_author`]).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use diesel_async::AsyncPgConnection;

use crate::articles::public::article_page;
use crate::articles::published::PublishedArticle;
use crate::auth::session::AuthorSession;
use crate::comments::thread::order::Order;
use crate::comments::thread::permalink;
use crate::comments::thread::section::CommentState;
use crate::comments::thread::views::CommentFields;
use crate::comments::write::by_author;
use crate::comments::write::form::CommentForm;
use crate::comments::write::guest::{Posted, post_guest};
use crate::comments::write::submission::GuestComment;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::page_cache::wrote_article;
use crate::web::bot_guard::{BotGuard, Sender};
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::PageContext;
use crate::web::lenient_form::LenientForm;
use crate::web::render::render;
use crate::web::visitor::Visitor;

/// Posts a comment.
pub async fn post_comment(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    visitor: Visitor,
    published: PublishedArticle,
    form: LenientForm<CommentForm>,
    author: Option<AuthorSession>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let CommentForm { fields, csrf_token } = form.into_inner();
    if let Some(session) = author {
        session.check_csrf(&csrf_token)?;
        return by_author::post_as_author(&mut conn, &ctx, published, session, fields).await;
    }
    let (t, now) = (ctx.t(), Utc::now());
    let sender = visitor.sender(BotGuard::comments(&ctx.settings), fields.traps(), now);
    let article_id = published.article.id;
    let checked = GuestComment::check(&mut conn, t, article_id, &fields, sender).await?;
    let (errors, status) = match checked {
        Err(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
        Ok(_) if sender == Sender::Robot => {
            tracing::info!(network = %visitor.client.network(), "comment ignored as automated");
            let anchor = format!("/articles/{}#comments", published.article.slug);
            return Ok(redirect_with(&anchor, Flash::CommentPending));
        }
        Ok(comment) => {
            let settings = &ctx.settings;
            match post_guest(&mut conn, settings, article_id, &comment, &visitor, now).await? {
                Ok(posted) => {
                    let new_thread = comment.parent.is_none();
                    return answer(&mut conn, &ctx, &published, &visitor, posted, new_thread).await;
                }
                Err(refused) => (
                    FormErrors::single("body", refused.message(t)),
                    refused.status(),
                ),
            }
        }
    };
    form_again(&mut conn, &ctx, published, &visitor, fields, errors, status).await
}

/// The redirect to the comment taken in, on the page that shows it (the first, for a new
/// thread).
async fn answer(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    published: &PublishedArticle,
    visitor: &Visitor,
    Posted { id, approved }: Posted,
    new_thread: bool,
) -> AppResult<HttpResponse> {
    let article = &published.article;
    tracing::info!(
        comment_id = id,
        article_id = article.id,
        approved,
        "comment posted"
    );
    let to = match new_thread {
        true => permalink::of_new_thread(&article.slug, id),
        false => {
            let per_page = ctx.settings.comments.threads_per_page;
            let reader = Some(visitor.reader.id.as_str());
            permalink::after_action(conn, id, reader, per_page, &article.slug).await?
        }
    };
    let flash = if approved {
        Flash::CommentPublished
    } else {
        Flash::CommentPending
    };
    let mut response = redirect_with(&to, flash);
    wrote_article(&mut response, &article.slug);
    visitor.remember(&mut response, ctx.settings.is_https())?;
    Ok(response)
}

/// The article page again, the comment form with what was typed and its errors.
async fn form_again(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    published: PublishedArticle,
    visitor: &Visitor,
    fields: CommentFields,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let state = CommentState {
        fields,
        errors,
        order: Order::Newest,
        after: None,
        all: false,
        author: None,
        signed_as_before: false,
    };
    let page = article_page(conn, ctx, &published.slug, visitor.known(), state).await?;
    render(status, &page)
}
