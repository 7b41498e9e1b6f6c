//! Loading the comment section of an article page: a keyset page of threads with every comment
//! in them, the inline comments and the form, read in one statement
//! ([`Comment::section_of`]).

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::articles::stored_body::ServedBody;
use crate::auth::session::AuthorSession;
use crate::comments::inline::anchor::Anchor;
use crate::comments::inline::quotes;
use crate::comments::model::Comment;
use crate::comments::status::CommentStatus;
use crate::comments::thread::cursor::Cursor;
use crate::comments::thread::listing::ThreadPage;
use crate::comments::thread::order::{self, Order};
use crate::comments::thread::views::{CommentFields, CommentView, CommentsSection, PageLinks};
use crate::comments::write::own;
use crate::settings::Settings;
use crate::web::form_errors::FormErrors;

/// `?reply_to=`, `?comments=newest|oldest|top`, `?comments_after=` and `?comments_all=1` of the
/// article page.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct CommentQuery {
    /// The comment answered.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// Thread order.
    #[serde(default)]
    pub comments: Option<String>,
    /// Where the page of threads starts (a [`Cursor`]).
    #[serde(default)]
    pub comments_after: Option<String>,
    /// `1`: every thread on one page ("Afficher tous les commentaires" without JavaScript).
    #[serde(default)]
    pub comments_all: Option<String>,
}

/// The most threads one page shows when it shows them all; any beyond follow a link.
const ALL_THREADS: i64 = 500;

/// What the form shows: fresh, or as typed with its errors.
#[derive(Debug, Clone)]
pub struct CommentState {
    /// The fields.
    pub fields: CommentFields,
    /// Their errors.
    pub errors: FormErrors,
    /// The order of threads.
    pub order: Order,
    /// Where the page of threads starts; `None` for the first page.
    pub after: Option<Cursor>,
    /// Whether the page shows every thread (up to [`ALL_THREADS`]), not one page of them.
    pub all: bool,
    /// The author, when logged in: the form posts as them.
    pub author: Option<AuthorSession>,
    /// Whether the form is filled with the signature of the reader's latest comment.
    pub signed_as_before: bool,
}

impl CommentState {
    /// A fresh form from the page's query.
    pub fn from_query(query: &CommentQuery) -> Self {
        let parent = query
            .reply_to
            .as_deref()
            .and_then(|raw| raw.parse::<i64>().ok())
            .filter(|id| *id > 0);
        let order = Order::parse(query.comments.as_deref());
        Self {
            fields: CommentFields {
                parent_id: parent.map(|id| id.to_string()).unwrap_or_default(),
                notify: "none".into(),
                ..CommentFields::default()
            },
            errors: FormErrors::default(),
            after: query
                .comments_after
                .as_deref()
                .and_then(|raw| Cursor::parse(raw, order)),
            all: query.comments_all.as_deref() == Some("1"),
            order,
            author: None,
            signed_as_before: false,
        }
    }
}

/// What the section is loaded for.
pub struct SectionFor<'a> {
    /// The article.
    pub article_id: i64,
    /// Its slug, for links.
    pub slug: &'a str,
    /// Its body, to find inline quotes in.
    pub body: &'a ServedBody,
    /// The reader, if known.
    pub reader: Option<&'a str>,
}

/// The comment section of an article.
pub async fn load(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
    target: SectionFor<'_>,
    state: CommentState,
) -> QueryResult<CommentsSection> {
    let t = settings.site.locale.messages();
    let SectionFor {
        article_id, reader, ..
    } = target;
    let per_page = if state.all {
        ALL_THREADS
    } else {
        settings.comments.threads_per_page
    };
    let page = ThreadPage {
        order: state.order,
        after: state.after,
        threads: per_page,
    };
    let parent = state.fields.parent_id.parse::<i64>().unwrap_or(0);
    let read = Comment::section_of(conn, article_id, reader, page, parent).await?;
    let mut keys = read.keys;
    let more = usize::try_from(per_page)
        .ok()
        .filter(|n| keys.len() > *n)
        .map(|n| {
            keys.truncate(n);
            keys[n - 1].cursor(state.order)
        });
    let (comments, scores, mine) = (read.thread, read.scores, read.mine);
    let approved = usize::try_from(read.approved).unwrap_or(0);
    let reply_to = read.reply_name.map(|name| (parent, name));
    let inline = if read.inline.is_empty() {
        quotes::InlineComments::default()
    } else {
        quotes::arrange(t, read.inline, target.body.passages())
    };
    let now = Utc::now();
    let answered: HashSet<i64> = comments.iter().filter_map(|c| c.parent_id).collect();
    let editable = |c: &Comment| {
        reader.is_some()
            && c.reader_id.as_deref() == reader
            && c.status != CommentStatus::Spam
            && now - c.created_at < own::EDIT_WINDOW
            && !answered.contains(&c.id)
    };
    let editable_ids: HashMap<i64, String> = comments
        .iter()
        .filter(|c| editable(c))
        .map(|c| (c.id, c.body_markdown.clone()))
        .collect();
    let items = order::arrange(comments, state.order, &scores)
        .into_iter()
        .map(|placed| {
            let id = placed.comment.id;
            let score = scores.get(&id).copied().unwrap_or(0);
            let mut view = CommentView::new(
                t,
                settings.site.timezone,
                now,
                placed,
                score,
                mine.get(&id).copied().unwrap_or(0),
            );
            if let Some(markdown) = editable_ids.get(&id) {
                view.editable = true;
                view.markdown.clone_from(markdown);
            }
            view
        })
        .collect();
    let quote = Anchor::parse(&state.fields.anchor)
        .ok()
        .flatten()
        .map(|anchor| anchor.exact().to_owned());
    Ok(CommentsSection {
        count_label: t.comment_count(approved),
        count: approved,
        count_word: if approved == 1 {
            t.comment_singular
        } else {
            t.comments_plural
        },
        poll_seconds: settings.comments.live_poll_seconds,
        items,
        inline: inline.items,
        markers: inline.markers,
        pages: PageLinks::new(
            target.slug,
            state.order,
            state.after.is_some(),
            more,
            state.all,
        ),
        quote,
        author: state.author.map(|a| (a.display_name, a.csrf_token)),
        fields: state.fields,
        errors: state.errors,
        reply_to,
        sort_links: vec![
            ("newest", t.comments_newest, state.order == Order::Newest),
            ("oldest", t.comments_oldest, state.order == Order::Oldest),
            ("top", t.comments_top, state.order == Order::Top),
        ],
        order: state.order,
    })
}
