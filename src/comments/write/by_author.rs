//! The logged-in author comments and replies from the article page: no name or address to
//! give, no moderation and no anti-spam guard (the session and its CSRF token vouch for them);
//! the comment is theirs (`by_author`, with the "Auteur" badge) and appears at once.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::articles::public::article_page;
use crate::articles::published::PublishedArticle;
use crate::auth::author::Author;
use crate::auth::session::AuthorSession;
use crate::comments::model::{Comment, NewComment};
use crate::comments::notifications::readers;
use crate::comments::status::CommentStatus;
use crate::comments::thread::order::Order;
use crate::comments::thread::permalink;
use crate::comments::thread::render;
use crate::comments::thread::section::CommentState;
use crate::comments::thread::views::CommentFields;
use crate::comments::write::form::check_common;
use crate::error::AppResult;
use crate::page_cache::wrote_article;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::PageContext;
use crate::web::render::render;

/// Posts the author's comment on `article` (the CSRF token already checked).
pub async fn post_as_author(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    published: PublishedArticle,
    session: AuthorSession,
    fields: CommentFields,
) -> AppResult<HttpResponse> {
    let mut errors = FormErrors::default();
    let article_id = published.article.id;
    let common = check_common(conn, ctx.t(), article_id, &fields, &mut errors).await?;
    if !errors.is_empty() {
        let state = CommentState {
            fields,
            errors,
            order: Order::Newest,
            after: None,
            all: false,
            author: Some(session),
            signed_as_before: false,
        };
        let page = article_page(conn, ctx, &published.slug, None, state).await?;
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let article = &published.article;
    let email = Author::email_of(conn, session.author_id).await?;
    let anchor = common.anchor_json()?;
    let body = fields.body.trim();
    let html = render::render(body);
    let now = Utc::now();
    let new = NewComment {
        article_id: article.id,
        parent_id: common.parent.map(|(id, _)| id),
        depth: common.parent.map_or(0, |(_, depth)| depth + 1),
        author_name: &session.display_name,
        author_email: &email,
        author_url: None,
        by_author: true,
        body_markdown: body,
        body_html: &html,
        status: CommentStatus::Approved,
        notify: "none",
        anchor: anchor.as_deref(),
        reader_id: None,
        client_network: "author",
        approved_at: Some(now),
    };
    // Followers hear of the author's comment like any other, queued with it.
    let id = conn
        .transaction(async |conn| {
            let id = Comment::insert(conn, &new).await?;
            readers::on_approved(conn, id).await?;
            diesel::QueryResult::Ok(id)
        })
        .await?;
    tracing::info!(
        comment_id = id,
        article_id = article.id,
        "author commented from the page"
    );
    let per_page = ctx.settings.comments.threads_per_page;
    let to = permalink::after_action(conn, id, None, per_page, &article.slug).await?;
    let mut response = redirect_with(&to, Flash::CommentPublished);
    wrote_article(&mut response, &article.slug);
    Ok(response)
}
