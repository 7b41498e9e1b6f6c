//! The author's editor: create, publish, schedule, edit, delete, and every way to get it wrong.

use reqwest::StatusCode;
use reqwest::header::LOCATION;
use reqwest::multipart::{Form, Part};

use crate::support::site::{FIGURE_PNG as PNG, publish_site};
use crate::support::{TestApp, attrs, spawn_app, texts};

/// An app with the author logged in, and the CSRF token of the session.
pub(crate) async fn logged_in_app() -> (TestApp, String) {
    let app = spawn_app().await;
    app.set_up_author().await;
    let csrf = app.csrf().await;
    (app, csrf)
}

/// The article form with `title` and `action` filled in.
pub(crate) fn article_form(csrf: &str, title: &str, action: &str) -> Form {
    Form::new()
        .text("csrf_token", csrf.to_owned())
        .text("title", title.to_owned())
        .text("slug", "")
        .text("summary", "Un résumé.")
        .text("body", "## Première partie\n\nUn paragraphe.\n\n> [!NOTE]\n> 📌 **À retenir**\n>\n> - un point")
        .text("series", "")
        .text("source_url", "https://constructeur.example/rapport.pdf")
        .text("hero_alt", "")
        .text("action", action.to_owned())
        .text("publish_at", "")
}

#[tokio::test]
async fn a_draft_stays_private_and_publishing_makes_it_public() {
    let (app, csrf) = logged_in_app().await;
    let response = app
        .post_multipart(
            "/admin/articles/new",
            article_form(&csrf, "Twingo électrique", "draft"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let edit = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(edit.starts_with("/admin/articles/") && edit.ends_with("/edit"));
    assert_eq!(
        app.get("/articles/twingo-electrique").await.status(),
        StatusCode::NOT_FOUND
    );
    let list = app.page("/admin/articles").await;
    assert!(texts(&list, ".status").contains(&"Brouillon".to_owned()));
    let online = "a[href='/articles/twingo-electrique']";
    assert!(
        attrs(&app.page(&edit).await, online, "href").is_empty(),
        "a draft has no public page"
    );

    let response = app
        .post_multipart(&edit, article_form(&csrf, "Twingo électrique", "publish"))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let editor = app.page(&edit).await;
    assert!(
        editor.contains("Article publié."),
        "the flash message confirms"
    );
    assert_eq!(
        texts(&editor, online),
        ["Voir l’article en ligne"],
        "the editor links to the page just published"
    );
    let html = app.page("/articles/twingo-electrique").await;
    assert_eq!(texts(&html, "h1"), vec!["Twingo électrique"]);
    assert!(html.contains("class=\"callout callout-note\""));
}

#[tokio::test]
async fn editing_a_published_article_keeps_its_publication_date() {
    let (app, csrf) = logged_in_app().await;
    app.post_multipart(
        "/admin/articles/new",
        article_form(&csrf, "Date stable", "publish"),
    )
    .await;
    app.count("SELECT count(*) AS n FROM articles").await;
    let mut conn = app.pool.get().await.unwrap();
    use diesel_async::RunQueryDsl;
    diesel::sql_query("UPDATE articles SET published_at = '2026-01-02T03:04:05Z'")
        .execute(&mut conn)
        .await
        .unwrap();
    let id = app.count("SELECT id AS n FROM articles").await;
    app.post_multipart(
        &format!("/admin/articles/{id}/edit"),
        article_form(&csrf, "Date stable, titre revu", "publish"),
    )
    .await;
    assert_eq!(app.count("SELECT count(*) AS n FROM articles WHERE published_at = '2026-01-02T03:04:05Z' AND title = 'Date stable, titre revu'").await, 1);
}

#[tokio::test]
async fn a_duplicate_slug_comes_back_with_a_message_and_the_typed_fields() {
    let (app, csrf) = logged_in_app().await;
    app.post_multipart(
        "/admin/articles/new",
        article_form(&csrf, "Même titre", "publish"),
    )
    .await;
    let response = app
        .post_multipart(
            "/admin/articles/new",
            article_form(&csrf, "Même titre", "publish"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(
        texts(&html, ".field-error")
            .contains(&"Cette adresse est déjà utilisée par un autre article.".to_owned())
    );
    assert!(html.contains("value=\"Même titre\""));
    assert!(html.contains("Un paragraphe."), "the body typed is kept");
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 1);
}

#[tokio::test]
async fn a_file_that_is_not_an_image_is_refused_and_nothing_is_written() {
    let (app, csrf) = logged_in_app().await;
    let form = article_form(&csrf, "Avec image", "publish").part(
        "hero_image",
        Part::bytes(b"<script>alert(1)</script>".to_vec())
            .file_name("photo.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let response = app.post_multipart("/admin/articles/new", form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("n’est pas une image acceptée")
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 0);
    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 0);
}

#[tokio::test]
async fn a_hero_image_needs_its_alt_text_then_is_stored_once() {
    let (app, csrf) = logged_in_app().await;
    let without_alt = article_form(&csrf, "Avec image", "publish")
        .part("hero_image", Part::bytes(PNG.to_vec()).file_name("a.png"));
    let response = app.post_multipart("/admin/articles/new", without_alt).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("Décrivez l’image"));
    let form = article_form(&csrf, "Avec image", "publish")
        .text("hero_alt", "Un graphique")
        .part("hero_image", Part::bytes(PNG.to_vec()).file_name("a.png"));
    assert_eq!(
        app.post_multipart("/admin/articles/new", form)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let html = app.page("/articles/avec-image").await;
    assert!(html.contains("alt=\"Un graphique\" width=\"1000\" height=\"560\""));
    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 1);
}

#[tokio::test]
async fn oversized_images_bodies_and_requests_are_refused() {
    let (app, csrf) = logged_in_app().await;
    let big = vec![0u8; 9 * 1024 * 1024];
    let form = article_form(&csrf, "Trop lourd", "publish")
        .part("hero_image", Part::bytes(big).file_name("big.png"));
    let response = app.post_multipart("/admin/articles/new", form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("L’image est trop grande")
    );
    let long_body = "a".repeat(200_001);
    let response = app
        .post_form(
            "/admin/articles/new",
            &[
                ("csrf_token", &csrf),
                ("title", "Long"),
                ("body", &long_body),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("dépasse la longueur autorisée")
    );
    let huge = Form::new()
        .text("csrf_token", csrf.clone())
        .text("title", "Énorme")
        .text("body", "a".repeat(1_500_000));
    let response = app.post_multipart("/admin/articles/new", huge).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Envoi trop volumineux")
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 0);
}

#[tokio::test]
async fn a_wrong_csrf_token_writes_nothing() {
    let (app, _) = logged_in_app().await;
    let response = app
        .post_multipart(
            "/admin/articles/new",
            article_form("forged", "Piège", "publish"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = app
        .post_form(
            "/admin/articles/new",
            &[("title", "Piège"), ("action", "publish")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 0);
}

#[tokio::test]
async fn every_bad_field_is_reported_beside_it() {
    let (app, csrf) = logged_in_app().await;
    let long_title = "t".repeat(201);
    let response = app
        .post_form(
            "/admin/articles/new",
            &[
                ("csrf_token", &csrf),
                ("title", &long_title),
                ("slug", "Pas Valide"),
                ("series", "999"),
                ("source_url", "javascript:alert(1)"),
                ("action", "schedule"),
                ("publish_at", "hier"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let errors = texts(&response.text().await.unwrap(), ".field-error");
    assert_eq!(errors.len(), 4, "{errors:?}");
    let unknown_series = app
        .post_form(
            "/admin/articles/new",
            &[
                ("csrf_token", &csrf),
                ("title", "Série fantôme"),
                ("series", "999"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(unknown_series.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown_series
            .text()
            .await
            .unwrap()
            .contains("Cette série n’existe pas.")
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 0);
}

#[tokio::test]
async fn a_scheduled_article_is_published_by_the_worker_once_due() {
    let (app, csrf) = logged_in_app().await;
    let response = app
        .post_form(
            "/admin/articles/new",
            &[
                ("csrf_token", &csrf),
                ("title", "À paraître"),
                ("body", "Bientôt."),
                ("action", "schedule"),
                ("publish_at", "2099-06-01T08:00"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT count(*) AS n FROM articles WHERE status = 'scheduled' AND publish_at = '2099-06-01T06:00:00Z'").await, 1, "typed in Paris time");
    let early = sillage::worker::publish_step(
        &app.pool,
        chrono::Utc::now(),
        std::time::Duration::from_secs(30),
    )
    .await
    .unwrap();
    assert_eq!(early.0, 0);
    assert_eq!(
        app.get("/articles/a-paraitre").await.status(),
        StatusCode::NOT_FOUND
    );
    let due: chrono::DateTime<chrono::Utc> = "2099-06-01T06:00:01Z".parse().unwrap();
    let (first, second) = tokio::join!(
        sillage::worker::publish_step(&app.pool, due, std::time::Duration::from_secs(30)),
        sillage::worker::publish_step(&app.pool, due, std::time::Duration::from_secs(30)),
    );
    assert_eq!(
        first.unwrap().0 + second.unwrap().0,
        1,
        "two workers publish it once"
    );
    assert_eq!(
        app.get("/articles/a-paraitre").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_schedule_in_the_past_is_refused() {
    let (app, csrf) = logged_in_app().await;
    let response = app
        .post_form(
            "/admin/articles/new",
            &[
                ("csrf_token", &csrf),
                ("title", "Trop tard"),
                ("action", "schedule"),
                ("publish_at", "2020-01-01T10:00"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("doit être dans le futur")
    );
}

#[tokio::test]
async fn deleting_asks_for_confirmation_and_checks_the_token() {
    let (app, csrf) = logged_in_app().await;
    app.publish("À supprimer", "Texte", &[]).await;
    let id = app.count("SELECT id AS n FROM articles").await;
    let confirm = app.page(&format!("/admin/articles/{id}/delete")).await;
    assert!(confirm.contains("Supprimer définitivement"));
    let forged = app
        .post_form(
            &format!("/admin/articles/{id}/delete"),
            &[("csrf_token", "forged")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/articles/a-supprimer").await.status(),
        StatusCode::OK
    );
    let response = app
        .post_form(
            &format!("/admin/articles/{id}/delete"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(response.headers()[LOCATION], "/admin/articles");
    assert_eq!(
        app.get("/articles/a-supprimer").await.status(),
        StatusCode::NOT_FOUND
    );
    let again = app
        .post_form(
            &format!("/admin/articles/{id}/delete"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn malformed_and_unknown_ids_are_not_found() {
    let (app, _) = logged_in_app().await;
    for path in [
        "/admin/articles/abc/edit",
        "/admin/articles/999/edit",
        "/admin/articles/-1/delete",
        "/admin/articles/99999999999999999999/edit",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_preview_renders_sanitised_markdown() {
    let (app, csrf) = logged_in_app().await;
    let body = "## Titre\n\n<script>alert(1)</script>\n\n[lien](javascript:alert(1)) <img src=x onerror=alert(1)>";
    let response = app
        .post_form("/admin/preview", &[("csrf_token", &csrf), ("body", body)])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("<h2 id=\"titre\">Titre</h2>"));
    assert!(
        !html.contains("<script") && !html.contains("javascript:") && !html.contains("onerror"),
        "{html}"
    );
    let forged = app
        .post_form("/admin/preview", &[("csrf_token", "x"), ("body", "a")])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_dashboard_counts_articles_by_status() {
    let mut app = spawn_app().await;
    publish_site(&mut app).await;
    app.set_up_author().await;
    let html = app.page("/admin").await;
    assert!(
        texts(&html, ".stats li").iter().any(|s| s == "3 Publiés"),
        "{:?}",
        texts(&html, ".stats li")
    );
}
