//! Search: what a reader finds, in what order, how it is highlighted, and how odd input is met.

use reqwest::StatusCode;

use crate::support::site::{RICH, SERIES, publish_rich};
use crate::support::{TestApp, attrs, spawn_app, spawn_app_with, texts};

/// `GET /search` with `q` (and `page`) encoded as a browser would.
async fn search(app: &TestApp, q: &str, page: Option<&str>) -> reqwest::Response {
    let mut query = vec![("q", q)];
    query.extend(page.map(|p| ("page", p)));
    app.client
        .get(format!("{}/search", app.address))
        .query(&query)
        .send()
        .await
        .expect("GET /search")
}

/// The titles found for `q`, best first.
async fn found(app: &TestApp, q: &str) -> Vec<String> {
    let response = search(app, q, None).await;
    assert_eq!(response.status(), StatusCode::OK, "q={q}");
    texts(&response.text().await.unwrap(), ".search-hit__title")
}

async fn publish(app: &TestApp, title: &str, body: &str) {
    let response = app.publish(title, body, &[]).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "{title} published"
    );
}

#[tokio::test]
async fn a_title_match_ranks_above_a_body_match() {
    let app = spawn_app().await;
    app.set_up_author().await;
    publish(&app, "Le coût des batteries", "Une analyse des prix.").await;
    publish(
        &app,
        "Notes de salon",
        "Beaucoup de stands, un peu de batteries, surtout des SUV.",
    )
    .await;
    publish(&app, "Sans rapport", "Rien sur ce sujet.").await;
    assert_eq!(
        found(&app, "batteries").await,
        vec!["Le coût des batteries", "Notes de salon"],
        "the older title match comes before the newer body match"
    );
}

#[tokio::test]
async fn accents_plurals_and_case_do_not_matter() {
    let app = spawn_app().await;
    app.set_up_author().await;
    publish(&app, "Les véhicules électriques", "Une gamme entière.").await;
    publish(&app, "Une citadine electrique", "Écrite sans accent.").await;
    publish(&app, "Chimie", "La batterie LFP résiste au froid.").await;
    assert_eq!(
        found(&app, "electrique").await.len(),
        2,
        "without accent, both"
    );
    assert_eq!(
        found(&app, "ÉLECTRIQUE").await.len(),
        2,
        "with accent, both"
    );
    assert_eq!(
        found(&app, "vehicules").await,
        vec!["Les véhicules électriques"]
    );
    assert_eq!(found(&app, "batteries").await, vec!["Chimie"], "stemming");
    assert_eq!(found(&app, "froids").await, vec!["Chimie"], "in the body");
}

#[tokio::test]
async fn drafts_and_scheduled_articles_are_never_found() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let csrf = app.csrf().await;
    for (title, action, at) in [
        ("Brouillon hydrogène", "draft", ""),
        ("Programmé hydrogène", "schedule", "2099-01-01T10:00"),
    ] {
        let form = [
            ("csrf_token", csrf.as_str()),
            ("title", title),
            ("body", "Le texte parle d’hydrogène."),
            ("action", action),
            ("publish_at", at),
        ];
        let response = app.post_form("/admin/articles/new", &form).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{title} saved");
    }
    publish(&app, "Publié hydrogène", "Public.").await;
    assert_eq!(found(&app, "hydrogène").await, vec!["Publié hydrogène"]);
}

#[tokio::test]
async fn an_excerpt_marks_the_matches_and_escapes_what_the_author_typed() {
    let app = spawn_app().await;
    app.set_up_author().await;
    publish(
        &app,
        "Prix <em>batterie</em> & marges",
        "La batterie pèse <2 % de la R&D chez `<img src=x onerror=alert(1)>` Orvalle.\n\n<script>alert(2)</script>",
    )
    .await;
    let html = search(&app, "batterie", None).await.text().await.unwrap();
    assert_eq!(
        texts(&html, ".search-hit__title"),
        vec!["Prix <em>batterie</em> & marges"],
        "the title is shown as typed"
    );
    assert!(texts(&html, ".search-hit em, .search-hit img, .search-hit script").is_empty());
    assert_eq!(texts(&html, ".search-hit__excerpt mark"), vec!["batterie"]);
    let excerpt = &texts(&html, ".search-hit__excerpt")[0];
    assert!(excerpt.contains("pèse <2 % de la R&D"), "{excerpt}");
    assert!(!html.contains("<img src=x"));
}

#[tokio::test]
async fn odd_queries_are_answered_calmly() {
    let app = spawn_app().await;
    app.set_up_author().await;
    publish(&app, "Batteries « solides »", "Le « tout-solide » arrive.").await;
    for q in [
        "\"",
        "\"\"\"",
        "&|!:*()",
        "!!!",
        "a & b | !c",
        "'",
        "\\",
        "\0",
        "--",
        "-batterie",
        "or",
        "\"batterie",
        "<script>",
        "日本語",
        "🚗",
        "le la de",
        "batter*",
        "solide:*",
        "((batterie",
        "%",
        "é\u{301}lectrique",
    ] {
        let response = search(&app, q, None).await;
        assert_eq!(response.status(), StatusCode::OK, "q={q:?}");
        let html = response.text().await.unwrap();
        let outcome = texts(&html, ".search-count, .search-empty, .search-intro");
        assert_eq!(
            outcome.len(),
            1,
            "q={q:?}: results, none, or the form alone"
        );
    }
    assert_eq!(found(&app, "\"tout solide\"").await.len(), 1, "a phrase");
    assert!(
        found(&app, "batteries -solide").await.is_empty(),
        "a word left out"
    );
    assert_eq!(found(&app, "le la de").await.len(), 0, "stop words alone");
}

#[tokio::test]
async fn a_long_query_is_refused_on_the_page_with_the_text_kept() {
    let app = spawn_app().await;
    let long = "électrique ".repeat(19) + "abcdefghijk";
    assert_eq!(long.chars().count(), 220);
    let response = search(&app, &long, None).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = response.text().await.unwrap();
    assert_eq!(
        texts(&html, "#search-q-error"),
        vec!["La recherche est trop longue : 200 caractères au plus."]
    );
    let doc = scraper::Html::parse_document(&html);
    let input = scraper::Selector::parse("#search-q").unwrap();
    let value = doc.select(&input).next().unwrap().value().attr("value");
    assert_eq!(value, Some(long.as_str()), "what was typed is kept");
    let just_fits: String = long.chars().take(200).collect();
    assert_eq!(
        search(&app, &just_fits, None).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_empty_query_shows_the_form_and_no_results() {
    let app = spawn_app().await;
    for path in [
        "/search",
        "/search?q=",
        "/search?q=%20%20",
        "/search?page=2",
    ] {
        let html = app.page(path).await;
        assert_eq!(
            texts(&html, "main form[role=search] input[name=q]").len(),
            1
        );
        let results = texts(&html, ".search-count, .search-empty, .search-results");
        assert!(results.is_empty(), "{path}");
        assert_eq!(texts(&html, ".search-intro").len(), 1, "{path}");
    }
}

#[tokio::test]
async fn results_are_paginated_like_the_home_page() {
    let app = spawn_app_with(|s| s.site.articles_per_page = 2).await;
    app.set_up_author().await;
    for n in 1..=3 {
        publish(&app, &format!("Autonomie numéro {n}"), "Texte").await;
    }
    let first = search(&app, "autonomie", None).await.text().await.unwrap();
    assert_eq!(texts(&first, ".search-hit").len(), 2);
    assert_eq!(texts(&first, ".search-count"), vec!["3 articles trouvés"]);
    assert_eq!(
        attrs(&first, ".pagination a[rel=next]", "href"),
        vec!["/search?q=autonomie&page=2"]
    );
    let second = search(&app, "autonomie", Some("2"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(texts(&second, ".search-hit").len(), 1);
    assert_eq!(
        attrs(&second, ".pagination a[rel=prev]", "href"),
        vec!["/search?q=autonomie"],
        "back to page 1"
    );
    let past = search(&app, "autonomie", Some("3")).await;
    assert_eq!(past.status(), StatusCode::NOT_FOUND);
    for bad in ["0", "-1", "abc", "10001"] {
        let response = search(&app, "autonomie", Some(bad)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "page={bad}");
        assert!(response.text().await.unwrap().contains("Requête invalide"));
    }
}

#[tokio::test]
async fn every_page_has_a_search_box_in_its_header() {
    let mut app = spawn_app().await;
    publish_rich(&mut app).await;
    for path in [
        "/".to_owned(),
        format!("/articles/{RICH}"),
        format!("/series/{SERIES}"),
    ] {
        let html = app.page(&path).await;
        let doc = scraper::Html::parse_document(&html);
        let form = scraper::Selector::parse(
            "header form[role=search][method=get][action=\"/search\"] input[type=search][name=q]",
        )
        .unwrap();
        let input = doc.select(&form).next().expect("the header search box");
        let id = input.value().attr("id").unwrap();
        assert_eq!(
            texts(&html, &format!("header label[for={id}]")),
            vec!["Rechercher dans les articles"],
            "{path}: the box has a label"
        );
    }
}
