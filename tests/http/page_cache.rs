//! The rendered-page cache: a hit is the miss's bytes in every coding, a write refreshes the
//! pages it changes and only those, on this node and on another, and a known reader's own parts
//! are right on a shared page.

use std::io::Read;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, COOKIE, ETAG, IF_NONE_MATCH, SET_COOKIE};
use sillage::page_cache::PageCache;
use sillage::page_cache::entry::CachedPage;

use crate::support::{Node, TestApp, attrs, csrf_token, new_client, spawn_app_with, texts};

const ARTICLE: &str = "lfp-ou-nmc-choix-de-chimie";
/// What the two-node notices must take at most.
const WITHIN: Duration = Duration::from_secs(1);

async fn demo_app() -> TestApp {
    spawn_app_with(|s| {
        s.site.demo_on_empty = true;
        s.comments.min_form_seconds = 0;
        s.comments.per_network_per_10_minutes = 100;
    })
    .await
}

fn article() -> String {
    format!("/articles/{ARTICLE}")
}

/// A browser of its own on `app` (no session, no reader cookie yet).
fn visitor(app: &TestApp) -> Node {
    Node {
        address: app.address.clone(),
        client: new_client(),
    }
}

/// `GET path` by `browser`, expecting 200.
async fn page_of(browser: &Node, path: &str) -> String {
    let response = browser
        .client
        .get(format!("{}{path}", browser.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.text().await.unwrap()
}

/// `POST path` by `browser`.
async fn post(browser: &Node, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    browser
        .client
        .post(format!("{}{path}", browser.address))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// `GET path` by `client` with `headers`: status, `X-Cache`, body bytes and the response.
async fn fetch(
    client: &reqwest::Client,
    url: &str,
    headers: &[(reqwest::header::HeaderName, &str)],
) -> (StatusCode, String, Vec<u8>, reqwest::header::HeaderMap) {
    let mut request = client.get(url);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let cache = headers
        .get("x-cache")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        cache,
        response.bytes().await.unwrap().to_vec(),
        headers,
    )
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
    out
}

fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The `X-Cache` of an anonymous `GET path`.
async fn cache_state(app: &TestApp, path: &str) -> String {
    fetch(&new_client(), &format!("{}{path}", app.address), &[])
        .await
        .1
}

/// Polls `url` (as a new browser) until its body contains `text`; fails after `within`.
async fn until_shown(url: &str, text: &str, within: Duration) {
    let deadline = Instant::now() + within;
    let client = new_client();
    loop {
        let body = client.get(url).send().await.unwrap().text().await.unwrap();
        if body.contains(text) {
            return;
        }
        assert!(Instant::now() < deadline, "{url} never showed {text:?}");
    }
}

/// Posts a guest comment from `browser` as a browser would (the page first); returns its id.
async fn comment(app: &TestApp, browser: &Node, body: &str) -> i64 {
    let html = page_of(browser, &article()).await;
    let stamp = crate::support::csrf_token_named(&html, "form_ts");
    let response = post(
        browser,
        &format!("{}/comments", article()),
        &[
            ("form_ts", &stamp),
            ("author_name", "Léa"),
            ("author_email", "lea@example.org"),
            ("body", body),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.count("SELECT coalesce(max(id), 0) AS n FROM comments")
        .await
}

/// Approves comment `id` as the author (`app`'s own browser, logged in).
async fn approve(app: &TestApp, id: i64) {
    let csrf = csrf_token(&app.page("/admin/comments").await);
    let approved = app
        .post_form(
            &format!("/admin/comments/{id}/approve"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(approved.status(), StatusCode::SEE_OTHER);
}

/// The value of the `name` cookie `response` sets.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with(&format!("{name}=")))
}

#[tokio::test]
async fn a_hit_is_the_bytes_of_the_miss_in_every_coding_and_a_held_page_is_304() {
    let app = demo_app().await;
    let url = format!("{}{}", app.address, article());
    let client = new_client();
    let (status, first, miss, headers) = fetch(&client, &url, &[]).await;
    assert_eq!((status, first.as_str()), (StatusCode::OK, "miss"));
    assert_eq!(headers["cache-control"], "public, no-cache");
    assert_eq!(headers["vary"], "Accept-Encoding");
    assert!(headers.contains_key("content-security-policy"));
    let (_, second, hit, _) = fetch(&client, &url, &[]).await;
    assert_eq!(second, "hit");
    assert_eq!(hit, miss);
    let (_, _, br, br_headers) = fetch(&client, &url, &[(ACCEPT_ENCODING, "br, gzip")]).await;
    assert_eq!(br_headers[CONTENT_ENCODING], "br");
    assert_eq!(unbrotli(&br), miss);
    let (_, _, gz, gz_headers) = fetch(&client, &url, &[(ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(gz_headers[CONTENT_ENCODING], "gzip");
    assert_eq!(ungzip(&gz), miss);
    assert!(br.len() < gz.len() && gz.len() < miss.len() / 3);

    let etag = headers[ETAG].to_str().unwrap().to_owned();
    let (held, _, empty, _) = fetch(&client, &url, &[(IF_NONE_MATCH, &etag)]).await;
    assert_eq!(held, StatusCode::NOT_MODIFIED);
    assert!(empty.is_empty());
    let br_etag = br_headers[ETAG].to_str().unwrap().to_owned();
    assert_ne!(br_etag, etag, "a strong validator names one representation");
    let (held, ..) = fetch(&client, &url, &[(IF_NONE_MATCH, &br_etag)]).await;
    assert_eq!(held, StatusCode::NOT_MODIFIED);
    let (other, ..) = fetch(&client, &url, &[(IF_NONE_MATCH, "\"another\"")]).await;
    assert_eq!(other, StatusCode::OK);
}

#[tokio::test]
async fn admin_pages_secret_links_and_errors_are_never_cached() {
    let app = demo_app().await;
    for path in [
        "/admin/setup",
        "/search?q=lfp",
        "/articles/nope",
        "/newsletter/preferences/x",
    ] {
        assert_eq!(cache_state(&app, path).await, "", "{path}");
        assert_eq!(cache_state(&app, path).await, "", "{path}");
    }
    for path in [
        "/",
        "/feed.xml",
        "/sitemap.xml",
        &format!("{}/comments.xml", article()),
    ] {
        assert_eq!(cache_state(&app, path).await, "miss", "{path}");
        assert_eq!(cache_state(&app, path).await, "hit", "{path}");
    }
}

#[tokio::test]
async fn an_approved_comment_a_rating_and_a_vote_refresh_the_article_but_a_vote_not_the_home() {
    let app = demo_app().await;
    app.set_up_author().await;
    let writer = visitor(&app);
    let id = comment(&app, &writer, "Le LFP gagne sur le coût.").await;
    for path in [article(), "/".to_owned()] {
        cache_state(&app, &path).await;
        assert_eq!(cache_state(&app, &path).await, "hit");
    }
    let anonymous = visitor(&app);
    assert!(
        !page_of(&anonymous, &article())
            .await
            .contains("Le LFP gagne sur le coût.")
    );

    approve(&app, id).await;
    assert_eq!(cache_state(&app, &article()).await, "miss");
    assert!(
        page_of(&anonymous, &article())
            .await
            .contains("Le LFP gagne sur le coût.")
    );
    assert_eq!(
        cache_state(&app, "/").await,
        "hit",
        "a comment does not change the home page"
    );

    let rater = visitor(&app);
    post(&rater, &format!("{}/rating", article()), &[("stars", "4")]).await;
    let html = page_of(&anonymous, &article()).await;
    assert_eq!(texts(&html, ".rating__summary")[0], "4,0 · 1 vote");

    let voted = post(&rater, &format!("/comments/{id}/vote"), &[("value", "1")]).await;
    assert_eq!(voted.status(), StatusCode::SEE_OTHER);
    let html = page_of(&anonymous, &article()).await;
    assert_eq!(texts(&html, ".vote__score"), ["1"]);
    assert_eq!(
        cache_state(&app, "/").await,
        "hit",
        "a vote does not rebuild the home page"
    );
}

#[tokio::test]
async fn an_article_edit_and_a_scheduled_publication_refresh_every_page() {
    let app = spawn_app_with(|s| {
        s.site.demo_on_empty = true;
        s.worker.embedded = false;
    })
    .await;
    app.set_up_author().await;
    let pages = [article(), "/".to_owned(), "/feed.xml".to_owned()];
    for path in &pages {
        cache_state(&app, path).await;
    }
    let id = app
        .count(&format!(
            "SELECT id AS n FROM articles WHERE slug = '{ARTICLE}'"
        ))
        .await;
    let csrf = csrf_token(&app.page(&format!("/admin/articles/{id}/edit")).await);
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .text("title", "LFP ou NMC : le verdict")
        .text("slug", ARTICLE)
        .text("summary", "Un résumé.")
        .text("body", "## Le verdict\n\nLe LFP l’emporte sur le coût.")
        .text("series", "")
        .text("source_url", "")
        .text("hero_alt", "Deux cellules de batterie côte à côte.")
        .text("action", "publish")
        .text("publish_at", "");
    let saved = app
        .post_multipart(&format!("/admin/articles/{id}/edit"), form)
        .await;
    let status = saved.status();
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.text().await.unwrap()
    );
    for path in &pages {
        let url = format!("{}{path}", app.address);
        let (_, state, body, _) = fetch(&new_client(), &url, &[]).await;
        assert_eq!(state, "miss", "{path}");
        let body = String::from_utf8(body).unwrap();
        assert!(body.contains("LFP ou NMC : le verdict"), "{path}");
    }

    app.execute(&format!(
        "UPDATE articles SET status = 'scheduled', published_at = NULL, \
         publish_at = now() - interval '1 minute', title = 'Le prochain numéro' \
         WHERE id = (SELECT max(id) FROM articles WHERE slug <> '{ARTICLE}')"
    ))
    .await;
    let home = format!("{}/", app.address);
    cache_state(&app, "/").await;
    assert!(
        !page_of(&visitor(&app), "/")
            .await
            .contains("Le prochain numéro")
    );
    assert!(
        app.drain(chrono::Utc::now()).await > 0,
        "the worker published it"
    );
    until_shown(&home, "Le prochain numéro", WITHIN).await;
}

#[tokio::test]
async fn a_known_reader_sees_their_stars_and_votes_on_the_shared_page_and_nobody_else_does() {
    let app = demo_app().await;
    let writer = visitor(&app);
    let id = comment(&app, &writer, "Une remarque sur la chimie.").await;
    app.execute(
        "UPDATE comments SET status = 'approved', approved_at = now(), \
         created_at = now() - interval '1 hour'",
    )
    .await;
    let reader = visitor(&app);
    let rated = post(&reader, &format!("{}/rating", article()), &[("stars", "2")]).await;
    let cookie = set_cookie(&rated, "sillage_reader").expect("a reader cookie");
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let voted = post(&reader, &format!("/comments/{id}/vote"), &[("value", "-1")]).await;
    assert_eq!(voted.status(), StatusCode::SEE_OTHER);
    let shared = page_of(&visitor(&app), &article()).await;
    assert!(!shared.contains("is-mine"));

    let url = format!("{}{}", app.address, article());
    let (_, with_flash, ..) = fetch(&reader.client, &url, &[]).await;
    assert_eq!(
        with_flash, "",
        "a page showing a flash message is rendered for its reader"
    );
    let (status, state, mine, headers) = fetch(&reader.client, &url, &[]).await;
    assert_eq!((status, state.as_str()), (StatusCode::OK, "hit"));
    assert_eq!(headers["cache-control"], "private, no-cache");
    let mine = String::from_utf8(mine).unwrap();
    assert_eq!(attrs(&mine, ".rating__star.is-mine", "value"), ["2"]);
    assert_eq!(attrs(&mine, ".vote__button.is-mine", "value"), ["-1"]);
    assert_eq!(texts(&mine, ".rating__mine").len(), 1);
    let (_, _, zipped, zipped_headers) =
        fetch(&reader.client, &url, &[(ACCEPT_ENCODING, "br, gzip")]).await;
    assert_eq!(zipped_headers[CONTENT_ENCODING], "gzip");
    assert_eq!(ungzip(&zipped), mine.as_bytes());

    // The same reader on a node without the cache sees the very same page.
    let uncached = uncached_node(&app).await;
    let whole = uncached
        .client
        .get(format!("{}{}", uncached.address, article()))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(without_stamps(&whole), without_stamps(&mine));

    let second = visitor(&app);
    post(&second, &format!("{}/rating", article()), &[("stars", "5")]).await;
    let theirs = page_of(&second, &article()).await;
    assert_eq!(attrs(&theirs, ".rating__star.is-mine", "value"), ["5"]);
    assert!(attrs(&theirs, ".vote__button.is-mine", "value").is_empty());
}

#[tokio::test]
async fn a_pending_comment_shows_to_its_writer_only_and_the_author_posts_as_author() {
    let app = demo_app().await;
    cache_state(&app, &article()).await;
    let writer = visitor(&app);
    comment(&app, &writer, "Ma question attend.").await;
    let theirs = page_of(&writer, &article()).await;
    assert!(theirs.contains("Ma question attend."));
    assert_eq!(texts(&theirs, ".comment__pending").len(), 1);
    let other = page_of(&visitor(&app), &article()).await;
    assert!(!other.contains("Ma question attend."));
    assert_eq!(cache_state(&app, &article()).await, "hit");

    app.set_up_author().await;
    let as_author = app.page(&article()).await;
    assert_eq!(texts(&as_author, ".comment-form__as-author").len(), 1);
    assert!(!csrf_token(&as_author).is_empty());
    let shared = page_of(&visitor(&app), &article()).await;
    assert!(texts(&shared, ".comment-form__as-author").is_empty());
}

#[tokio::test]
async fn a_cached_form_carries_its_stamp_in_a_cookie_that_a_robot_cannot_skip() {
    let app = spawn_app_with(|s| {
        s.site.demo_on_empty = true;
        s.comments.min_form_seconds = 30;
    })
    .await;
    let response = app.get(&article()).await;
    let cookie = set_cookie(&response, "sillage_form").expect("the stamp cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let html = response.text().await.unwrap();
    assert_eq!(crate::support::csrf_token_named(&html, "form_ts"), "cookie");
    let again = app.get(&article()).await;
    assert_eq!(
        set_cookie(&again, "sillage_form"),
        None,
        "a young stamp is kept"
    );
    let too_fast = visitor(&app);
    let response = post(
        &too_fast,
        &format!("{}/comments", article()),
        &[
            ("form_ts", "cookie"),
            ("author_name", "R"),
            ("author_email", "r@example.org"),
            ("body", "Sans avoir lu la page."),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    page_of(&too_fast, &article()).await;
    post(
        &too_fast,
        &format!("{}/comments", article()),
        &[
            ("form_ts", "cookie"),
            ("author_name", "R"),
            ("author_email", "r@example.org"),
            ("body", "Trop vite pour un humain."),
        ],
    )
    .await;
    assert_eq!(app.count("SELECT count(*) AS n FROM comments").await, 0);
}

#[tokio::test]
async fn the_cache_keeps_within_its_bound() {
    let bound = 400_000;
    let cache = PageCache::new(bound).unwrap();
    let headers = actix_web::http::header::HeaderMap::new();
    for n in 0..200 {
        let body: String = (0..2_000).map(|i| format!("<p>{n}-{i}</p>")).collect();
        let page = CachedPage::build(body.into(), &headers, Vec::new(), 0, None).unwrap();
        cache.keep(format!("/page/{n}"), page);
    }
    let size = cache.weighted_size();
    assert!(size > bound / 2 && size <= bound, "{size}");
}

#[tokio::test]
async fn many_pages_do_not_push_the_cache_past_its_bound() {
    let app = spawn_app_with(|s| {
        s.site.demo_on_empty = true;
        s.cache.max_bytes = 150_000;
    })
    .await;
    cache_state(&app, &article()).await;
    assert_eq!(cache_state(&app, &article()).await, "hit");
    for n in 0..40 {
        cache_state(&app, &format!("{}?comments_after={n}", article())).await;
    }
    assert_eq!(
        cache_state(&app, &article()).await,
        "miss",
        "evicted to stay within bound"
    );
}

#[tokio::test]
async fn a_lost_listener_drops_the_cache_and_a_change_made_meanwhile_shows() {
    let app = demo_app().await;
    cache_state(&app, &article()).await;
    assert_eq!(cache_state(&app, &article()).await, "hit");
    // A change the triggers do not tell: only a dropped cache can show it.
    app.execute("ALTER TABLE articles DISABLE TRIGGER USER")
        .await;
    app.execute(&format!(
        "UPDATE articles SET title = 'Changé en douce' WHERE slug = '{ARTICLE}'"
    ))
    .await;
    app.execute("ALTER TABLE articles ENABLE TRIGGER USER")
        .await;
    let url = format!("{}{}", app.address, article());
    let (_, state, stale, _) = fetch(&new_client(), &url, &[]).await;
    assert_eq!(state, "hit");
    assert!(
        !String::from_utf8(stale)
            .unwrap()
            .contains("Changé en douce")
    );
    let killed = app
        .count(
            "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity \
             WHERE query = 'LISTEN sillage_pages' AND datname = current_database()",
        )
        .await;
    assert_eq!(killed, 1);
    until_shown(&url, "Changé en douce", Duration::from_secs(10)).await;
}

#[tokio::test]
async fn a_comment_approved_on_one_node_and_a_rating_on_the_other_show_on_both() {
    let app = demo_app().await;
    app.set_up_author().await;
    let other = app.another_node().await;
    let on_other = format!("{}{}", other.address, article());
    let id = comment(&app, &visitor(&app), "Vu depuis l’autre nœud.").await;
    fetch(&new_client(), &on_other, &[]).await;
    assert_eq!(fetch(&new_client(), &on_other, &[]).await.1, "hit");
    approve(&app, id).await;
    until_shown(&on_other, "Vu depuis l’autre nœud.", WITHIN).await;

    let on_first = format!("{}{}", app.address, article());
    fetch(&new_client(), &on_first, &[]).await;
    assert_eq!(fetch(&new_client(), &on_first, &[]).await.1, "hit");
    post(&other, &format!("{}/rating", article()), &[("stars", "3")]).await;
    until_shown(&on_first, "3,0 · 1 vote", WITHIN).await;
}

/// A node on `app`'s database with the cache off.
async fn uncached_node(app: &TestApp) -> Node {
    let mut settings = app.settings.clone();
    settings.cache.enabled = false;
    let built = sillage::startup::Application::build(settings)
        .await
        .unwrap();
    let port = built.port();
    tokio::spawn(built.run_until_stopped());
    Node {
        address: format!("http://127.0.0.1:{port}"),
        client: new_client(),
    }
}

/// `html` with the forms' stamps blanked (a page rendered whole carries them in the form).
fn without_stamps(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let marker = "name=\"form_ts\" value=\"";
    while let Some(at) = rest.find(marker) {
        let (before, after) = rest.split_at(at + marker.len());
        out.push_str(before);
        rest = &after[after.find('"').unwrap()..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn concurrent_misses_of_one_page_render_it_once() {
    let database = crate::support::TestDatabase::create().await;
    crate::support::statements::watch(&database.url);
    let app = crate::support::spawn_app_on(database, |s| {
        s.site.demo_on_empty = true;
        s.analytics.enabled = false;
        s.worker.embedded = false;
    })
    .await;
    let cache = app.page_cache.clone().unwrap();
    crate::support::eventually("the cache serves", async || cache.is_serving()).await;
    crate::support::statements::take(&app.database.url);
    let url = format!("{}{}", app.address, article());
    let views = (0..8).map(|_| {
        let (client, url) = (new_client(), url.clone());
        async move { client.get(url).send().await.unwrap().status() }
    });
    let statuses = futures_util::future::join_all(views).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    let renders = crate::support::statements::take(&app.database.url)
        .iter()
        .filter(|run| run.sql.contains("LEFT JOIN article_bodies"))
        .count();
    assert_eq!(renders, 1, "eight misses at once render the page once");
}
