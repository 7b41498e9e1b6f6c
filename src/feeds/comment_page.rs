//! `GET /articles/{slug}/comments.xml`: the approved comments of a published article.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use crate::articles::published::PublishedArticle;
use crate::auth::author::Author;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::feeds::atom::{FeedInfo, build_comments};
use crate::feeds::comments::CommentEntry;
use crate::feeds::pages::atom_response;
use crate::settings::Settings;

/// Comments in the feed: the newest ones, as feed readers poll often.
const COMMENT_FEED_LENGTH: i64 = 50;

/// `GET /articles/{slug}/comments.xml`: 404 unless the article is published.
pub async fn show_comment_feed(
    pool: web::Data<DbPool>,
    settings: web::Data<Settings>,
    PublishedArticle { article, .. }: PublishedArticle,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let comments = CommentEntry::latest(&mut conn, article.id, COMMENT_FEED_LENGTH).await?;
    let author = Author::byline(&mut conn).await?;
    drop(conn);
    let site = &settings.site;
    let t = site.locale.messages();
    let page_url = format!("{}/articles/{}", site.base_url, article.slug);
    let info = FeedInfo {
        title: format!(
            "{} · {} · {}",
            site.title, t.comments_feed_title, article.title
        ),
        subtitle: &article.summary,
        self_url: format!("{page_url}/comments.xml"),
        page_url: page_url.clone(),
        base_url: &site.base_url,
        author: author.as_deref().unwrap_or(&site.title),
        lang: site.locale.code(),
    };
    let feed = build_comments(
        &info,
        &page_url,
        t.comment_feed_entry,
        &comments,
        Utc::now(),
    );
    atom_response(&feed)
}
