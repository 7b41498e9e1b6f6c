//! What pages tell link previews and search engines: OpenGraph, Twitter card, JSON-LD.

use chrono::DateTime;
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::site::{RICH, SERIES, SERIES_NAME, publish_rich};
use crate::support::{attrs, spawn_app, spawn_app_with, texts};

const BASE: &str = "https://sillage.example";

/// The `content` of `<meta property=…>` (OpenGraph) or `<meta name=…>` (Twitter).
fn meta(html: &str, key: &str) -> Option<String> {
    let by_property = attrs(html, &format!("meta[property=\"{key}\"]"), "content");
    let by_name = attrs(html, &format!("meta[name=\"{key}\"]"), "content");
    by_property.into_iter().chain(by_name).next()
}

/// The JSON-LD documents of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    texts(html, "script[type=\"application/ld+json\"]")
        .iter()
        .map(|json| serde_json::from_str(json).expect("JSON-LD parses"))
        .collect()
}

fn of_type<'a>(documents: &'a [Value], kind: &str) -> &'a Value {
    documents
        .iter()
        .find(|d| d["@type"] == kind)
        .unwrap_or_else(|| panic!("a {kind}"))
}

#[tokio::test]
async fn an_article_describes_itself_to_link_previews() {
    let mut app = spawn_app_with(|s| s.site.base_url = BASE.to_owned()).await;
    publish_rich(&mut app).await;
    let path = &format!("/articles/{RICH}");
    let html = app.page(path).await;
    let title = texts(&html, "h1").remove(0);
    assert_eq!(meta(&html, "og:type").unwrap(), "article");
    assert_eq!(meta(&html, "og:title").unwrap(), title);
    assert_eq!(meta(&html, "og:url").unwrap(), format!("{BASE}{path}"));
    assert_eq!(
        meta(&html, "og:description"),
        meta(&html, "description"),
        "the summary"
    );
    assert_eq!(meta(&html, "og:locale").unwrap(), "fr_FR");
    assert_eq!(meta(&html, "og:site_name").unwrap(), "Sillage");
    assert_eq!(meta(&html, "twitter:card").unwrap(), "summary_large_image");
    let image = meta(&html, "og:image").unwrap();
    let image_path = image.strip_prefix(BASE).expect("an absolute image URL");
    assert_eq!(app.get(image_path).await.status(), StatusCode::OK);
    assert_eq!(meta(&html, "og:image:width").unwrap(), "1200");
    assert!(
        meta(&html, "og:image:height")
            .unwrap()
            .parse::<u32>()
            .unwrap()
            > 0
    );
    assert!(!meta(&html, "og:image:alt").unwrap().is_empty());
}

#[tokio::test]
async fn json_ld_describes_the_article_and_its_breadcrumbs() {
    let mut app = spawn_app_with(|s| s.site.base_url = BASE.to_owned()).await;
    publish_rich(&mut app).await;
    let path = &format!("/articles/{RICH}");
    let html = app.page(path).await;
    let documents = json_ld(&html);
    let article = of_type(&documents, "Article");
    assert_eq!(article["headline"], texts(&html, "h1")[0].as_str());
    assert_eq!(article["author"]["@type"], "Person");
    assert_eq!(article["author"]["name"], "Claire Martin");
    assert_eq!(article["publisher"]["name"], "Sillage");
    assert_eq!(article["mainEntityOfPage"]["@id"], format!("{BASE}{path}"));
    assert!(article["image"]["url"].as_str().unwrap().starts_with(BASE));
    let published = DateTime::parse_from_rfc3339(article["datePublished"].as_str().unwrap());
    let modified = DateTime::parse_from_rfc3339(article["dateModified"].as_str().unwrap());
    assert!(modified.unwrap() >= published.unwrap());
    let crumbs = of_type(&documents, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["name"].as_str().unwrap(),
                item["item"].as_str().unwrap(),
            )
        })
        .collect::<Vec<_>>();
    assert_eq!(
        crumbs,
        vec![
            ("Accueil", format!("{BASE}/").as_str()),
            (SERIES_NAME, format!("{BASE}/series/{SERIES}").as_str()),
            (
                texts(&html, "h1")[0].as_str(),
                format!("{BASE}{path}").as_str()
            ),
        ]
    );
}

#[tokio::test]
async fn a_title_cannot_break_out_of_its_json_ld() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let title = "</script><script>alert(1)</script> & <!-- co";
    app.publish(title, "Texte", &[("slug", "evasion")]).await;
    let html = app.page("/articles/evasion").await;
    let documents = json_ld(&html);
    assert_eq!(
        documents.len(),
        2,
        "an Article and its breadcrumbs, nothing else"
    );
    assert_eq!(of_type(&documents, "Article")["headline"], title);
    assert!(!html.contains("<script>alert(1)"));
}

#[tokio::test]
async fn pages_without_a_hero_are_websites_with_a_summary_card() {
    let app = spawn_app_with(|s| {
        s.site.locale = sillage::i18n::Locale::En;
        s.site.base_url = BASE.to_owned();
    })
    .await;
    let home = app.page("/").await;
    assert_eq!(meta(&home, "og:type").unwrap(), "website");
    assert_eq!(meta(&home, "og:locale").unwrap(), "en_US");
    assert_eq!(meta(&home, "twitter:card").unwrap(), "summary");
    assert_eq!(meta(&home, "og:image"), None);
    assert_eq!(
        attrs(
            &home,
            "link[rel=alternate][type=\"application/atom+xml\"]",
            "href"
        ),
        vec![format!("{BASE}/feed.xml")]
    );
    assert!(json_ld(&home).is_empty());
    let search = app.page("/search?q=x").await;
    assert_eq!(meta(&search, "robots").unwrap(), "noindex");
    assert_eq!(
        meta(&search, "og:type"),
        None,
        "no preview for result lists"
    );
}
