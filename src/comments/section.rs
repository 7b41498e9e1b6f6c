//! Loading the comment section of an article page (one query for every comment shown).

use chrono::Utc;
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::comments::model::Comment;
use crate::comments::thread::{self, Order};
use crate::comments::views::{CommentFields, CommentView, CommentsSection};
use crate::comments::{own, votes};
use crate::settings::Settings;
use crate::web::form_errors::FormErrors;

/// `?reply_to=` and `?comments=newest|oldest` of the article page.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct CommentQuery {
    /// The comment answered.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// Thread order.
    #[serde(default)]
    pub comments: Option<String>,
}

/// What the form shows: fresh, or as typed with its errors.
#[derive(Debug, Clone)]
pub struct CommentState {
    /// The fields.
    pub fields: CommentFields,
    /// Their errors.
    pub errors: FormErrors,
    /// The order of threads.
    pub order: Order,
}

impl CommentState {
    /// A fresh form from the page's query.
    pub fn from_query(query: &CommentQuery) -> Self {
        let parent = query
            .reply_to
            .as_deref()
            .and_then(|raw| raw.parse::<i64>().ok())
            .filter(|id| *id > 0);
        Self {
            fields: CommentFields {
                parent_id: parent.map(|id| id.to_string()).unwrap_or_default(),
                notify: "none".into(),
                ..CommentFields::default()
            },
            errors: FormErrors::default(),
            order: Order::parse(query.comments.as_deref()),
        }
    }
}

/// The section of `article_id` for `reader`.
pub async fn load(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
    article_id: i64,
    reader: Option<&str>,
    state: CommentState,
) -> QueryResult<CommentsSection> {
    let t = settings.site.locale.messages();
    let comments = Comment::visible(conn, article_id, reader).await?;
    let (scores, mine) = votes::of_article(conn, article_id, reader).await?;
    let approved = comments.iter().filter(|c| c.status == "approved").count();
    let reply_to = state.fields.parent_id.parse::<i64>().ok().and_then(|id| {
        comments
            .iter()
            .find(|c| c.id == id && c.status == "approved")
            .map(|c| (c.id, c.author_name.clone()))
    });
    let now = Utc::now();
    let answered: std::collections::HashSet<i64> =
        comments.iter().filter_map(|c| c.parent_id).collect();
    let editable = |c: &crate::comments::model::Comment| {
        reader.is_some()
            && c.reader_id.as_deref() == reader
            && now - c.created_at < own::EDIT_WINDOW
            && !answered.contains(&c.id)
    };
    let editable_ids: std::collections::HashMap<i64, String> = comments
        .iter()
        .filter(|c| editable(c))
        .map(|c| (c.id, c.body_markdown.clone()))
        .collect();
    let items = thread::arrange(comments, state.order, &scores)
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
