//! What readers see: the home page, articles, series and themes, images, errors, headers.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, ETAG, IF_NONE_MATCH};

use crate::support::site::{
    COMPANION_TITLE, RICH, RICH_TITLE, SERIES, SERIES_NAME, STANDALONE_TITLE, THEMES, publish_rich,
    publish_site,
};
use crate::support::{spawn_app, spawn_app_with, texts};

const TABLE_BODY: &str = "## Tableau récapitulatif\n\n| Modèle | Prix | Autonomie |\n|---|---|---|\n| Citadine | 25 000 € | 300 km |\n| Compacte | 35 000 € | 450 km |\n";

#[tokio::test]
async fn the_demo_loads_once_into_an_empty_database() {
    let app = spawn_app_with(|s| s.site.demo_on_empty = true).await;
    let home = app.page("/").await;
    assert_eq!(
        texts(&home, ".card__title").len(),
        3,
        "three demo articles on the home page"
    );
    let mut conn = app.pool.get().await.unwrap();
    let added = sillage::demo::load(&mut conn, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(added, 0, "loading the demo again adds nothing");
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 3);
    assert_eq!(app.count("SELECT count(*) AS n FROM themes").await, 5);
    assert_eq!(app.count("SELECT count(*) AS n FROM series").await, 1);
}

#[tokio::test]
async fn a_published_article_shows_its_whole_anatomy() {
    let mut app = spawn_app().await;
    publish_site(&mut app).await;
    let html = app.page(&format!("/articles/{RICH}")).await;
    assert_eq!(texts(&html, "h1"), vec![RICH_TITLE]);
    assert_eq!(texts(&html, ".article__hero img").len(), 1);
    assert!(
        !texts(&html, "aside.callout").is_empty(),
        "the callout box is rendered"
    );
    assert!(
        !texts(&html, ".article__body figure figcaption").is_empty(),
        "the figure has its caption"
    );
    assert_eq!(texts(&html, ".series-box h2"), vec![SERIES_NAME]);
    assert!(
        !texts(&html, ".tags a").is_empty(),
        "the article's themes are listed"
    );
    assert!(texts(&html, ".article__meta")[0].contains("min de lecture"));
    let share = texts(&html, ".share a").join(" ");
    for network in [
        "X",
        "LinkedIn",
        "Facebook",
        "WhatsApp",
        "E-mail",
        "Copier le lien",
    ] {
        assert!(share.contains(network), "share link {network}");
    }
    assert!(!html.contains("<script>"), "no inline script");
    assert_eq!(
        texts(&html, "#related-title"),
        vec!["Publications similaires"]
    );
    assert!(
        !texts(&html, ".related .card").is_empty(),
        "articles of the same series are related"
    );
    assert_eq!(
        texts(&html, "a.bubble").len(),
        1,
        "the comment bubble has its place"
    );
    assert_eq!(texts(&html, ".source a").len(), 1, "the source link");
}

#[tokio::test]
async fn drafts_scheduled_and_unknown_articles_are_not_found() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let csrf = app.csrf().await;
    for (title, action, at) in [
        ("Brouillon secret", "draft", ""),
        ("Programmé secret", "schedule", "2099-01-01T10:00"),
    ] {
        let response = app
            .post_form(
                "/admin/articles/new",
                &[
                    ("csrf_token", &csrf),
                    ("title", title),
                    ("body", "Texte"),
                    ("action", action),
                    ("publish_at", at),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{title} saved");
    }
    for path in [
        "/articles/brouillon-secret",
        "/articles/programme-secret",
        "/articles/inconnu",
        "/articles/Pas%20Un%20Slug",
        "/series/inconnue",
        "/themes/inconnu",
        "/nulle-part",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body = response.text().await.unwrap();
        assert!(
            body.contains("Page introuvable"),
            "{path} shows the French 404 page"
        );
    }
    let home = app.page("/").await;
    assert!(
        !home.contains("secret"),
        "no draft or scheduled article on the home page"
    );
}

#[tokio::test]
async fn the_home_page_paginates_and_refuses_odd_pages() {
    let app = spawn_app_with(|s| s.site.articles_per_page = 2).await;
    app.set_up_author().await;
    for n in 1..=3 {
        let response = app
            .publish(&format!("Article numéro {n}"), "Texte", &[])
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let first = app.page("/").await;
    assert_eq!(
        texts(&first, ".card__title"),
        vec!["Article numéro 3", "Article numéro 2"]
    );
    assert!(first.contains("href=\"/?page=2\""));
    let second = app.page("/?page=2").await;
    assert_eq!(texts(&second, ".card__title"), vec!["Article numéro 1"]);
    assert_eq!(app.get("/?page=3").await.status(), StatusCode::NOT_FOUND);
    for bad in ["0", "-1", "abc", "99999999999999999999"] {
        let response = app.get(&format!("/?page={bad}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "page={bad}");
        assert!(response.text().await.unwrap().contains("Requête invalide"));
    }
}

#[tokio::test]
async fn a_table_in_markdown_is_a_table_on_the_page() {
    let app = spawn_app().await;
    app.set_up_author().await;
    app.publish("Les prix en tableau", TABLE_BODY, &[]).await;
    let html = app.page("/articles/les-prix-en-tableau").await;
    assert_eq!(
        texts(&html, ".table-wrap table th"),
        vec!["Modèle", "Prix", "Autonomie"]
    );
    assert_eq!(texts(&html, "table tbody tr").len(), 2);
    assert!(
        html.contains("<h2 id=\"tableau-recapitulatif\">"),
        "headings get stable ids"
    );
}

#[tokio::test]
async fn series_and_theme_pages_list_their_articles() {
    let mut app = spawn_app().await;
    publish_site(&mut app).await;
    let series = app.page(&format!("/series/{SERIES}")).await;
    assert_eq!(texts(&series, "h1"), vec![SERIES_NAME]);
    assert_eq!(
        texts(&series, ".card__title"),
        vec![COMPANION_TITLE, RICH_TITLE],
        "the series' two articles, in the order they came out"
    );
    let (slug, name) = THEMES[2];
    let theme = app.page(&format!("/themes/{slug}")).await;
    assert_eq!(texts(&theme, "h1"), vec![name]);
    assert_eq!(texts(&theme, ".card__title"), vec![STANDALONE_TITLE]);
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_is_compressed() {
    let mut app = spawn_app().await;
    publish_rich(&mut app).await;
    let response = app
        .client
        .get(format!("{}/", app.address))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe-inline")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert_eq!(headers[CONTENT_ENCODING], "gzip");
    let missing = app.get("/nulle-part").await;
    assert_eq!(
        missing.headers()["x-content-type-options"],
        "nosniff",
        "error pages too"
    );
}

/// The body of `path` as sent with `Accept-Encoding: accept`, its coding, and the body decoded.
async fn fetched_in(app: &crate::support::TestApp, path: &str, accept: &str) -> (String, Vec<u8>) {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .header(ACCEPT_ENCODING, accept)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let coding = response
        .headers()
        .get(CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let sent = response.bytes().await.unwrap();
    let mut body = Vec::new();
    match coding.as_str() {
        "gzip" => {
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&sent[..]), &mut body)
                .unwrap();
        }
        "br" => brotli::BrotliDecompress(&mut &sent[..], &mut body).unwrap(),
        _ => body = sent.to_vec(),
    }
    (coding, body)
}

#[tokio::test]
async fn a_page_built_per_request_is_compressed_in_the_coding_the_client_takes() {
    let app = spawn_app_with(|s| {
        s.site.demo_on_empty = true;
        s.cache.enabled = false;
    })
    .await;
    let article = "/articles/lfp-ou-nmc-choix-de-chimie";
    let (coding, page) = fetched_in(&app, article, "br, gzip").await;
    assert_eq!(coding, "gzip", "gzip, the cheaper, when both are taken");
    let (coding, brotli_page) = fetched_in(&app, article, "br").await;
    assert_eq!(coding, "br");
    for page in [page, brotli_page] {
        let html = String::from_utf8(page).unwrap();
        assert!(texts(&html, "h1")[0].ends_with("le choix de chimie qui dessine la gamme"));
    }
    let (coding, _) = fetched_in(&app, article, "identity").await;
    assert_eq!(coding, "");

    let home = app.page("/").await;
    let stylesheet = scraper::Html::parse_document(&home)
        .select(&scraper::Selector::parse("link[rel=stylesheet]").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let (_, plain) = fetched_in(&app, &stylesheet, "identity").await;
    for accept in ["gzip", "br"] {
        let (coding, decoded) = fetched_in(&app, &stylesheet, accept).await;
        assert_eq!(coding, accept);
        assert_eq!(decoded, plain, "{accept} gives the same bytes back");
    }
}

#[tokio::test]
async fn images_are_served_with_long_caching_and_revalidate_by_etag() {
    let mut app = spawn_app().await;
    publish_rich(&mut app).await;
    let html = app.page(&format!("/articles/{RICH}")).await;
    let doc = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse(".article__hero img").unwrap();
    let src = doc
        .select(&selector)
        .next()
        .unwrap()
        .value()
        .attr("src")
        .unwrap()
        .to_owned();
    let response = app.get(&src).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert!(
        response.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = response.headers()[ETAG].clone();
    assert!(response.bytes().await.unwrap().starts_with(b"\x89PNG"));
    let again = app
        .client
        .get(format!("{}{src}", app.address))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    for bad in [
        "/images/abc.png",
        &format!("/images/{}.png", "0".repeat(64)),
        "/images/..%2F..%2Fetc%2Fpasswd",
    ] {
        assert_eq!(app.get(bad).await.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn static_assets_are_versioned() {
    let app = spawn_app().await;
    let home = app.page("/").await;
    let doc = scraper::Html::parse_document(&home);
    let selector = scraper::Selector::parse("link[rel=stylesheet]").unwrap();
    let href = doc
        .select(&selector)
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let response = app.get(&href).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(
        app.get("/static/0/unknown.css").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn health_follows_the_database() {
    let app = spawn_app().await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    app.pool.close();
    app.database.drop_now().await;
    assert_eq!(
        app.get("/health").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    let broken = app.get("/").await;
    assert_eq!(broken.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let html = broken.text().await.unwrap();
    assert!(
        html.contains("Une erreur est survenue") && !html.contains("database"),
        "an opaque French 500 page"
    );
}

#[tokio::test]
async fn a_publication_missed_while_the_site_was_down_happens_at_start() {
    let database = crate::support::TestDatabase::create().await;
    let pool =
        sillage::db::build_pool(&database.url, 1, std::time::Duration::from_secs(5)).unwrap();
    let mut conn = pool.get().await.unwrap();
    use diesel_async::RunQueryDsl;
    diesel::sql_query("INSERT INTO articles (slug, title, status, publish_at) VALUES ('en-retard', 'En retard', 'scheduled', now() - interval '3 hours')")
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let settings = crate::support::test_settings(&database.url);
    let app = sillage::startup::Application::build(settings)
        .await
        .unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let page = format!("{address}/articles/en-retard");
    crate::support::eventually("the missed article was published", async || {
        reqwest::get(&page).await.unwrap().status() == StatusCode::OK
    })
    .await;
}
