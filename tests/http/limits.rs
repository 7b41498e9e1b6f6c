//! Anti-abuse limits under concurrency: 50 requests at once stop exactly at each limit, as the
//! database counts them.

use futures_util::future::join_all;
use reqwest::StatusCode;

use crate::support::articles::{DISCUSSED, publish_discussed};
use crate::support::{
    AUTHOR_EMAIL, AUTHOR_PASSWORD, TestApp, csrf_token, csrf_token_named, new_client,
    spawn_app_with,
};

const PARALLEL: usize = 50;

/// The statuses of `PARALLEL` POSTs of `form(i)` to `path`, each from its own client, all at
/// once.
async fn all_at_once(
    app: &TestApp,
    path: &str,
    form: impl Fn(usize) -> Vec<(String, String)>,
) -> Vec<StatusCode> {
    all_at_once_with(app, path, "", form).await
}

/// [`all_at_once`], each request carrying the `cookie` header (empty: none).
async fn all_at_once_with(
    app: &TestApp,
    path: &str,
    cookie: &str,
    form: impl Fn(usize) -> Vec<(String, String)>,
) -> Vec<StatusCode> {
    let requests = (0..PARALLEL).map(|i| {
        let request = new_client()
            .post(format!("{}{path}", app.address))
            .form(&form(i));
        if cookie.is_empty() {
            request.send()
        } else {
            request.header(reqwest::header::COOKIE, cookie).send()
        }
    });
    join_all(requests)
        .await
        .into_iter()
        .map(|response| response.expect("POST").status())
        .collect()
}

fn tally(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn fifty_parallel_logins_check_exactly_five_passwords_of_one_account() {
    let app = spawn_app_with(|_| {}).await;
    app.set_up_author().await;
    let statuses = all_at_once(&app, "/admin/login", |_| {
        pairs(&[("email", AUTHOR_EMAIL), ("password", "pas le bon")])
    })
    .await;
    assert_eq!(
        tally(&statuses, StatusCode::UNAUTHORIZED),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        tally(&statuses, StatusCode::TOO_MANY_REQUESTS),
        PARALLEL - 5
    );
    let sql = format!("SELECT count(*) AS n FROM login_failures WHERE email = '{AUTHOR_EMAIL}'");
    assert_eq!(app.count(&sql).await, 5);
    let right = new_client()
        .post(format!("{}/admin/login", app.address))
        .form(&[("email", AUTHOR_EMAIL), ("password", AUTHOR_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS, "held back");
}

#[tokio::test]
async fn fifty_parallel_logins_from_one_network_stop_at_its_limit() {
    let app = spawn_app_with(|s| s.security.login_max_failures_per_network = 12).await;
    app.set_up_author().await;
    let statuses = all_at_once(&app, "/admin/login", |i| {
        pairs(&[
            ("email", &format!("inconnu{i}@example.org")),
            ("password", "pas le bon"),
        ])
    })
    .await;
    assert_eq!(
        tally(&statuses, StatusCode::UNAUTHORIZED),
        12,
        "{statuses:?}"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM login_failures").await,
        12
    );
}

#[tokio::test]
async fn fifty_parallel_comments_from_one_network_store_exactly_the_limit() {
    let mut app = spawn_app_with(|s| {
        s.comments.min_form_seconds = 0;
    })
    .await;
    publish_discussed(&mut app).await;
    let article = DISCUSSED;
    // A cached page's stamp travels in its cookie: every browser of the burst holds it.
    let response = app.get(&format!("/articles/{article}")).await;
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            value
                .split(';')
                .next()
                .filter(|pair| pair.starts_with(sillage::web::form_stamp::STAMP_COOKIE))
        })
        .expect("the page sets its stamp cookie")
        .to_owned();
    let stamp = csrf_token_named(&response.text().await.unwrap(), "form_ts");
    let statuses = all_at_once_with(
        &app,
        &format!("/articles/{article}/comments"),
        &cookie,
        |i| {
            pairs(&[
                ("form_ts", &stamp),
                ("author_name", &format!("Lecteur {i}")),
                ("author_email", &format!("lecteur{i}@example.org")),
                ("body", &format!("Commentaire numéro {i}.")),
            ])
        },
    )
    .await;
    assert_eq!(tally(&statuses, StatusCode::SEE_OTHER), 5, "{statuses:?}");
    assert_eq!(
        tally(&statuses, StatusCode::TOO_MANY_REQUESTS),
        PARALLEL - 5
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM comments").await, 5);
}

#[tokio::test]
async fn fifty_parallel_signups_from_one_network_stop_at_its_limit() {
    let app = spawn_app_with(|s| s.newsletter.min_form_seconds = 0).await;
    let stamp = csrf_token_named(&app.page("/newsletter").await, "form_ts");
    let statuses = all_at_once(&app, "/newsletter", |i| {
        pairs(&[
            ("form_ts", &stamp),
            ("email", &format!("abonne{i}@example.org")),
        ])
    })
    .await;
    assert_eq!(tally(&statuses, StatusCode::SEE_OTHER), 20, "{statuses:?}");
    assert_eq!(
        app.count("SELECT count(*) AS n FROM signup_attempts").await,
        20
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM readers").await, 20);
}

#[tokio::test]
async fn the_password_change_form_is_throttled_like_the_login() {
    let app = spawn_app_with(|_| {}).await;
    app.set_up_author().await;
    let csrf = csrf_token(&app.page("/admin/password").await);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let response = app
            .post_form(
                "/admin/password",
                &[
                    ("csrf_token", csrf.as_str()),
                    ("current_password", "faux mot de passe"),
                    ("new_password", "un nouveau mot de passe"),
                    ("new_password_confirm", "un nouveau mot de passe"),
                ],
            )
            .await;
        statuses.push(response.status());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let html = response.text().await.unwrap();
            assert!(html.contains("Trop de tentatives"), "{html}");
        }
    }
    assert_eq!(statuses[..5], [StatusCode::UNPROCESSABLE_ENTITY; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM login_failures").await,
        5
    );
}
