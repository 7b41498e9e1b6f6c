//! A checked guest comment taken in: the guards against floods and repeats, the moderation
//! policy (with the block list, whose comments are kept as spam and answered like any held
//! one so the block is not revealed), then one transaction holding the comment, its writer's
//! follow and who hears of it, on disk before it answers ([`quick_commit`]).

use actix_web::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::comments::model::{Comment, NewComment};
use crate::comments::moderation::blocks::list::CommentBlock;
use crate::comments::notifications::{author_notice, readers};
use crate::comments::status::CommentStatus;
use crate::comments::thread::render;
use crate::comments::write::policy::{self, Verdict};
use crate::comments::write::submission::GuestComment;
use crate::db::quick_commit;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::readers::follow::ask::follow_article;
use crate::readers::model::ConfirmLimits;
use crate::readers::proof;
use crate::settings::Settings;
use crate::web::visitor::Visitor;

/// A comment taken in.
#[derive(Debug, Clone, Copy)]
pub struct Posted {
    /// Its id.
    pub id: i64,
    /// Whether it shows at once (otherwise it waits for the author).
    pub approved: bool,
}

/// Why a checked comment was not taken, told to its writer beside the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Too many comments from the writer's network in ten minutes.
    TooMany,
    /// The same text by the same writer on this article within a day.
    Repeated,
    /// The moderation policy refuses it outright.
    Rejected,
}

impl Refused {
    /// What the writer is told.
    pub fn message(self, t: &Messages) -> &'static str {
        match self {
            Refused::TooMany => t.error_comment_rate,
            Refused::Repeated => t.error_comment_duplicate,
            Refused::Rejected => t.error_comment_blocked,
        }
    }

    /// The status of the form shown again.
    pub fn status(self) -> StatusCode {
        match self {
            Refused::TooMany => StatusCode::TOO_MANY_REQUESTS,
            Refused::Repeated | Refused::Rejected => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// Takes in `comment` on the article `article_id` from `visitor` at `now`.
pub async fn post_guest(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
    article_id: i64,
    comment: &GuestComment,
    visitor: &Visitor,
    now: DateTime<Utc>,
) -> AppResult<Result<Posted, Refused>> {
    let rules = &settings.comments;
    let (network, email) = (visitor.client.network(), comment.email.as_str());
    let recent = Comment::count_from_network(conn, &network, now - Duration::minutes(10)).await?;
    if recent >= rules.per_network_per_10_minutes {
        return Ok(Err(Refused::TooMany));
    }
    let day_ago = now - Duration::days(1);
    if Comment::is_duplicate(conn, article_id, email, &comment.body, day_ago).await? {
        return Ok(Err(Refused::Repeated));
    }
    let blocked = CommentBlock::blocks(conn, email, visitor.client.ip()).await?;
    let proven = proof::proves(conn, visitor.known(), &comment.email).await?;
    let status = if blocked {
        CommentStatus::Spam
    } else {
        let known = Comment::is_returning(conn, email, visitor.known(), proven).await?;
        match policy::judge(&comment.body, &comment.name, known, rules) {
            Verdict::Reject => return Ok(Err(Refused::Rejected)),
            Verdict::Hold => CommentStatus::Pending,
            Verdict::Approve => CommentStatus::Approved,
        }
    };
    let approved = status == CommentStatus::Approved;
    let html = render::render(&comment.body);
    let new = NewComment {
        article_id,
        parent_id: comment.parent.map(|(id, _)| id),
        depth: comment.parent.map_or(0, |(_, depth)| depth + 1),
        author_name: &comment.name,
        author_email: email,
        author_url: comment.url.as_deref(),
        by_author: false,
        body_markdown: &comment.body,
        body_html: &html,
        status,
        notify: &comment.notify,
        anchor: comment.anchor.as_deref(),
        reader_id: Some(&visitor.reader.id),
        client_network: &network,
        approved_at: approved.then_some(now),
    };
    let follow = comment.follow.filter(|_| !blocked);
    let limits = ConfirmLimits::from_settings(settings);
    let (limit, notice) = (rules.per_network_per_10_minutes, rules.notify_author);
    let id = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            quick_commit::defer_sync(conn).await?;
            // Counted again under the range's lock: parallel posts stop at the limit.
            if !Comment::within_network_limit(conn, &network, now, limit).await? {
                return Ok(None);
            }
            let id = Comment::insert(conn, &new).await?;
            if let Some(mode) = follow {
                follow_article(conn, &comment.email, article_id, mode, proven, limits, now).await?;
            }
            match status {
                CommentStatus::Approved => readers::on_approved(conn, id).await?,
                CommentStatus::Pending => author_notice::on_pending(conn, notice, id, now).await?,
                CommentStatus::Spam | CommentStatus::Trash => {}
            }
            Ok(Some(id))
        })
        .await?;
    let Some(id) = id else {
        return Ok(Err(Refused::TooMany));
    };
    quick_commit::wait_for_disk(conn).await?;
    Ok(Ok(Posted { id, approved }))
}
