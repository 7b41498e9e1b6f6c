//! Loading the comment section of an article page (one query for every comment shown).

use chrono::Utc;
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::comments::model::Comment;
use crate::comments::thread;
use crate::comments::views::{CommentFields, CommentView, CommentsSection};
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
#[derive(Debug, Default, Clone)]
pub struct CommentState {
    /// The fields.
    pub fields: CommentFields,
    /// Their errors.
    pub errors: FormErrors,
    /// Threads newest first.
    pub newest_first: bool,
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
            newest_first: query.comments.as_deref() != Some("oldest"),
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
    let approved = comments.iter().filter(|c| c.status == "approved").count();
    let reply_to = state.fields.parent_id.parse::<i64>().ok().and_then(|id| {
        comments
            .iter()
            .find(|c| c.id == id && c.status == "approved")
            .map(|c| (c.id, c.author_name.clone()))
    });
    let now = Utc::now();
    let items = thread::arrange(comments, state.newest_first)
        .into_iter()
        .map(|placed| CommentView::new(t, settings.site.timezone, now, placed))
        .collect();
    Ok(CommentsSection {
        count_label: t.comment_count(approved),
        items,
        fields: state.fields,
        errors: state.errors,
        reply_to,
        newest_first: state.newest_first,
    })
}
