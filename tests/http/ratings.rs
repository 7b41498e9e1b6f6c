//! Article ratings: one vote per reader, honest numbers under concurrency, bad input refused.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, COOKIE, LOCATION, SET_COOKIE};

use crate::support::articles::{DISCUSSED, DISCUSSED_TITLE, publish_as_author, publish_discussed};
use crate::support::{TestApp, new_client, spawn_app_with, texts};

const ARTICLE: &str = DISCUSSED;
/// A second article, for what is counted per article.
const OTHER: &str = "le-modele-d-agence";
const OTHER_TITLE: &str = "Le modèle d’agence en trois chiffres";

/// An app with two published articles, [`ARTICLE`] and [`OTHER`], where one address range may
/// make `limit` new votes a day.
async fn app_with_two_articles(limit: i64) -> TestApp {
    let mut app = spawn_app_with(|s| s.security.rating_new_votes_per_network_per_day = limit).await;
    publish_discussed(&mut app).await;
    let body = "## La commission\n\nL’agent touche une commission fixe par voiture livrée.";
    publish_as_author(&mut app, OTHER, OTHER_TITLE, body).await;
    app
}

fn rating_path(slug: &str) -> String {
    format!("/articles/{slug}/rating")
}

async fn votes(app: &TestApp) -> i64 {
    app.count("SELECT count(*) AS n FROM ratings").await
}

#[tokio::test]
async fn without_javascript_a_vote_redirects_back_to_the_new_figures() {
    let app = app_with_two_articles(50).await;
    let empty = app.page(&format!("/articles/{ARTICLE}")).await;
    assert_eq!(
        texts(&empty, "#rating-title"),
        vec!["Évaluation de l’article"]
    );
    assert_eq!(texts(&empty, ".rating__star").len(), 5);
    assert!(texts(&empty, ".rating__summary")[0].starts_with("Aucun vote"));

    let response = app
        .post_form(&rating_path(ARTICLE), &[("stars", "2")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[LOCATION],
        format!("/articles/{ARTICLE}#rating")
    );
    let cookie = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("sillage_reader="))
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));

    let other = TestApp {
        client: new_client(),
        ..app
    };
    other
        .post_form(&rating_path(ARTICLE), &[("stars", "3")])
        .await;
    let html = other.page(&format!("/articles/{ARTICLE}")).await;
    assert_eq!(texts(&html, ".rating__summary"), vec!["2,5 · 2 votes"]);
    assert!(
        texts(&html, ".rating__mine")[0].contains("3/5"),
        "the reader sees their own vote"
    );
    assert_eq!(votes(&other).await, 2);
    assert_eq!(
        other
            .count("SELECT count(*) AS n FROM ratings WHERE client_network = '127.0.0.0/24'")
            .await,
        2,
        "only the truncated address is stored"
    );
}

#[tokio::test]
async fn voting_again_changes_the_vote_and_never_adds_one() {
    let app = app_with_two_articles(50).await;
    for stars in ["5", "1", "4"] {
        app.post_form(&rating_path(ARTICLE), &[("stars", stars)])
            .await;
    }
    assert_eq!(votes(&app).await, 1);
    assert_eq!(app.count("SELECT stars::bigint AS n FROM ratings").await, 4);
}

#[tokio::test]
async fn the_widget_gets_json_with_the_locale_formatted_figures() {
    let app = app_with_two_articles(50).await;
    let response = app
        .client
        .post(format!("{}{}", app.address, rating_path(ARTICLE)))
        .header(ACCEPT, "application/json")
        .form(&[("stars", "4")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let answer: serde_json::Value = response.json().await.unwrap();
    assert_eq!(answer["rating"]["summary"], "4,0 · 1 vote");
    assert_eq!(answer["rating"]["mine"], 4);
    assert_eq!(answer["rating"]["count"], 1);
    let bad = app
        .client
        .post(format!("{}{}", app.address, rating_path(ARTICLE)))
        .header(ACCEPT, "application/json")
        .form(&[("stars", "9")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(answer["error"], "Choisissez une note de 1 à 5 étoiles.");
}

#[tokio::test]
async fn bad_votes_are_refused_with_a_message_and_record_nothing() {
    let app = app_with_two_articles(50).await;
    for stars in ["0", "6", "abc", "", "2.5", "-3"] {
        let response = app
            .post_form(&rating_path(ARTICLE), &[("stars", stars)])
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "stars={stars:?}"
        );
        let html = response.text().await.unwrap();
        assert!(
            html.contains("Choisissez une note de 1 à 5 étoiles."),
            "stars={stars:?}"
        );
        assert_eq!(texts(&html, "h1").len(), 1, "the article page comes back");
    }
    let missing = app.post_form(&rating_path(ARTICLE), &[]).await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for slug in ["inconnu", "Pas-Un-Slug"] {
        assert_eq!(
            app.post_form(&rating_path(slug), &[("stars", "3")])
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
    }
    app.set_up_author().await;
    let csrf = app.csrf().await;
    app.post_form(
        "/admin/articles/new",
        &[
            ("csrf_token", &csrf),
            ("title", "Brouillon"),
            ("action", "draft"),
        ],
    )
    .await;
    assert_eq!(
        app.post_form(&rating_path("brouillon"), &[("stars", "3")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(votes(&app).await, 0);
}

#[tokio::test]
async fn a_forged_reader_cookie_is_not_believed() {
    let app = app_with_two_articles(50).await;
    let response = app
        .client
        .post(format!("{}{}", app.address, rating_path(ARTICLE)))
        .header(
            COOKIE,
            "sillage_reader=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.forged",
        )
        .form(&[("stars", "5")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("sillage_reader=")),
        "a new identity is issued"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM ratings WHERE reader_id = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn one_address_range_is_limited_but_its_voters_may_change_their_minds() {
    let app = app_with_two_articles(2).await;
    let first = new_client();
    for client in [&first, &new_client()] {
        let response = client
            .post(format!("{}{}", app.address, rating_path(ARTICLE)))
            .form(&[("stars", "5")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let third = new_client()
        .post(format!("{}{}", app.address, rating_path(ARTICLE)))
        .form(&[("stars", "5")])
        .send()
        .await
        .unwrap();
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        third
            .text()
            .await
            .unwrap()
            .contains("Trop de votes depuis votre réseau")
    );
    let change = first
        .post(format!("{}{}", app.address, rating_path(ARTICLE)))
        .form(&[("stars", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        change.status(),
        StatusCode::SEE_OTHER,
        "changing a vote is always allowed"
    );
    assert_eq!(votes(&app).await, 2);
    let elsewhere = new_client()
        .post(format!("{}{}", app.address, rating_path(OTHER)))
        .form(&[("stars", "5")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        elsewhere.status(),
        StatusCode::SEE_OTHER,
        "the limit is per article"
    );
}

#[tokio::test]
async fn two_hundred_readers_voting_at_once_count_two_hundred() {
    let app = app_with_two_articles(1000).await;
    let url = format!("{}{}", app.address, rating_path(ARTICLE));
    let requests = (0..200).map(|i| {
        let url = url.clone();
        async move {
            let stars = (i % 5 + 1).to_string();
            new_client()
                .post(url)
                .form(&[("stars", stars.as_str())])
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    let statuses = futures_util::future::join_all(requests).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "{statuses:?}"
    );
    assert_eq!(votes(&app).await, 200);
    let html = app.page(&format!("/articles/{ARTICLE}")).await;
    assert_eq!(texts(&html, ".rating__summary"), vec!["3,0 · 200 votes"]);
}

#[tokio::test]
async fn fifty_votes_at_once_by_one_reader_count_one() {
    let app = app_with_two_articles(1000).await;
    let first = app.post_form(&rating_path(OTHER), &[("stars", "3")]).await;
    let cookie = first
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("sillage_reader="))
        .unwrap();
    let pair = cookie.split(';').next().unwrap().to_owned();
    let url = format!("{}{}", app.address, rating_path(ARTICLE));
    let requests = (0..50).map(|i| {
        let (url, pair) = (url.clone(), pair.clone());
        async move {
            let stars = (i % 5 + 1).to_string();
            new_client()
                .post(url)
                .header(COOKIE, pair)
                .form(&[("stars", stars.as_str())])
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    let statuses = futures_util::future::join_all(requests).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "{statuses:?}"
    );
    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM ratings r JOIN articles a ON a.id = r.article_id WHERE a.slug = '{ARTICLE}'")).await, 1);
}

#[tokio::test]
async fn the_admin_list_shows_ratings_and_sorts_by_them() {
    let app = app_with_two_articles(50).await;
    for (slug, stars) in [(ARTICLE, "2"), (OTHER, "5")] {
        new_client()
            .post(format!("{}{}", app.address, rating_path(slug)))
            .form(&[("stars", stars)])
            .send()
            .await
            .unwrap();
    }
    app.set_up_author().await;
    let html = app.page("/admin/articles?sort=rating").await;
    let titles = texts(&html, ".admin-table tbody td:first-child");
    assert!(titles[0].starts_with(OTHER_TITLE), "{titles:?}");
    assert!(titles[1].starts_with(DISCUSSED_TITLE), "{titles:?}");
    assert!(
        texts(&html, ".rating-cell")
            .iter()
            .any(|c| c.starts_with("5,0 · 1 vote"))
    );
    assert!(
        html.contains("<progress max=\"1\" value=\"1\">"),
        "the distribution is drawn"
    );
}

fn article_json_ld(html: &str) -> serde_json::Value {
    texts(html, "script[type=\"application/ld+json\"]")
        .iter()
        .map(|text| serde_json::from_str::<serde_json::Value>(text).unwrap())
        .find(|value| value["@type"] == "Article")
        .expect("an Article JSON-LD block")
}

#[tokio::test]
async fn the_article_json_ld_carries_the_aggregate_rating_once_rated() {
    let app = app_with_two_articles(50).await;
    let before = app.page(&format!("/articles/{ARTICLE}")).await;
    assert!(
        article_json_ld(&before).get("aggregateRating").is_none(),
        "no rating without votes"
    );
    for stars in ["2", "3"] {
        new_client()
            .post(format!("{}{}", app.address, rating_path(ARTICLE)))
            .form(&[("stars", stars)])
            .send()
            .await
            .unwrap();
    }
    let after = app.page(&format!("/articles/{ARTICLE}")).await;
    let rating = &article_json_ld(&after)["aggregateRating"];
    assert_eq!(rating["@type"], "AggregateRating");
    assert_eq!(rating["ratingValue"], 2.5);
    assert_eq!(rating["ratingCount"], 2);
    assert_eq!(rating["bestRating"], 5);
}
