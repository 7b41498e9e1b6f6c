//! The public pages: the home page (latest articles, paginated) and an article.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::articles::model::{Article, ArticleCard};
use crate::articles::neighbours::SeriesNeighbours;
use crate::articles::outline::Section;
use crate::articles::similar::similar_articles;
use crate::articles::surroundings::Surroundings;
use crate::articles::views::{CardView, ShareLinks, date_pair};
use crate::auth::session::AuthorSession;
use crate::comments::thread::section::{self, CommentQuery, CommentState, SectionFor};
use crate::comments::thread::views::CommentsSection;
use crate::db::DbPool;
use crate::domain::Slug;
use crate::error::{AppError, AppResult};
use crate::images::model::ImageRef;
use crate::page_cache;
use crate::ratings::views::RatingView;
use crate::readers::follow::ask::FollowForm;
use crate::seo;
use crate::seo::article::ArticleFacts;
use crate::taxonomy::model::{Series, Theme};
use crate::web::layout::{Layout, PageContext};
use crate::web::pagination::page_number;
use crate::web::reader_cookie::ReaderKey;
use crate::web::render::page;

/// Related articles shown under an article.
const RELATED_COUNT: i64 = 4;
/// The home page.
#[derive(Template)]
#[template(path = "articles/index.html")]
pub struct HomePage {
    layout: Layout,
    cards: Vec<CardView>,
    page: i64,
    newer: Option<String>,
    older: Option<String>,
}

/// An article page.
#[derive(Template)]
#[template(path = "articles/show.html")]
pub struct ArticlePage {
    layout: Layout,
    /// The rating block.
    pub rating: RatingView,
    /// Why the reader's vote was refused, shown beside the stars.
    pub rating_error: Option<&'static str>,
    /// The comment section.
    pub comments: CommentsSection,
    /// The comment section's follow bar, as typed when it comes back with an error.
    pub follow: FollowForm,
    /// The answer to the follow just asked for, shown beside the bar.
    follow_answer: Option<&'static str>,
    article: Article,
    hero: Option<ImageRef>,
    date_label: String,
    date_iso: String,
    reading: String,
    series: Option<Series>,
    themes: Vec<Theme>,
    share: ShareLinks,
    related: Vec<CardView>,
    toc: Vec<Section>,
    neighbours: SeriesNeighbours,
}

/// `?page=` of the home page.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

/// `GET /`: the latest published articles.
pub async fn show_home(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let page_no = page_number(query.page.as_deref())?;
    let per_page = ctx.settings.site.articles_per_page;
    let mut conn = pool.get().await?;
    let total = ArticleCard::count_published(&mut conn).await?;
    let cards = ArticleCard::latest(&mut conn, per_page, (page_no - 1) * per_page).await?;
    if cards.is_empty() && page_no > 1 {
        return Err(AppError::NotFound);
    }
    let t = ctx.t();
    let link = |n: i64| {
        if n == 1 {
            "/".to_owned()
        } else {
            format!("/?page={n}")
        }
    };
    let mut layout = ctx.layout(t.latest_articles);
    layout = layout.canonical(&ctx.settings.site.base_url, &link(page_no));
    page(&HomePage {
        layout,
        cards: CardView::list(t, ctx.settings.site.timezone, cards),
        page: page_no,
        newer: (page_no > 1).then(|| link(page_no - 1)),
        older: (page_no * per_page < total).then(|| link(page_no + 1)),
    })
}

/// Builds the page of the published article at `slug`, for the reader `reader` if known.
pub async fn article_page(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    slug: &Slug,
    reader: Option<&str>,
    mut comments: CommentState,
) -> AppResult<ArticlePage> {
    let mut around = Surroundings::load(conn, slug, reader).await?;
    let (mut article, hero) = (around.article, around.hero);
    let related = similar_articles(conn, article.id, RELATED_COUNT).await?;
    if comments.signed_as_before {
        comments.fields.sign_as(around.signature.take());
    }
    let target = SectionFor {
        article_id: article.id,
        slug: &article.slug,
        body: &around.body,
        reader,
    };
    let comments = section::load(conn, &ctx.settings, target, comments).await?;
    let toc = std::mem::take(&mut around.body.outline);
    article.body_html = around.body.with_markers(&comments.markers);
    let t = ctx.t();
    let site = &ctx.settings.site;
    let path = format!("/articles/{}", article.slug);
    let (date_label, date_iso) = date_pair(t, article.published_at, site.timezone);
    let mut layout = ctx
        .layout(&article.title)
        .described(&article.summary)
        .canonical(&site.base_url, &path);
    let facts = ArticleFacts {
        article: &article,
        hero: hero.as_ref(),
        author: around.author.as_deref().unwrap_or(&site.title),
        series: around.series.as_ref(),
        themes: &around.themes,
        rating: (around.rating.average, around.rating.count),
    };
    seo::article::describe(&mut layout.seo, site, t, &facts);
    // The answer to a follow goes where the reader is looking: beside the follow bar.
    let follow_answer = ctx
        .flash()
        .filter(|flash| flash.answers_follow())
        .map(|flash| flash.message(t));
    if follow_answer.is_some() {
        layout.flash = None;
    }
    Ok(ArticlePage {
        layout,
        rating: RatingView::new(t, &around.rating, around.mine),
        rating_error: None,
        comments,
        follow: FollowForm::default(),
        follow_answer,
        share: ShareLinks::new(&format!("{}{path}", site.base_url), &article.title),
        reading: t.reading_time(article.reading_minutes),
        related: CardView::list(t, site.timezone, related),
        toc,
        neighbours: around.neighbours,
        date_label,
        date_iso,
        article,
        hero,
        series: around.series,
        themes: around.themes,
    })
}

/// `GET /articles/{slug}`: a published article; drafts and scheduled ones are 404. The article
/// is read with its surroundings, on one connection: not by the
/// [`crate::articles::published::PublishedArticle`] extractor.
pub async fn show_article(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<ReaderKey>,
    ctx: PageContext,
    slug: web::Path<String>,
    query: web::Query<CommentQuery>,
    author: Option<AuthorSession>,
) -> AppResult<HttpResponse> {
    let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
    let mut conn = pool.get().await?;
    let reader = page_cache::reader_of(&req, &key);
    let mut state = CommentState::from_query(&query);
    state.author = author.filter(|_| !page_cache::is_shared_render(&req));
    state.signed_as_before = true;
    let article = article_page(&mut conn, &ctx, &slug, reader.as_deref(), state).await?;
    let mut response = page(&article)?;
    let (rating, comments) = (&article.rating, &article.comments);
    page_cache::attach_plan(
        &req,
        &mut response,
        ctx.t(),
        slug.as_str(),
        rating,
        comments,
    );
    Ok(response)
}
