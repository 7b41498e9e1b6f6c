//! Every multipart admin form (the editor, the media library's upload and replace, the
//! subscribers' import, the WordPress import) is refused with a 403 before anything is read or
//! kept when its CSRF token is missing, wrong or sent after another field: the check lives in
//! the extractor, so no handler can forget it.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::support::{TestApp, spawn_app};

/// The multipart admin forms, each with its file field and what it would keep.
const FORMS: [(&str, &str, &str); 5] = [
    (
        "/admin/articles/new",
        "hero_image",
        "SELECT count(*) AS n FROM articles",
    ),
    ("/admin/media", "image", "SELECT count(*) AS n FROM images"),
    (
        "/admin/media/1/replace",
        "image",
        "SELECT count(*) AS n FROM images",
    ),
    (
        "/admin/subscribers/import",
        "file",
        "SELECT count(*) AS n FROM readers",
    ),
    (
        "/admin/import",
        "wxr",
        "SELECT count(*) AS n FROM import_runs",
    ),
];

fn file(field: &str) -> (String, Part) {
    let bytes = b"email\nlectrice@example.org\n".to_vec();
    (field.to_owned(), Part::bytes(bytes).file_name("a.csv"))
}

async fn send(app: &TestApp, path: &str, form: Form) -> StatusCode {
    app.post_multipart(path, form).await.status()
}

#[tokio::test]
async fn a_multipart_admin_form_without_its_token_first_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let csrf = app.csrf().await;
    for (path, field, kept) in FORMS {
        let before = app.count(kept).await;
        let (name, part) = file(field);
        let missing = Form::new().text("title", "Un titre").part(name, part);
        assert_eq!(
            send(&app, path, missing).await,
            StatusCode::FORBIDDEN,
            "{path}: none"
        );
        let (name, part) = file(field);
        let late = Form::new()
            .part(name, part)
            .text("csrf_token", csrf.clone());
        assert_eq!(
            send(&app, path, late).await,
            StatusCode::FORBIDDEN,
            "{path}: late"
        );
        let (name, part) = file(field);
        let wrong = Form::new().text("csrf_token", "faux").part(name, part);
        assert_eq!(
            send(&app, path, wrong).await,
            StatusCode::FORBIDDEN,
            "{path}: wrong"
        );
        assert_eq!(app.count(kept).await, before, "{path}: nothing kept");
    }
    let empty = Form::new();
    assert_eq!(
        send(&app, "/admin/media", empty).await,
        StatusCode::BAD_REQUEST,
        "a body without a part is not a form"
    );
    // With its token first, the same form goes through to its own checks.
    let (name, part) = file("file");
    let sent = Form::new()
        .text("csrf_token", csrf.clone())
        .text("mode", "consented")
        .text("reason", "Inscrits au salon")
        .part(name, part);
    let answered = send(&app, "/admin/subscribers/import", sent).await;
    assert!(
        answered.is_success() || answered.is_redirection(),
        "the import is taken: {answered}"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM readers").await,
        1,
        "and its subscriber kept"
    );
}

#[tokio::test]
async fn a_visitor_without_a_session_is_sent_to_log_in_and_nothing_is_read() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (path, field, kept) in FORMS {
        let before = app.count(kept).await;
        let (name, part) = file(field);
        let form = Form::new().text("csrf_token", "x").part(name, part);
        let response = client
            .post(format!("{}{path}", app.address))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/admin/login"), "{path}: {location}");
        assert_eq!(app.count(kept).await, before, "{path}");
    }
}
