//! The author's account: first-run setup, login, throttling, sessions, CSRF, password change.

use reqwest::StatusCode;
use reqwest::header::{LOCATION, ORIGIN, SET_COOKIE};

use crate::support::{
    AUTHOR_EMAIL, AUTHOR_PASSWORD, csrf_token_named, new_client, spawn_app, spawn_app_with, texts,
};

/// The stamp of the setup form, as a browser loading the page gets it.
async fn setup_stamp(app: &crate::support::TestApp) -> String {
    csrf_token_named(&app.page("/admin/setup").await, "form_ts")
}

#[tokio::test]
async fn the_setup_page_opens_only_while_no_author_exists() {
    let app = spawn_app().await;
    // A second tab opened on the setup page before the account was made.
    let second_tab = setup_stamp(&app).await;
    let login = app.get("/admin/login").await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    assert_eq!(login.headers()[LOCATION], "/admin/setup");
    assert!(
        app.page("/admin/setup")
            .await
            .contains("name=\"display_name\"")
    );
    app.set_up_author().await;
    let dashboard = app.page("/admin").await;
    assert!(
        dashboard.contains("Bienvenue\u{202f}!"),
        "the flash message greets the author"
    );
    assert_eq!(
        app.get("/admin/setup").await.headers()[LOCATION],
        "/admin/login"
    );
    let second = app
        .post_form(
            "/admin/setup",
            &[
                ("form_ts", &second_tab),
                ("email", "intrus@example.org"),
                ("display_name", "Intrus"),
                ("password", "0123456789ab"),
                ("password_confirm", "0123456789ab"),
            ],
        )
        .await;
    assert_eq!(second.headers()[LOCATION], "/admin/login");
    assert_eq!(app.count("SELECT count(*) AS n FROM authors").await, 1);
}

#[tokio::test]
async fn a_bad_setup_form_comes_back_with_its_errors_and_creates_nothing() {
    let app = spawn_app().await;
    let stamp = setup_stamp(&app).await;
    let response = app
        .post_form(
            "/admin/setup",
            &[
                ("form_ts", &stamp),
                ("email", "pas-une-adresse"),
                ("display_name", "Claire"),
                ("password", "court"),
                ("password_confirm", "court"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(
        texts(&html, ".field-error")
            .iter()
            .any(|e| e.contains("adresse e-mail valide"))
    );
    assert!(
        texts(&html, ".field-error")
            .iter()
            .any(|e| e.contains("au moins 10 caractères"))
    );
    assert!(html.contains("value=\"Claire\""), "what was typed is kept");
    assert_eq!(app.count("SELECT count(*) AS n FROM authors").await, 0);
}

#[tokio::test]
async fn admin_pages_send_anonymous_visitors_to_the_login_page() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let anonymous = crate::support::new_client();
    for path in [
        "/admin",
        "/admin/articles",
        "/admin/articles/new",
        "/admin/articles/1/edit",
        "/admin/password",
    ] {
        let response = anonymous
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(
            response.headers()[LOCATION]
                .to_str()
                .unwrap()
                .starts_with("/admin/login?next=/admin")
        );
    }
    let post = anonymous
        .post(format!("{}/admin/articles/new", app.address))
        .form(&[("title", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 0);
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_the_address_kept() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let other = crate::support::TestApp {
        client: new_client(),
        ..app
    };
    let response = other.log_in("pas le bon mot de passe").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let html = response.text().await.unwrap();
    assert!(html.contains("Adresse e-mail ou mot de passe incorrect."));
    assert!(html.contains(&format!("value=\"{AUTHOR_EMAIL}\"")));
    let unknown = other
        .post_form(
            "/admin/login",
            &[
                ("email", "personne@example.org"),
                ("password", AUTHOR_PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        unknown.status(),
        StatusCode::UNAUTHORIZED,
        "an unknown account answers the same"
    );
    assert_eq!(
        other.get("/admin").await.status(),
        StatusCode::SEE_OTHER,
        "still logged out"
    );
}

#[tokio::test]
async fn a_login_sets_a_fresh_http_only_session_cookie_and_honours_next() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let browser = crate::support::TestApp {
        client: new_client(),
        ..app
    };
    let response = browser
        .post_form(
            "/admin/login",
            &[
                ("email", "  Claire@Example.ORG "),
                ("password", AUTHOR_PASSWORD),
                ("next", "/admin/articles"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[LOCATION], "/admin/articles");
    let cookie = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("sillage_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(browser.get("/admin").await.status(), StatusCode::OK);
    let foreign = browser
        .post_form(
            "/admin/login",
            &[
                ("email", AUTHOR_EMAIL),
                ("password", AUTHOR_PASSWORD),
                ("next", "https://evil.example"),
            ],
        )
        .await;
    assert_eq!(
        foreign.headers()[LOCATION],
        "/admin",
        "next never leaves the admin"
    );
    assert_eq!(
        browser.count("SELECT count(*) AS n FROM sessions").await,
        2,
        "the setup session and the last login's; the one it replaced is gone"
    );
}

#[tokio::test]
async fn repeated_failures_hold_the_account_back_even_with_the_right_password() {
    let app = spawn_app_with(|s| s.security.login_max_failures_per_account = 3).await;
    app.set_up_author().await;
    let other = crate::support::TestApp {
        client: new_client(),
        ..app
    };
    for _ in 0..3 {
        assert_eq!(
            other.log_in("mauvais mot de passe").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let held = other.log_in(AUTHOR_PASSWORD).await;
    assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(held.text().await.unwrap().contains("Trop de tentatives"));
    assert_eq!(
        other
            .count("SELECT count(*) AS n FROM login_failures WHERE client_network = '127.0.0.0/24'")
            .await,
        3,
        "only the truncated address is stored"
    );
}

#[tokio::test]
async fn failures_from_one_address_range_are_throttled_across_accounts() {
    let app = spawn_app_with(|s| s.security.login_max_failures_per_network = 2).await;
    for n in 0..2 {
        app.post_form(
            "/admin/login",
            &[
                ("email", &format!("x{n}@example.org")),
                ("password", "nimporte quoi"),
            ],
        )
        .await;
    }
    let held = app
        .post_form(
            "/admin/login",
            &[
                ("email", "autre@example.org"),
                ("password", "nimporte quoi"),
            ],
        )
        .await;
    assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn logout_needs_the_csrf_token_and_ends_the_session() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let wrong = app
        .post_form("/admin/logout", &[("csrf_token", "forged")])
        .await;
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    assert!(wrong.text().await.unwrap().contains("Action refusée"));
    assert_eq!(
        app.get("/admin").await.status(),
        StatusCode::OK,
        "still logged in"
    );
    let csrf = app.csrf().await;
    let response = app
        .post_form("/admin/logout", &[("csrf_token", &csrf)])
        .await;
    assert_eq!(response.headers()[LOCATION], "/admin/login");
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT count(*) AS n FROM sessions").await, 0);
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_session() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let laptop = crate::support::TestApp {
        client: new_client(),
        ..app
    };
    laptop.log_in(AUTHOR_PASSWORD).await;
    let csrf = laptop.csrf().await;
    laptop
        .post_form(
            "/admin/logout",
            &[("csrf_token", &csrf), ("everywhere", "1")],
        )
        .await;
    assert_eq!(laptop.count("SELECT count(*) AS n FROM sessions").await, 0);
}

#[tokio::test]
async fn changing_the_password_ends_all_sessions_and_the_new_one_works() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let csrf = app.csrf().await;
    let mismatch = app
        .post_form(
            "/admin/password",
            &[
                ("csrf_token", &csrf),
                ("current_password", "faux mot de passe"),
                ("new_password", "nouveau secret 2026"),
                ("new_password_confirm", "nouveau secret 2026"),
            ],
        )
        .await;
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        mismatch
            .text()
            .await
            .unwrap()
            .contains("Le mot de passe actuel est incorrect.")
    );
    let response = app
        .post_form(
            "/admin/password",
            &[
                ("csrf_token", &csrf),
                ("current_password", AUTHOR_PASSWORD),
                ("new_password", "nouveau secret 2026"),
                ("new_password_confirm", "nouveau secret 2026"),
            ],
        )
        .await;
    assert_eq!(response.headers()[LOCATION], "/admin/login");
    assert_eq!(app.count("SELECT count(*) AS n FROM sessions").await, 0);
    assert_eq!(app.get("/admin").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.log_in(AUTHOR_PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.log_in("nouveau secret 2026").await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_post_from_a_foreign_origin_is_refused() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let csrf = app.csrf().await;
    let response = app
        .client
        .post(format!("{}/admin/logout", app.address))
        .header(ORIGIN, "https://evil.example")
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let same = app
        .client
        .post(format!("{}/admin/logout", app.address))
        .header(ORIGIN, app.address.clone())
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::SEE_OTHER);
}
