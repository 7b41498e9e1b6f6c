//! The author's series: create, edit, refuse a taken address, and offer them in the editor.

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::support::{csrf_token, spawn_app, texts};

#[tokio::test]
async fn the_author_creates_and_edits_a_series() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let csrf = csrf_token(&app.page("/admin/series").await);
    let created = app
        .post_form(
            "/admin/series/new",
            &[
                ("csrf_token", &csrf),
                ("name", "Stratégies décodées"),
                ("description", "Une série."),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    assert_eq!(created.headers()[LOCATION], "/admin/series");
    let public = app.page("/series/strategies-decodees").await;
    assert_eq!(texts(&public, "h1"), vec!["Stratégies décodées"]);
    let editor = app.page("/admin/articles/new").await;
    assert!(texts(&editor, "#series option").contains(&"Stratégies décodées".to_owned()));

    let id = app.count("SELECT id AS n FROM series").await;
    let edited = app
        .post_form(
            &format!("/admin/series/{id}/edit"),
            &[
                ("csrf_token", &csrf),
                ("name", "Stratégies"),
                ("slug", "strategies"),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(edited.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/series/strategies").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_taken_address_a_bad_name_and_a_forged_token_are_refused() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let csrf = csrf_token(&app.page("/admin/series").await);
    app.post_form(
        "/admin/series/new",
        &[("csrf_token", &csrf), ("name", "Une série")],
    )
    .await;
    let taken = app
        .post_form(
            "/admin/series/new",
            &[("csrf_token", &csrf), ("name", "Une série")],
        )
        .await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = taken.text().await.unwrap();
    assert!(html.contains("déjà utilisée"));
    assert!(
        html.contains("value=\"Une série\""),
        "the typed name is kept"
    );
    let empty = app
        .post_form(
            "/admin/series/new",
            &[("csrf_token", &csrf), ("name", "  ")],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let forged = app
        .post_form(
            "/admin/series/new",
            &[("csrf_token", "forged"), ("name", "Piège")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/admin/series/999/edit").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM series").await, 1);
}
