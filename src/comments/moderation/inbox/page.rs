//! The moderation inbox page, `GET /admin/comments?status=&q=&before=&done=&comment=`: the tabs
//! and their counts, the search (kept across tabs and pages), what the last action did, then
//! one keyset page of the tab's comments, each with its checkbox for the bulk actions, its own
//! buttons and its folded reply box.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::articles::passages::{Passage, passages};
use crate::auth::session::AuthorSession;
use crate::comments::inline::anchor::Anchor;
use crate::comments::inline::quotes::locate;
use crate::comments::model::{Comment, InboxRow};
use crate::comments::moderation::inbox::notice::Notice;
use crate::comments::moderation::inbox::tabs::{InboxCursor, InboxFilter};
use crate::comments::moderation::inbox::view::InboxView;
use crate::comments::status::CommentStatus;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

/// Comments per page.
const PAGE_SIZE: i64 = 50;
/// Longest search accepted, in characters.
const MAX_SEARCH: usize = 100;

/// `?status=&q=&before=`.
#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    comment: Option<String>,
}

/// One tab.
pub struct Tab {
    label: &'static str,
    count: i64,
    current: bool,
    href: String,
}

/// A comment of the inbox as shown.
pub struct InboxLine {
    row: InboxRow,
    when: String,
    /// For an inline comment: the words it is about.
    quote: Option<String>,
    /// The quoted passage is no longer in the article.
    orphaned: bool,
}

/// The inbox page.
#[derive(Template)]
#[template(path = "comments/moderation/inbox.html")]
pub struct InboxPage {
    layout: Layout,
    session: AuthorSession,
    tabs: Vec<Tab>,
    status: &'static str,
    q: String,
    rows: Vec<InboxLine>,
    /// The bulk actions of this tab: (value, label).
    actions: Vec<(&'static str, &'static str)>,
    error: Option<&'static str>,
    /// What the last action did, with its undo.
    notice: Option<Notice>,
    next_href: Option<String>,
    first_href: Option<String>,
}

/// The bulk actions offered in the tab of `status`.
fn actions_of(t: &'static Messages, status: CommentStatus) -> Vec<(&'static str, &'static str)> {
    use CommentStatus::{Pending, Spam, Trash};
    let all = [
        ("approve", t.action_approve, status == Pending),
        ("restore", t.action_restore, matches!(status, Spam | Trash)),
        ("spam", t.action_spam, status != Spam),
        ("trash", t.action_trash, status != Trash),
        ("delete", t.moderation.delete_forever, status == Trash),
    ];
    all.into_iter()
        .filter(|(_, _, offered)| *offered)
        .map(|(value, label, _)| (value, label))
        .collect()
}

/// The tabs, with the count of each status.
fn tabs_of(t: &'static Messages, view: &InboxView, counts: &[(CommentStatus, i64)]) -> Vec<Tab> {
    let count = |s: CommentStatus| counts.iter().find(|(k, _)| *k == s).map_or(0, |(_, n)| *n);
    let labels = [
        t.status_pending,
        t.status_approved,
        t.status_spam,
        t.status_trash,
    ];
    CommentStatus::ALL
        .into_iter()
        .zip(labels)
        .map(|(s, label)| Tab {
            label,
            count: count(s),
            current: s == view.status,
            href: view.href(s, None),
        })
        .collect()
}

/// Shows the inline comments' quotes, flagging those whose passage has gone.
async fn lines(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    rows: Vec<InboxRow>,
) -> AppResult<Vec<InboxLine>> {
    let mut ids: Vec<i64> = rows
        .iter()
        .filter(|row| row.anchor.is_some())
        .map(|row| row.article_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let quoted: HashMap<i64, Vec<Passage>> = Comment::article_bodies(conn, &ids)
        .await?
        .into_iter()
        .map(|(id, body)| (id, passages(&body)))
        .collect();
    let (t, timezone) = (ctx.t(), ctx.settings.site.timezone);
    Ok(rows
        .into_iter()
        .map(|row| {
            let anchor = row.anchor.as_deref().and_then(Anchor::from_stored);
            let orphaned = anchor.as_ref().is_some_and(|anchor| {
                quoted
                    .get(&row.article_id)
                    .is_none_or(|found| locate(anchor, found).is_none())
            });
            InboxLine {
                when: t.date_time(row.created_at, timezone),
                quote: anchor.map(|anchor| anchor.exact().to_owned()),
                orphaned,
                row,
            }
        })
        .collect())
}

/// Renders the inbox for `view` with `status`, and `error` above the list when given.
pub async fn render_inbox(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    session: AuthorSession,
    view: &InboxView,
    error: Option<&'static str>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let t = ctx.t();
    let too_long = view.q.chars().count() > MAX_SEARCH;
    let error = error.or(too_long.then_some(t.moderation.error_search_long));
    let status = if too_long && status.is_success() {
        StatusCode::BAD_REQUEST
    } else {
        status
    };
    let search = (!view.q.is_empty() && !too_long).then_some(view.q.as_str());
    let tabs = tabs_of(t, view, &Comment::counts(conn, search).await?);
    let filter = InboxFilter {
        status: view.status,
        search,
        before: view.before,
    };
    let mut rows = Comment::inbox_page(conn, &filter, PAGE_SIZE + 1).await?;
    let more = rows.len() > PAGE_SIZE as usize;
    rows.truncate(PAGE_SIZE as usize);
    let next_href = rows
        .last()
        .filter(|_| more)
        .map(|last| view.href(view.status, Some(InboxCursor::after(last))));
    let notice = match view.done {
        Some((done, id)) => Notice::find(conn, &t.moderation, done, id, view.status).await?,
        None => None,
    };
    let page = InboxPage {
        layout: ctx.layout(t.admin_comments),
        notice,
        session,
        tabs,
        status: view.status.as_str(),
        q: view.q.clone(),
        rows: lines(conn, ctx, rows).await?,
        actions: actions_of(t, view.status),
        error,
        next_href,
        first_href: view.before.map(|_| view.href(view.status, None)),
    };
    render(status, &page)
}

/// `GET /admin/comments`.
pub async fn show_inbox(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    query: web::Query<InboxQuery>,
) -> AppResult<HttpResponse> {
    let view = InboxView::parse(
        query.status.as_deref(),
        query.q.as_deref(),
        query.before.as_deref(),
    )?
    .reporting(query.done.as_deref(), query.comment.as_deref());
    let mut conn = pool.get().await?;
    render_inbox(&mut conn, &ctx, session, &view, None, StatusCode::OK).await
}
