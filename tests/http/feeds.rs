//! Atom feeds, the sitemap and robots.txt, read back with parsers.

use atom_syndication::Feed;
use chrono::DateTime;
use quick_xml::Reader;
use quick_xml::events::Event;
use reqwest::StatusCode;

use crate::support::site::{
    COMPANION, RICH, RICH_TITLE, SERIES, SERIES_NAME, STANDALONE, STANDALONE_TITLE, THEMES,
    publish_site,
};
use crate::support::{TestApp, spawn_app_with};

const BASE: &str = "https://sillage.example";

/// `GET path`, expecting 200 and `content_type`; the body.
async fn fetch(app: &TestApp, path: &str, content_type: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    assert_eq!(response.headers()["content-type"], content_type, "{path}");
    response.text().await.unwrap()
}

async fn feed(app: &TestApp, path: &str) -> Feed {
    let xml = fetch(app, path, "application/atom+xml; charset=utf-8").await;
    xml.parse().expect("the feed parses as Atom")
}

/// The test site of three articles, at an absolute base URL of its own.
async fn site() -> TestApp {
    let mut app = spawn_app_with(|s| s.site.base_url = BASE.to_owned()).await;
    publish_site(&mut app).await;
    app
}

#[tokio::test]
async fn the_site_feed_carries_whole_articles_with_absolute_links_and_dates() {
    let app = site().await;
    let feed = feed(&app, "/feed.xml").await;
    assert_eq!(feed.title.as_str(), "Sillage");
    assert_eq!(feed.id, format!("{BASE}/feed.xml"));
    assert_eq!(feed.authors[0].name, "Claire Martin");
    assert_eq!(feed.entries.len(), 3);
    let self_link = feed.links.iter().find(|l| l.rel == "self").unwrap();
    assert_eq!(self_link.href, format!("{BASE}/feed.xml"));
    let newest = &feed.entries[0];
    assert_eq!(newest.title.as_str(), RICH_TITLE);
    assert_eq!(newest.links[0].href, format!("{BASE}/articles/{RICH}"));
    let published = newest.published.expect("a publication date");
    assert!(newest.updated >= published);
    assert_eq!(
        feed.updated, newest.updated,
        "the feed is as new as its newest entry"
    );
    assert!(
        feed.entries
            .windows(2)
            .all(|w| w[0].published >= w[1].published),
        "newest first"
    );
    let content = newest.content.as_ref().unwrap();
    assert_eq!(content.content_type.as_deref(), Some("html"));
    assert_eq!(content.base.as_deref(), Some(newest.links[0].href.as_str()));
    assert!(
        content.value.as_deref().unwrap().contains("<h2 id=\""),
        "the whole body"
    );
    assert!(newest.summary.is_some());
}

#[tokio::test]
async fn a_feed_holds_the_twenty_newest_and_never_a_draft() {
    let app = spawn_app_with(|s| s.site.base_url = BASE.to_owned()).await;
    app.execute(
        "INSERT INTO articles (slug, title, status, published_at) \
         SELECT 'article-' || g, 'Article ' || g, 'published', now() - g * interval '1 hour' \
         FROM generate_series(1, 25) AS g",
    )
    .await;
    app.execute("INSERT INTO articles (slug, title) VALUES ('brouillon', 'Brouillon')")
        .await;
    let feed = feed(&app, "/feed.xml").await;
    assert_eq!(feed.entries.len(), 20);
    assert_eq!(feed.entries[0].title.as_str(), "Article 1");
    assert_eq!(feed.entries[19].title.as_str(), "Article 20");
    assert_eq!(
        feed.authors[0].name, "Sillage",
        "no author yet: the site's name"
    );
}

#[tokio::test]
async fn series_and_theme_feeds_hold_their_own_articles() {
    let app = site().await;
    let series = feed(&app, &format!("/series/{SERIES}/feed.xml")).await;
    assert_eq!(series.title.as_str(), format!("Sillage · {SERIES_NAME}"));
    assert_eq!(series.entries.len(), 2);
    let alternate = series.links.iter().find(|l| l.rel == "alternate").unwrap();
    assert_eq!(alternate.href, format!("{BASE}/series/{SERIES}"));
    let (theme, _) = THEMES[2];
    let theme = feed(&app, &format!("/themes/{theme}/feed.xml")).await;
    let titles: Vec<&str> = theme.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, [STANDALONE_TITLE], "the theme's one article");
    for missing in ["/series/inconnue/feed.xml", "/themes/inconnu/feed.xml"] {
        assert_eq!(
            app.get(missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
    let page = app.page(&format!("/series/{SERIES}")).await;
    assert!(
        page.contains(&format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Sillage · {SERIES_NAME}\" href=\"{BASE}/series/{SERIES}/feed.xml\">"
        )),
        "the series page announces its feed"
    );
}

/// The `(loc, lastmod)` pairs of a sitemap.
fn sitemap_urls(xml: &str) -> Vec<(String, Option<String>)> {
    let mut reader = Reader::from_str(xml);
    let mut urls = Vec::new();
    let mut field = None;
    loop {
        match reader.read_event().expect("the sitemap is well-formed XML") {
            Event::Start(tag) => field = Some(tag.name().as_ref().to_vec()),
            Event::Text(text) => {
                let text = text.decode().unwrap().into_owned();
                match field.as_deref() {
                    Some(b"loc") => urls.push((text, None)),
                    Some(b"lastmod") => urls.last_mut().unwrap().1 = Some(text),
                    _ => {}
                }
            }
            Event::GeneralRef(_) => panic!("no entity expected in these URLs"),
            Event::End(_) => field = None,
            Event::Eof => break,
            _ => {}
        }
    }
    urls
}

#[tokio::test]
async fn the_sitemap_lists_the_home_articles_series_and_themes() {
    let app = site().await;
    app.execute("INSERT INTO articles (slug, title) VALUES ('brouillon', 'Brouillon')")
        .await;
    let xml = fetch(&app, "/sitemap.xml", "application/xml; charset=utf-8").await;
    let urls = sitemap_urls(&xml);
    let locs: Vec<&str> = urls.iter().map(|(loc, _)| loc.as_str()).collect();
    assert_eq!(locs[0], format!("{BASE}/"));
    let articles = [RICH, COMPANION, STANDALONE].map(|slug| format!("/articles/{slug}"));
    let themes = THEMES.map(|(slug, _)| format!("/themes/{slug}"));
    let series = format!("/series/{SERIES}");
    for path in articles.iter().chain(&themes).chain([&series]) {
        assert!(locs.contains(&format!("{BASE}{path}").as_str()), "{path}");
    }
    assert_eq!(urls.len(), 1 + 3 + 1 + 3, "home, articles, series, themes");
    assert!(!xml.contains("brouillon"), "no draft");
    for (loc, lastmod) in &urls {
        if loc.contains("/articles/") || loc == &format!("{BASE}/") {
            let lastmod = lastmod.as_deref().expect("a date");
            DateTime::parse_from_rfc3339(lastmod).expect("a W3C date-time");
        }
    }
}

#[tokio::test]
async fn robots_txt_keeps_crawlers_out_of_the_admin_and_points_to_the_sitemap() {
    let app = spawn_app_with(|s| s.site.base_url = BASE.to_owned()).await;
    let robots = fetch(&app, "/robots.txt", "text/plain; charset=utf-8").await;
    let lines: Vec<&str> = robots.lines().collect();
    assert_eq!(lines[0], "User-agent: *");
    assert!(lines.contains(&"Allow: /"));
    assert!(lines.contains(&"Disallow: /admin"));
    assert!(lines.contains(&format!("Sitemap: {BASE}/sitemap.xml").as_str()));
}
