//! `GET /search?q=&page=`: the search form and one page of results.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::articles::views::date_pair;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::search::excerpt::Highlighted;
use crate::search::model::SearchHit;
use crate::search::terms::{MAX_CHARS, SearchTerms};
use crate::web::layout::{Layout, PageContext};
use crate::web::pagination::page_number;
use crate::web::render::{page, render};

/// The search page, with or without results.
#[derive(Template)]
#[template(path = "search/results.html")]
pub struct SearchPage {
    layout: Layout,
    query: String,
    max_chars: usize,
    error: Option<&'static str>,
    results: Option<Results>,
}

/// What a search found: one page of it.
pub struct Results {
    count_label: String,
    first_rank: i64,
    hits: Vec<HitView>,
    newer: Option<String>,
    older: Option<String>,
}

/// A result as listed.
pub struct HitView {
    url: String,
    title: String,
    date_label: String,
    date_iso: String,
    reading: String,
    excerpt: Highlighted,
}

/// `?q=&page=`.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    page: Option<String>,
}

/// `GET /search`: an empty query shows the form alone; a query longer than allowed is a 400
/// that keeps what was typed; a page past the last result is a 404.
pub async fn search_articles(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    params: web::Query<SearchParams>,
) -> AppResult<HttpResponse> {
    let page_no = page_number(params.page.as_deref())?;
    let typed = params.q.clone().unwrap_or_default();
    let t = ctx.t();
    let mut search_page = SearchPage {
        layout: ctx.layout(t.search_title),
        query: typed,
        max_chars: MAX_CHARS,
        error: None,
        results: None,
    };
    // Result lists are for readers, not for search engines' indexes.
    search_page.layout.seo.noindex = true;
    let terms = match SearchTerms::parse(&search_page.query) {
        Ok(Some(terms)) => terms,
        Ok(None) => return page(&search_page),
        Err(_) => {
            search_page.error = Some(t.search_too_long);
            return render(StatusCode::BAD_REQUEST, &search_page);
        }
    };
    let per_page = ctx.settings.site.articles_per_page;
    let mut conn = pool.get().await?;
    let hits = SearchHit::find(&mut conn, &terms, per_page, (page_no - 1) * per_page).await?;
    if hits.is_empty() && page_no > 1 {
        return Err(AppError::NotFound);
    }
    let total = hits.first().map_or(0, |hit| hit.total);
    let link = |n: i64| page_link(&terms, n);
    search_page.layout.page_title = format!("{} · {}", t.search_title, terms.as_str());
    search_page.results = Some(Results {
        count_label: t.search_found(total),
        first_rank: (page_no - 1) * per_page + 1,
        hits: hits.into_iter().map(|hit| hit_view(&ctx, hit)).collect(),
        newer: (page_no > 1).then(|| link(page_no - 1)),
        older: (page_no * per_page < total).then(|| link(page_no + 1)),
    });
    page(&search_page)
}

fn hit_view(ctx: &PageContext, hit: SearchHit) -> HitView {
    let t = ctx.t();
    let (date_label, date_iso) = date_pair(t, hit.published_at, ctx.settings.site.timezone);
    HitView {
        url: format!("/articles/{}", hit.slug),
        excerpt: Highlighted::from_headline(&hit.excerpt),
        reading: t.reading_time(hit.reading_minutes),
        title: hit.title,
        date_label,
        date_iso,
    }
}

/// `/search?q=…&page=n` (no `page` for the first).
fn page_link(terms: &SearchTerms, n: i64) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("q", terms.as_str());
    if n > 1 {
        query.append_pair("page", &n.to_string());
    }
    format!("/search?{}", query.finish())
}
