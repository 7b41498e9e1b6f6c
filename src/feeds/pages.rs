//! `GET /feed.xml`, `GET /series/{slug}/feed.xml` and `GET /themes/{slug}/feed.xml`.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};
use atom_syndication::Feed;
use chrono::Utc;

use crate::auth::author::Author;
use crate::db::{DbConn, DbPool};
use crate::domain::Slug;
use crate::error::{AppError, AppResult};
use crate::feeds::atom::{FeedInfo, build};
use crate::feeds::model::FeedEntry;
use crate::settings::Settings;
use crate::taxonomy::model::{Series, Theme};

/// Entries in a feed: enough for a reader who checks weekly, small enough to fetch often.
const FEED_LENGTH: i64 = 20;

/// What varies between the feeds.
struct Source {
    /// The group's name, after the site's in the feed title.
    name: Option<String>,
    subtitle: String,
    /// Site path of the page the feed follows.
    page_path: String,
    entries: Vec<FeedEntry>,
}

/// Writes the feed of `source` as an `application/atom+xml` answer.
async fn answer(settings: &Settings, conn: &mut DbConn, source: Source) -> AppResult<HttpResponse> {
    let site = &settings.site;
    let author = Author::byline(conn).await?;
    let info = FeedInfo {
        title: match &source.name {
            Some(name) => format!("{} · {name}", site.title),
            None => site.title.clone(),
        },
        subtitle: &source.subtitle,
        self_url: format!(
            "{}{}/feed.xml",
            site.base_url,
            source.page_path.trim_end_matches('/')
        ),
        page_url: format!("{}{}", site.base_url, source.page_path),
        base_url: &site.base_url,
        author: author.as_deref().unwrap_or(&site.title),
        lang: site.locale.code(),
    };
    atom_response(&build(&info, &source.entries, Utc::now()))
}

/// Writes `feed` as an `application/atom+xml` answer.
pub(super) fn atom_response(feed: &Feed) -> AppResult<HttpResponse> {
    let xml = feed
        .write_to(Vec::new())
        .map_err(|e| AppError::Unexpected(anyhow::Error::new(e).context("writing a feed")))?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/atom+xml; charset=utf-8"),
        ))
        .body(xml))
}

/// `GET /feed.xml`: the newest articles of the whole site.
pub async fn show_site_feed(
    pool: web::Data<DbPool>,
    settings: web::Data<Settings>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let entries = FeedEntry::latest(&mut conn, FEED_LENGTH).await?;
    let source = Source {
        name: None,
        subtitle: settings.site.tagline.clone(),
        page_path: "/".to_owned(),
        entries,
    };
    answer(&settings, &mut conn, source).await
}

/// `GET /series/{slug}/feed.xml`: the newest articles of a series.
pub async fn show_series_feed(
    pool: web::Data<DbPool>,
    settings: web::Data<Settings>,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
    let mut conn = pool.get().await?;
    let series = Series::by_slug(&mut conn, &slug).await?;
    let entries = FeedEntry::in_series(&mut conn, series.id, FEED_LENGTH).await?;
    let source = Source {
        page_path: format!("/series/{}", series.slug),
        name: Some(series.name),
        subtitle: series.description,
        entries,
    };
    answer(&settings, &mut conn, source).await
}

/// `GET /themes/{slug}/feed.xml`: the newest articles of a theme.
pub async fn show_theme_feed(
    pool: web::Data<DbPool>,
    settings: web::Data<Settings>,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
    let mut conn = pool.get().await?;
    let theme = Theme::by_slug(&mut conn, &slug).await?;
    let entries = FeedEntry::in_theme(&mut conn, theme.id, FEED_LENGTH).await?;
    let source = Source {
        page_path: format!("/themes/{}", theme.slug),
        name: Some(theme.name),
        subtitle: theme.description,
        entries,
    };
    answer(&settings, &mut conn, source).await
}
