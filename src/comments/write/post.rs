//! `POST /articles/{slug}/comments`: a guest comment or reply, checked, judged by the
//! moderation policy and the anti-spam guards, then shown at once or held for the author. The
//! logged-in author's comments take their own path ([`by_author`]).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use anyhow::Context;
use chrono::{Duration, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::articles::public::article_page;
use crate::articles::published::PublishedArticle;
use crate::auth::session::AuthorSession;
use crate::comments::inline::anchor::Anchor;
use crate::comments::model::{Comment, NewComment};
use crate::comments::moderation::blocks::list::CommentBlock;
use crate::comments::notifications::author_notice;
use crate::comments::notifications::readers;
use crate::comments::status::CommentStatus;
use crate::comments::thread::order::Order;
use crate::comments::thread::permalink;
use crate::comments::thread::render;
use crate::comments::thread::section::CommentState;
use crate::comments::thread::views::CommentFields;
use crate::comments::write::by_author;
use crate::comments::write::form::{check_common, check_guest, fields_from};
use crate::comments::write::policy::{self, Verdict};
use crate::db::DbPool;
use crate::domain::Slug;
use crate::error::AppResult;
use crate::readers::follow::ask::follow_article;
use crate::readers::follow::store::FollowMode;
use crate::readers::model::ConfirmLimits;
use crate::readers::proof;
use crate::web::client_addr::ClientAddr;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::form_stamp::StampCheck;
use crate::web::layout::PageContext;
use crate::web::reader_cookie::{ReaderId, ReaderKey};
use crate::web::render::render;

/// Posts a comment.
#[expect(
    clippy::too_many_arguments,
    reason = "each argument is an actix extractor the handler needs"
)]
pub async fn post_comment(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<ReaderKey>,
    ctx: PageContext,
    client: ClientAddr,
    PublishedArticle { article, slug }: PublishedArticle,
    form: web::Form<Vec<(String, String)>>,
    author: Option<AuthorSession>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let (fields, csrf) = fields_from(form.into_inner());
    if let Some(session) = author {
        session.check_csrf(&csrf)?;
        return by_author::post_as_author(&mut conn, &ctx, &article, session, fields).await;
    }
    let (t, rules, now) = (ctx.t(), &ctx.settings.comments, Utc::now());
    let reader = key.reader(&req)?;
    let anchor = format!("/articles/{}#comments", article.slug);
    let mut errors = FormErrors::default();
    let common = check_common(&mut conn, t, article.id, &fields, &mut errors).await?;
    let least = Duration::seconds(rules.min_form_seconds);
    let life = ctx.settings.form_stamp_life();
    let stamp = key.check_public_stamp(&req, &fields.form_ts, now, least, life);
    if stamp == StampCheck::Expired {
        errors.add("body", t.guards.form_expired);
    }
    let checked = check_guest(t, &fields, &mut errors).filter(|_| errors.is_empty());
    let robot = !fields.website.is_empty() || stamp == StampCheck::Robot;
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let Some(ok) = checked {
        if robot {
            tracing::info!(network = %client.network(), "comment ignored as automated");
            return Ok(redirect_with(&anchor, Flash::CommentPending));
        }
        let body = fields.body.trim();
        let name = fields.author_name.trim();
        if Comment::count_from_network(&mut conn, &client.network(), now - Duration::minutes(10))
            .await?
            >= rules.per_network_per_10_minutes
        {
            errors.add("body", t.error_comment_rate);
            status = StatusCode::TOO_MANY_REQUESTS;
        } else if Comment::is_duplicate(
            &mut conn,
            article.id,
            ok.email.as_str(),
            body,
            now - Duration::days(1),
        )
        .await?
        {
            errors.add("body", t.error_comment_duplicate);
        } else {
            // A blocked sender's comment is kept as spam and answered like any held one, so
            // the block is not revealed.
            let blocked = CommentBlock::blocks(&mut conn, ok.email.as_str(), client.ip()).await?;
            let browser = (!reader.is_new).then_some(reader.id.as_str());
            let proven = proof::proves(&mut conn, browser, &ok.email).await?;
            let known =
                Comment::is_returning(&mut conn, ok.email.as_str(), browser, proven).await?;
            let verdict = if blocked {
                Verdict::Hold
            } else {
                policy::judge(body, name, known, rules)
            };
            if verdict == Verdict::Reject {
                errors.add("body", t.error_comment_blocked);
            } else {
                let approved = verdict == Verdict::Approve;
                let html = render::render(body);
                let anchor = common
                    .anchor
                    .as_ref()
                    .map(Anchor::to_json)
                    .transpose()
                    .context("serialising an anchor")?;
                let new = NewComment {
                    article_id: article.id,
                    parent_id: common.parent.map(|(id, _)| id),
                    depth: common.parent.map_or(0, |(_, depth)| depth + 1),
                    author_name: name,
                    author_email: ok.email.as_str(),
                    author_url: ok.url.as_deref(),
                    by_author: false,
                    body_markdown: body,
                    body_html: &html,
                    status: match (blocked, approved) {
                        (true, _) => CommentStatus::Spam,
                        (false, true) => CommentStatus::Approved,
                        (false, false) => CommentStatus::Pending,
                    },
                    notify: if fields.notify.is_empty() {
                        "none"
                    } else {
                        &fields.notify
                    },
                    anchor: anchor.as_deref(),
                    reader_id: Some(&reader.id),
                    client_network: &client.network(),
                    approved_at: approved.then_some(now),
                };
                let follow = FollowMode::parse(&fields.notify).filter(|_| !blocked);
                let limits = ConfirmLimits::from_settings(&ctx.settings);
                let author_notice = rules.notify_author;
                // The comment, its writer's follow and who hears of it are written together,
                // or none is.
                let (network, limit) = (client.network(), rules.per_network_per_10_minutes);
                let id = conn
                    .transaction::<_, diesel::result::Error, _>(async |conn| {
                        // Counted again under the range's lock: parallel posts stop at the limit.
                        if !Comment::within_network_limit(conn, &network, now, limit).await? {
                            return Ok(None);
                        }
                        let id = Comment::insert(conn, &new).await?;
                        if let Some(mode) = follow {
                            follow_article(conn, &ok.email, article.id, mode, proven, limits, now)
                                .await?;
                        }
                        if approved {
                            readers::on_approved(conn, id).await?;
                        } else if !blocked {
                            author_notice::on_pending(conn, author_notice, id, now).await?;
                        }
                        Ok(Some(id))
                    })
                    .await?;
                let Some(id) = id else {
                    errors.add("body", t.error_comment_rate);
                    let status = StatusCode::TOO_MANY_REQUESTS;
                    return form_again(&mut conn, &ctx, &slug, &reader, fields, errors, status)
                        .await;
                };
                tracing::info!(
                    comment_id = id,
                    article_id = article.id,
                    approved,
                    "comment posted"
                );
                let flash = if approved {
                    Flash::CommentPublished
                } else {
                    Flash::CommentPending
                };
                let per_page = ctx.settings.comments.threads_per_page;
                let to = permalink::after_action(
                    &mut conn,
                    id,
                    Some(&reader.id),
                    per_page,
                    &article.slug,
                )
                .await?;
                let mut response = redirect_with(&to, flash);
                if reader.is_new {
                    response
                        .add_cookie(&key.cookie(&reader, ctx.settings.is_https()))
                        .map_err(anyhow::Error::from)?;
                }
                return Ok(response);
            }
        }
    }
    form_again(&mut conn, &ctx, &slug, &reader, fields, errors, status).await
}

/// The article page again, the comment form with what was typed and its errors.
async fn form_again(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    slug: &Slug,
    reader: &ReaderId,
    fields: CommentFields,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let state = CommentState {
        fields,
        errors,
        order: Order::Newest,
        after: None,
        author: None,
    };
    let known_reader = (!reader.is_new).then_some(reader.id.as_str());
    let page = article_page(conn, ctx, slug, known_reader, state).await?;
    render(status, &page)
}
