//! `GET /series/{slug}` and `GET /themes/{slug}`: a group and its published articles.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::articles::model::ArticleCard;
use crate::articles::views::CardView;
use crate::db::DbPool;
use crate::domain::Slug;
use crate::error::{AppError, AppResult};
use crate::seo::meta::FeedLink;
use crate::taxonomy::model::{Series, Theme};
use crate::web::layout::{Layout, PageContext};
use crate::web::render::page;

/// A series or theme page.
#[derive(Template)]
#[template(path = "taxonomy/group.html")]
pub struct GroupPage {
    layout: Layout,
    kind_label: &'static str,
    name: String,
    description: String,
    list_heading: &'static str,
    cards: Vec<CardView>,
}

/// What a group page shows, whichever the kind of group.
struct Group {
    path: String,
    name: String,
    description: String,
    kind_label: &'static str,
    list_heading: &'static str,
    cards: Vec<ArticleCard>,
}

fn group_page(ctx: &PageContext, group: Group) -> AppResult<HttpResponse> {
    let site = &ctx.settings.site;
    let mut layout = ctx
        .layout(&group.name)
        .described(&group.description)
        .canonical(&site.base_url, &group.path);
    layout.seo.feeds.push(FeedLink {
        title: format!("{} · {}", site.title, group.name),
        href: format!("{}{}/feed.xml", site.base_url, group.path),
    });
    page(&GroupPage {
        layout,
        kind_label: group.kind_label,
        list_heading: group.list_heading,
        cards: CardView::list(ctx.t(), ctx.settings.site.timezone, group.cards),
        name: group.name,
        description: group.description,
    })
}

/// `GET /series/{slug}`: the series and its articles in reading order.
pub async fn show_series(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
    let mut conn = pool.get().await?;
    let series = Series::by_slug(&mut conn, &slug).await?;
    let cards = ArticleCard::in_series(&mut conn, series.id).await?;
    let t = ctx.t();
    group_page(
        &ctx,
        Group {
            path: format!("/series/{}", series.slug),
            name: series.name,
            description: series.description,
            kind_label: t.series_label,
            list_heading: t.series_articles,
            cards,
        },
    )
}

/// `GET /themes/{slug}`: the theme and its articles, newest first.
pub async fn show_theme(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
    let mut conn = pool.get().await?;
    let theme = Theme::by_slug(&mut conn, &slug).await?;
    let cards = ArticleCard::in_theme(&mut conn, theme.id).await?;
    let t = ctx.t();
    group_page(
        &ctx,
        Group {
            path: format!("/themes/{}", theme.slug),
            name: theme.name,
            description: theme.description,
            kind_label: t.themes_label,
            list_heading: t.theme_articles,
            cards,
        },
    )
}
