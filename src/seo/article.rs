//! The metadata of an article page: OpenGraph (an `article` with its hero image) and the
//! schema.org `Article` and `BreadcrumbList` as JSON-LD.

use serde_json::{Value, json};

use crate::articles::model::Article;
use crate::i18n::Messages;
use crate::images::model::ImageRef;
use crate::seo::meta::{FeedLink, JsonLd, PageSeo, SocialImage};
use crate::settings::SiteSettings;
use crate::taxonomy::model::{Series, Theme};

/// What the metadata of an article page is made of.
#[derive(Debug, Clone, Copy)]
pub struct ArticleFacts<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its hero image.
    pub hero: Option<&'a ImageRef>,
    /// Who wrote it.
    pub author: &'a str,
    /// Its series.
    pub series: Option<&'a Series>,
    /// Its themes, in the author's order.
    pub themes: &'a [Theme],
    /// Its readers' rating: (average, number of votes).
    pub rating: (f64, i64),
}

/// Makes `seo` describe the article: OpenGraph type and image, then the JSON-LD blocks.
pub fn describe(seo: &mut PageSeo, site: &SiteSettings, t: &Messages, facts: &ArticleFacts<'_>) {
    seo.og_type = "article";
    seo.image = facts
        .hero
        .map(|hero| SocialImage::new(&site.base_url, hero, &facts.article.hero_alt));
    seo.json_ld.push(JsonLd::new(&article_json_ld(site, facts)));
    seo.json_ld.push(JsonLd::new(&breadcrumbs(site, t, facts)));
    seo.feeds.push(FeedLink {
        title: format!("{} · {}", t.comments_feed_title, facts.article.title),
        href: format!("{}/comments.xml", article_url(site, facts.article)),
    });
}

/// The schema.org `Article` of the page, with its `AggregateRating` once readers voted.
pub fn article_json_ld(site: &SiteSettings, facts: &ArticleFacts<'_>) -> Value {
    let article = facts.article;
    let url = article_url(site, article);
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "inLanguage": site.locale.code(),
        "dateModified": article.updated_at.max(article.published_at.unwrap_or(article.updated_at)).to_rfc3339(),
        "author": { "@type": "Person", "name": facts.author },
        "publisher": {
            "@type": "Organization",
            "name": site.title,
            "url": format!("{}/", site.base_url),
        },
    });
    if let Some(published) = article.published_at {
        value["datePublished"] = json!(published.to_rfc3339());
    }
    if !article.summary.is_empty() {
        value["description"] = json!(article.summary);
    }
    let (average, count) = facts.rating;
    if count > 0 {
        value["aggregateRating"] = json!({
            "@type": "AggregateRating",
            "ratingValue": (average * 10.0).round() / 10.0,
            "ratingCount": count,
            "bestRating": 5,
            "worstRating": 1,
        });
    }
    if let Some(hero) = facts.hero {
        let image = SocialImage::new(&site.base_url, hero, &article.hero_alt);
        value["image"] = json!({
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
        });
    }
    value
}

/// The schema.org `BreadcrumbList`: home, then the series or first theme, then the article.
pub fn breadcrumbs(site: &SiteSettings, t: &Messages, facts: &ArticleFacts<'_>) -> Value {
    let home = (t.nav_home.to_owned(), format!("{}/", site.base_url));
    // Between the home page and the article: its series, or else its first theme.
    let section = match (facts.series, facts.themes.first()) {
        (Some(series), _) => Some((series.name.clone(), format!("/series/{}", series.slug))),
        (None, Some(theme)) => Some((theme.name.clone(), format!("/themes/{}", theme.slug))),
        (None, None) => None,
    }
    .map(|(name, path)| (name, format!("{}{path}", site.base_url)));
    let this = (
        facts.article.title.clone(),
        article_url(site, facts.article),
    );
    let items: Vec<Value> = std::iter::once(home)
        .chain(section)
        .chain(std::iter::once(this))
        .enumerate()
        .map(|(i, (name, item))| {
            json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": item })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    })
}

fn article_url(site: &SiteSettings, article: &Article) -> String {
    format!("{}/articles/{}", site.base_url, article.slug)
}
