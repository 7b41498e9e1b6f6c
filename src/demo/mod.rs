//! Demo content written for the project (three French articles, one series, the five themes),
//! loaded into an empty database at first start and by `sillage demo`. Loading it again
//! changes nothing: every row is keyed by its slug or its image hash.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Deserialize;

use crate::articles::markdown;
use crate::i18n::Locale;
use crate::images::model as image_model;
use crate::images::upload::CheckedImage;
use crate::images::variants;
use crate::schema::{article_themes, articles, series, themes};

const CATALOG: &str = include_str!("catalog.toml");

const FILES: &[(&str, &[u8])] = &[
    (
        "orvalle-petite-electrique-segment-b.md",
        include_bytes!("articles/orvalle-petite-electrique-segment-b.md"),
    ),
    (
        "modele-agence-qui-paie-la-distribution.md",
        include_bytes!("articles/modele-agence-qui-paie-la-distribution.md"),
    ),
    (
        "lfp-ou-nmc-choix-de-chimie.md",
        include_bytes!("articles/lfp-ou-nmc-choix-de-chimie.md"),
    ),
    (
        "hero-petite-electrique.png",
        include_bytes!("images/hero-petite-electrique.png"),
    ),
    (
        "hero-distribution-agence.png",
        include_bytes!("images/hero-distribution-agence.png"),
    ),
    (
        "hero-batteries-lfp-nmc.png",
        include_bytes!("images/hero-batteries-lfp-nmc.png"),
    ),
    (
        "figure-couts-distribution.png",
        include_bytes!("images/figure-couts-distribution.png"),
    ),
];

#[derive(Debug, Deserialize)]
struct Catalog {
    themes: Vec<Group>,
    series: Vec<Group>,
    articles: Vec<DemoArticle>,
}

#[derive(Debug, Deserialize)]
struct Group {
    slug: String,
    name: String,
    description: String,
}

#[derive(Debug, Deserialize)]
struct DemoArticle {
    slug: String,
    title: String,
    summary: String,
    body: String,
    series: Option<String>,
    themes: Vec<String>,
    source_url: String,
    hero: String,
    hero_alt: String,
    published_days_ago: i64,
}

fn file(name: &str) -> anyhow::Result<&'static [u8]> {
    FILES
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, bytes)| *bytes)
        .with_context(|| format!("demo file {name} is not compiled in"))
}

fn image(name: &str) -> anyhow::Result<CheckedImage> {
    // The compiled-in pictures are known and small: no pixel budget applies to them.
    CheckedImage::check(file(name)?.to_vec(), u64::MAX)
        .map_err(|e| anyhow::anyhow!("demo image {name}: {e:?}"))
}

fn catalog() -> anyhow::Result<Catalog> {
    toml::from_str(CATALOG).context("the demo catalog does not parse")
}

/// Whether the database holds no article, series or theme yet.
pub async fn is_empty(conn: &mut AsyncPgConnection) -> QueryResult<bool> {
    let any = |count: i64| count > 0;
    let articles: i64 = articles::table.count().get_result(conn).await?;
    let series: i64 = series::table.count().get_result(conn).await?;
    let themes: i64 = themes::table.count().get_result(conn).await?;
    Ok(!(any(articles) || any(series) || any(themes)))
}

/// Loads the demo content, skipping whatever is already there; returns the articles added.
pub async fn load(conn: &mut AsyncPgConnection, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let catalog = catalog()?;
    let added = conn
        .transaction::<_, anyhow::Error, _>(async |conn| load_in(conn, &catalog, now).await)
        .await?;
    // The images' variants, made now so that the first pages served are already light.
    while variants::backfill_one(conn).await? {}
    Ok(added)
}

async fn load_in(
    conn: &mut AsyncPgConnection,
    catalog: &Catalog,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    for (position, theme) in (0i32..).zip(&catalog.themes) {
        diesel::insert_into(themes::table)
            .values((
                themes::slug.eq(&theme.slug),
                themes::name.eq(&theme.name),
                themes::description.eq(&theme.description),
                themes::position.eq(position),
            ))
            .on_conflict(themes::slug)
            .do_nothing()
            .execute(conn)
            .await?;
    }
    for group in &catalog.series {
        diesel::insert_into(series::table)
            .values((
                series::slug.eq(&group.slug),
                series::name.eq(&group.name),
                series::description.eq(&group.description),
            ))
            .on_conflict(series::slug)
            .do_nothing()
            .execute(conn)
            .await?;
    }
    let mut added = 0;
    for article in &catalog.articles {
        if insert_article(conn, article, now).await? {
            added += 1;
        }
    }
    Ok(added)
}

async fn insert_article(
    conn: &mut AsyncPgConnection,
    article: &DemoArticle,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let mut body =
        String::from_utf8(file(&article.body)?.to_vec()).context("demo article is not UTF-8")?;
    for (name, _) in FILES.iter().filter(|(name, _)| name.ends_with(".png")) {
        let marker = format!("demo:{name}");
        if body.contains(&marker) {
            let checked = image(name)?;
            image_model::store(conn, &checked).await?;
            let url = image_model::url(&checked.sha256, checked.content_type);
            body = body.replace(&marker, &url);
        }
    }
    // The demo articles are written in French, whatever the interface speaks.
    let rendered = markdown::render(&body, Locale::Fr);
    let hero_id = image_model::store(conn, &image(&article.hero)?).await?;
    let series_id: Option<i64> = match &article.series {
        Some(slug) => Some(
            series::table
                .filter(series::slug.eq(slug))
                .select(series::id)
                .first(conn)
                .await?,
        ),
        None => None,
    };
    let published_at = now - Duration::days(article.published_days_ago);
    let inserted: Option<i64> = diesel::insert_into(articles::table)
        .values((
            articles::slug.eq(&article.slug),
            articles::title.eq(&article.title),
            articles::summary.eq(&article.summary),
            articles::body_markdown.eq(&body),
            articles::body_html.eq(&rendered.html),
            articles::reading_minutes.eq(rendered.reading_minutes),
            articles::series_id.eq(series_id),
            articles::source_url.eq(&article.source_url),
            articles::hero_image_id.eq(hero_id),
            articles::hero_alt.eq(&article.hero_alt),
            articles::status.eq("published"),
            articles::published_at.eq(published_at),
            articles::created_at.eq(published_at),
            articles::updated_at.eq(published_at),
        ))
        .on_conflict(articles::slug)
        .do_nothing()
        .returning(articles::id)
        .get_result(conn)
        .await
        .optional()?;
    let Some(article_id) = inserted else {
        return Ok(false);
    };
    let theme_ids: Vec<i64> = themes::table
        .filter(themes::slug.eq_any(&article.themes))
        .select(themes::id)
        .load(conn)
        .await?;
    let links: Vec<_> = theme_ids
        .into_iter()
        .map(|theme| {
            (
                article_themes::article_id.eq(article_id),
                article_themes::theme_id.eq(theme),
            )
        })
        .collect();
    diesel::insert_into(article_themes::table)
        .values(links)
        .execute(conn)
        .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_references_only_compiled_in_files() {
        let catalog = catalog().unwrap();
        assert_eq!(catalog.themes.len(), 5);
        assert_eq!(catalog.series.len(), 1);
        assert_eq!(catalog.articles.len(), 3);
        for article in &catalog.articles {
            assert!(file(&article.body).is_ok(), "{}", article.body);
            assert!(image(&article.hero).is_ok(), "{}", article.hero);
            assert!(
                article
                    .themes
                    .iter()
                    .all(|slug| catalog.themes.iter().any(|t| &t.slug == slug))
            );
        }
    }

    #[test]
    fn the_demo_articles_have_a_table_a_callout_and_a_figure() {
        let bodies: Vec<String> = catalog()
            .unwrap()
            .articles
            .iter()
            .map(|a| {
                markdown::render(
                    std::str::from_utf8(file(&a.body).unwrap()).unwrap(),
                    Locale::En,
                )
                .html
            })
            .collect();
        assert!(bodies.iter().any(|html| html.contains("<table>")));
        assert!(
            bodies
                .iter()
                .any(|html| html.contains("class=\"callout callout-note\""))
        );
        assert!(bodies.iter().any(|html| html.contains("<figcaption>")));
    }
}
