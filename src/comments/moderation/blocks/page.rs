//! The block list's admin: `GET|POST /admin/comments/blocks` (the list and the add form),
//! `POST /admin/comments/blocks/{id}/delete`, and `POST /admin/comments/{id}/block`, the
//! inbox's "block the sender": their address is blocked, the comment goes to spam, and the
//! block page then offers the comment's stored address range.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;

use crate::auth::author_form::{AuthorForm, Button};
use crate::auth::session::AuthorSession;
use crate::comments::model::Comment;
use crate::comments::moderation::blocks::list::{BlockError, BlockTarget, CommentBlock, MAX_NOTE};
use crate::comments::status::CommentStatus;
use crate::db::DbPool;
use crate::domain::EmailAddress;
use crate::error::{AppError, AppResult};
use crate::i18n::Messages;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::{page, render};

const BLOCKS: &str = "/admin/comments/blocks";

/// `?offer=`: a range the page proposes to block.
#[derive(Debug, Deserialize)]
pub struct BlocksQuery {
    #[serde(default)]
    offer: Option<String>,
}

/// The add form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct BlockForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    note: String,
}

/// A block as listed.
pub struct BlockLine {
    block: CommentBlock,
    kind: &'static str,
    since: String,
}

/// The block list page.
#[derive(Template)]
#[template(path = "comments/moderation/blocks.html")]
pub struct BlocksPage {
    layout: Layout,
    session: AuthorSession,
    blocks: Vec<BlockLine>,
    form: BlockForm,
    errors: FormErrors,
    offer: Option<String>,
}

async fn blocks_page(
    pool: &DbPool,
    ctx: &PageContext,
    session: AuthorSession,
    form: BlockForm,
    errors: FormErrors,
    offer: Option<String>,
) -> AppResult<BlocksPage> {
    let t = ctx.t();
    let mut conn = pool.get().await?;
    let timezone = ctx.settings.site.timezone;
    let blocks = CommentBlock::all(&mut conn)
        .await?
        .into_iter()
        .map(|block| BlockLine {
            kind: if block.kind == "email" {
                t.moderation.kind_email
            } else {
                t.moderation.kind_network
            },
            since: t.date(block.created_at, timezone),
            block,
        })
        .collect();
    Ok(BlocksPage {
        layout: ctx.layout(t.moderation.blocks_title),
        session,
        blocks,
        form,
        errors,
        offer,
    })
}

/// `GET /admin/comments/blocks`.
pub async fn show_blocks(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    query: web::Query<BlocksQuery>,
) -> AppResult<HttpResponse> {
    let offer = query
        .offer
        .as_deref()
        .and_then(|raw| match BlockTarget::parse("network", raw) {
            Ok(BlockTarget::Network(net)) => Some(net.to_string()),
            _ => None,
        });
    let form = BlockForm {
        kind: "email".into(),
        ..BlockForm::default()
    };
    page(&blocks_page(&pool, &ctx, session, form, FormErrors::default(), offer).await?)
}

fn check(t: &'static Messages, form: &BlockForm, errors: &mut FormErrors) -> Option<BlockTarget> {
    let note = form.note.trim();
    if note.chars().count() > MAX_NOTE || note.chars().any(char::is_control) {
        errors.add("note", t.moderation.error_block_note);
    }
    BlockTarget::parse(&form.kind, &form.value)
        .map_err(|error| match error {
            BlockError::Kind => errors.add("kind", t.moderation.error_block_kind),
            BlockError::Email => errors.add("value", t.moderation.error_block_email),
            BlockError::Network => errors.add("value", t.moderation.error_block_network),
            BlockError::TooWide => errors.add("value", t.moderation.error_block_wide),
        })
        .ok()
}

/// `POST /admin/comments/blocks`.
pub async fn add_block(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    AuthorForm { session, form }: AuthorForm<BlockForm>,
) -> AppResult<HttpResponse> {
    let mut errors = FormErrors::default();
    let target = check(ctx.t(), &form, &mut errors);
    let Some(target) = target.filter(|_| errors.is_empty()) else {
        let page = blocks_page(&pool, &ctx, session, form, errors, None).await?;
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut conn = pool.get().await?;
    CommentBlock::add(&mut conn, &target, form.note.trim()).await?;
    tracing::info!(kind = %form.kind, "block added");
    Ok(redirect_with(BLOCKS, Flash::BlockAdded))
}

/// `POST /admin/comments/blocks/{id}/delete`.
pub async fn delete_block(
    pool: web::Data<DbPool>,
    id: web::Path<i64>,
    _: AuthorForm<Button>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    if !CommentBlock::remove(&mut conn, *id).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(block_id = *id, "block removed");
    Ok(redirect_with(BLOCKS, Flash::BlockRemoved))
}

/// `POST /admin/comments/{id}/block`.
pub async fn block_sender(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    id: web::Path<i64>,
    _: AuthorForm<Button>,
) -> AppResult<HttpResponse> {
    let id = *id;
    let mut conn = pool.get().await?;
    let sender = Comment::sender(&mut conn, id).await?;
    let email = EmailAddress::parse(&sender.email)
        .filter(|_| !sender.by_author)
        .ok_or(AppError::BadRequest("the author cannot be blocked"))?;
    let note = format!("{}{id}", ctx.t().moderation.note_from_comment);
    let now = Utc::now();
    // The block and the comment's move to spam go together.
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        CommentBlock::add(conn, &BlockTarget::Email(email), &note).await?;
        Comment::set_status(conn, id, CommentStatus::Spam, now).await?;
        Ok(())
    })
    .await?;
    tracing::info!(comment_id = id, "sender blocked");
    let offer = match BlockTarget::parse("network", &sender.network) {
        Ok(BlockTarget::Network(net)) => format!(
            "{BLOCKS}?{}",
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("offer", &net.to_string())
                .finish()
        ),
        _ => BLOCKS.to_owned(),
    };
    Ok(redirect_with(&offer, Flash::SenderBlocked))
}
