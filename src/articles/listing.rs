//! `GET /admin/articles`: every article with its status and rating, sortable by date or rating.

use std::cmp::Ordering;

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::articles::model::{ArticleListing, ArticleStatus};
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::ratings::model::RatingSummary;
use crate::ratings::views::RatingView;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::page;

/// One line of the article list.
#[derive(Debug)]
pub struct ListingRow {
    id: i64,
    slug: String,
    title: String,
    status: ArticleStatus,
    status_label: &'static str,
    date_label: String,
    rating: RatingView,
    summary: RatingSummary,
}

/// The list page.
#[derive(Template)]
#[template(path = "admin/articles.html")]
pub struct ArticlesPage {
    layout: Layout,
    session: AuthorSession,
    rows: Vec<ListingRow>,
    by_rating: bool,
}

/// `?sort=date|rating`.
#[derive(Debug, Deserialize)]
pub struct SortQuery {
    #[serde(default)]
    sort: String,
}

fn row(
    t: &Messages,
    timezone: chrono_tz::Tz,
    listing: ArticleListing,
    summary: RatingSummary,
) -> ListingRow {
    let status = ArticleStatus::from_stored(&listing.status);
    let (status_label, when) = match status {
        ArticleStatus::Draft => (t.status_draft, listing.updated_at),
        ArticleStatus::Scheduled => (
            t.status_scheduled,
            listing.publish_at.unwrap_or(listing.updated_at),
        ),
        ArticleStatus::Published => (
            t.status_published,
            listing.published_at.unwrap_or(listing.updated_at),
        ),
    };
    ListingRow {
        id: listing.id,
        slug: listing.slug,
        title: listing.title,
        status,
        status_label,
        date_label: t.date_time(when, timezone),
        rating: RatingView::new(t, &summary, None),
        summary,
    }
}

/// Best rated first; among equals, the one with more votes; unrated last.
fn by_rating(a: &ListingRow, b: &ListingRow) -> Ordering {
    b.summary
        .average
        .partial_cmp(&a.summary.average)
        .unwrap_or(Ordering::Equal)
        .then(b.summary.count.cmp(&a.summary.count))
}

/// `GET /admin/articles`.
pub async fn list_articles(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    query: web::Query<SortQuery>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let t = ctx.t();
    let timezone = ctx.settings.site.timezone;
    let summaries = RatingSummary::all(&mut conn).await?;
    let mut rows: Vec<ListingRow> = ArticleListing::all(&mut conn)
        .await?
        .into_iter()
        .map(|listing| {
            let summary = summaries.get(&listing.id).copied().unwrap_or_default();
            row(t, timezone, listing, summary)
        })
        .collect();
    let sort_by_rating = query.sort == "rating";
    if sort_by_rating {
        rows.sort_by(by_rating);
    }
    page(&ArticlesPage {
        layout: ctx.layout(t.admin_articles),
        session,
        rows,
        by_rating: sort_by_rating,
    })
}
