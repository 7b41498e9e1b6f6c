//! The welcome email's editor: preview, bad input, save, then a confirmation that brings the
//! edited welcome; reset goes back to the default.

use reqwest::StatusCode;

use crate::subscribers::status_of;
use crate::support::{csrf_token, path_of, spawn_app_with_smtp, texts};

#[tokio::test]
async fn an_edited_welcome_is_what_a_new_subscriber_receives() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    let page = app.page("/admin/subscribers/welcome").await;
    assert!(
        page.contains("value=\"Bienvenue dans la newsletter — Sillage\""),
        "the default subject"
    );
    assert!(
        texts(&page, "#preview-body")[0]
            .contains("Votre abonnement à la newsletter de Sillage est confirmé"),
        "the default body is previewed"
    );
    let csrf = csrf_token(&page);

    let preview = app
        .post_form(
            "/admin/subscribers/welcome",
            &[
                ("csrf_token", &csrf),
                ("subject", "Essai"),
                ("body", "Un **aperçu** <script>alert(1)</script>"),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(preview.status(), StatusCode::OK);
    let preview = preview.text().await.unwrap();
    assert!(preview.contains("<strong>aperçu</strong>"), "{preview}");
    assert!(!preview.contains("<script>alert"), "sanitised");
    assert_eq!(texts(&preview, "#preview-subject"), ["Essai"]);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM email_texts").await,
        0,
        "a preview saves nothing"
    );

    for (subject, body, field) in [
        ("", "Corps", "subject"),
        ("Deux\nlignes", "Corps", "subject"),
        (&"x".repeat(201), "Corps", "subject"),
        ("Objet", "   ", "body"),
        ("Objet", &"y".repeat(20_001), "body"),
    ] {
        let response = app
            .post_form(
                "/admin/subscribers/welcome",
                &[
                    ("csrf_token", &csrf),
                    ("subject", subject),
                    ("body", body),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        let page = response.text().await.unwrap();
        assert_eq!(texts(&page, &format!("#{field}-error")).len(), 1, "{field}");
    }
    assert_eq!(app.count("SELECT count(*) AS n FROM email_texts").await, 0);
    let forged = app
        .post_form(
            "/admin/subscribers/welcome",
            &[
                ("csrf_token", "forged"),
                ("subject", "x"),
                ("body", "y"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    let saved = app
        .post_form(
            "/admin/subscribers/welcome",
            &[
                ("csrf_token", &csrf),
                ("subject", "Bienvenue chez nous"),
                (
                    "body",
                    "Ravie de vous compter parmi nous.\n\n**Premier rendez-vous** lundi.",
                ),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page = app.page("/admin/subscribers/welcome").await;
    assert!(page.contains("value=\"Bienvenue chez nous\""));

    let add = app.page("/admin/subscribers/new").await;
    let response = app
        .post_form(
            "/admin/subscribers/new",
            &[
                ("csrf_token", &csrf_token(&add)),
                ("email", "nouvelle@example.org"),
                ("name", "Nina"),
                ("mode", "confirm"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let mails = sink.wait_for(1).await;
    let confirm = path_of(&mails[0].link("/newsletter/confirm/"));
    app.post_form(&confirm, &[]).await;
    assert_eq!(status_of(&app, "nouvelle@example.org").await, "subscribed");
    let mails = sink.wait_for(2).await;
    let welcome = &mails[1];
    assert_eq!(welcome.to, ["nouvelle@example.org"]);
    assert_eq!(welcome.parsed().subject().unwrap(), "Bienvenue chez nous");
    let text = welcome.text();
    assert!(text.contains("Bonjour Nina"), "{text}");
    assert!(text.contains("Ravie de vous compter parmi nous."), "{text}");
    let html = welcome.parsed().body_html(0).unwrap().into_owned();
    assert!(
        html.contains("<strong>Premier rendez-vous</strong>"),
        "{html}"
    );
    assert!(
        welcome
            .link("/newsletter/unsubscribe/")
            .contains("/newsletter/unsubscribe/")
    );

    let reset = app
        .post_form(
            "/admin/subscribers/welcome",
            &[("csrf_token", &csrf), ("action", "reset")],
        )
        .await;
    assert_eq!(reset.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT count(*) AS n FROM email_texts").await, 0);
}
