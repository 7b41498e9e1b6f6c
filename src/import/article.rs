//! A WordPress post becomes an article: title, the same slug when it is free, the status
//! (`publish` → published at its UTC date, `future` → scheduled, anything else a draft), the
//! body converted, the excerpt as summary, and its categories and tags as themes or a series.
//! Sillage has no pages: a WordPress page becomes an article without themes or series, counted
//! apart in the report.
//! The article is written directly, not through the editor's save: an import announces nothing.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::articles::markdown;
use crate::import::context::{CategoryChoice, Context};
use crate::import::convert::{Converted, post_body};
use crate::import::issue::Issue;
use crate::import::media::rehome_body;
use crate::import::model::Item;
use crate::import::report::{Problem, Report};
use crate::import::text;
use crate::schema::{article_themes, articles, series, themes};

/// The article a post became.
#[derive(Debug, Clone)]
pub struct Written {
    /// Its id.
    pub id: i64,
    /// Its slug.
    pub slug: String,
    /// Its rendered body (where inline-feedback passages are found).
    pub body_html: String,
    /// The inline-feedback passages of the body.
    pub converted: Converted,
}

/// The longest title the articles table takes.
const MAX_TITLE: usize = 200;
/// Category slugs WordPress gives its default category.
pub const DEFAULT_CATEGORIES: [&str; 3] = ["uncategorized", "non-classe", "sans-categorie"];

/// Writes the post as a new article and returns it.
pub async fn create(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    item: &Item,
    report: &mut Report,
) -> QueryResult<Written> {
    let mut converted = post_body(&item.content);
    for name in &converted.unknown_shortcodes {
        report.problem(Problem::new(
            item.line,
            Issue::UnknownShortcode { name: name.clone() },
        ));
    }
    for attachments in &converted.galleries {
        report.problem(Problem::new(
            item.line,
            Issue::GalleryLeftOut {
                attachments: attachments.clone(),
            },
        ));
    }
    converted.markdown = rehome_body(
        conn,
        ctx.uploads.as_ref(),
        &converted.markdown,
        item.line,
        report,
    )
    .await?;
    let rendered = markdown::render(&converted.markdown, ctx.messages.locale);
    let date = text::wp_date(&item.date_gmt, &item.date, ctx.zone);
    let (status, publish_at, published_at) = match (item.status.as_str(), date) {
        ("publish", Some(at)) => ("published", None, Some(at)),
        ("publish", None) => {
            report.problem(Problem::new(item.line, Issue::PublishedUndated));
            ("published", None, Some(ctx.now))
        }
        ("future", Some(at)) => ("scheduled", Some(at), None),
        _ => ("draft", None, None),
    };
    let slug = free_slug(conn, item, report).await?;
    let mut title: String = match item.title.trim() {
        "" => ctx.messages.import.untitled.to_owned(),
        title => title.to_owned(),
    };
    if title.chars().count() > MAX_TITLE {
        title = title.chars().take(MAX_TITLE).collect();
        report.problem(Problem::new(
            item.line,
            Issue::TitleShortened { max: MAX_TITLE },
        ));
    }
    let summary = text::decode_entities(&item.excerpt);
    let page = item.is_page();
    let series_id = match ctx.categories {
        CategoryChoice::Series if !page => first_series(conn, item, report).await?,
        _ => None,
    };
    let created = date.unwrap_or(ctx.now);
    let id: i64 = diesel::insert_into(articles::table)
        .values((
            articles::slug.eq(&slug),
            articles::title.eq(&title),
            articles::summary.eq(&summary),
            articles::body_markdown.eq(&converted.markdown),
            articles::body_html.eq(&rendered.html),
            articles::reading_minutes.eq(rendered.reading_minutes),
            articles::series_id.eq(series_id),
            articles::status.eq(status),
            articles::publish_at.eq(publish_at),
            articles::published_at.eq(published_at),
            articles::created_at.eq(created),
            articles::updated_at.eq(created),
        ))
        .returning(articles::id)
        .get_result(conn)
        .await?;
    let theme_ids = match page {
        true => Vec::new(),
        false => themes_of(conn, ctx, item, report).await?,
    };
    let links: Vec<_> = theme_ids
        .iter()
        .map(|t| {
            (
                article_themes::article_id.eq(id),
                article_themes::theme_id.eq(*t),
            )
        })
        .collect();
    diesel::insert_into(article_themes::table)
        .values(links)
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    report.imported(item.article_count(), 1);
    Ok(Written {
        id,
        slug,
        body_html: rendered.html,
        converted,
    })
}

/// The article a post became in an earlier import, if it still exists.
pub async fn existing(
    conn: &mut AsyncPgConnection,
    id: i64,
    item: &Item,
) -> QueryResult<Option<Written>> {
    let found: Option<(String, String)> = articles::table
        .find(id)
        .select((articles::slug, articles::body_html))
        .first(conn)
        .await
        .optional()?;
    Ok(found.map(|(slug, body_html)| Written {
        id,
        slug,
        body_html,
        converted: post_body(&item.content),
    }))
}

/// The post's slug when no other article has it, else the first free `slug-2`, `slug-3`…
async fn free_slug(
    conn: &mut AsyncPgConnection,
    item: &Item,
    report: &mut Report,
) -> QueryResult<String> {
    let mut base = text::slug(&item.name);
    if base.is_empty() {
        base = text::slug(&item.title);
    }
    if base.is_empty() {
        base = format!("article-{}", item.id);
    }
    let mut candidate = base.clone();
    for n in 2.. {
        let taken: bool = diesel::select(diesel::dsl::exists(
            articles::table.filter(articles::slug.eq(&candidate)),
        ))
        .get_result(conn)
        .await?;
        if !taken {
            break;
        }
        candidate = format!("{}-{n}", base.chars().take(110).collect::<String>());
    }
    if candidate != base {
        report.problem(Problem::new(
            item.line,
            Issue::SlugTaken {
                wanted: base.to_owned(),
                given: candidate.clone(),
            },
        ));
    }
    Ok(candidate)
}

/// A term filed on the item, as (slug, name), when it is a category or a tag.
fn terms<'a>(item: &'a Item, categories: bool) -> impl Iterator<Item = (String, String)> + 'a {
    item.terms
        .iter()
        .filter(move |t| {
            if categories {
                t.domain == "category"
            } else {
                matches!(t.domain.as_str(), "post_tag" | "tag")
            }
        })
        .map(|t| {
            let slug = match text::slug(&t.slug) {
                s if s.is_empty() => text::slug(&t.name),
                s => s,
            };
            let name = if t.name.is_empty() {
                slug.clone()
            } else {
                t.name.clone()
            };
            (slug, name.chars().take(200).collect())
        })
        .filter(|(slug, _)| !slug.is_empty() && !DEFAULT_CATEGORIES.contains(&slug.as_str()))
}

async fn themes_of(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    item: &Item,
    report: &mut Report,
) -> QueryResult<Vec<i64>> {
    let mut wanted: Vec<(String, String)> = terms(item, false).collect();
    let categories: Vec<_> = terms(item, true).collect();
    let skip = usize::from(ctx.categories == CategoryChoice::Series);
    wanted.extend(categories.into_iter().skip(skip));
    let mut ids = Vec::new();
    for (slug, name) in wanted {
        let inserted: Option<i64> = diesel::insert_into(themes::table)
            .values((themes::slug.eq(&slug), themes::name.eq(&name)))
            .on_conflict_do_nothing()
            .returning(themes::id)
            .get_result(conn)
            .await
            .optional()?;
        let id = match inserted {
            Some(id) => {
                report.imported("themes", 1);
                id
            }
            None => {
                themes::table
                    .filter(themes::slug.eq(&slug))
                    .select(themes::id)
                    .first(conn)
                    .await?
            }
        };
        ids.push(id);
    }
    Ok(ids)
}

async fn first_series(
    conn: &mut AsyncPgConnection,
    item: &Item,
    report: &mut Report,
) -> QueryResult<Option<i64>> {
    let Some((slug, name)) = terms(item, true).next() else {
        return Ok(None);
    };
    let inserted: Option<i64> = diesel::insert_into(series::table)
        .values((series::slug.eq(&slug), series::name.eq(&name)))
        .on_conflict_do_nothing()
        .returning(series::id)
        .get_result(conn)
        .await
        .optional()?;
    if inserted.is_some() {
        report.imported("series", 1);
        return Ok(inserted);
    }
    series::table
        .filter(series::slug.eq(&slug))
        .select(series::id)
        .first(conn)
        .await
        .map(Some)
}
