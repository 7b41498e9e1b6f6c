//! Counting from the page's beacon (`analytics.mode = "beacon"`): pages carry a signed token,
//! `POST /a` counts it by the same rules as a page the server answers, and nothing else counts.

use reqwest::StatusCode;
use reqwest::header::{ORIGIN, USER_AGENT};

use super::{FIREFOX, from_source, views};
use crate::support::analytics::{ANALYSED, spawn_beacon_app};
use crate::support::{TestApp, attrs, spawn_app};

async fn beacon(app: &TestApp, form: &[(&str, &str)], headers: &[(&str, &str)]) -> StatusCode {
    let mut request = reqwest::Client::new()
        .post(format!("{}/a", app.address))
        .form(form);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap().status()
}

async fn token_of(app: &TestApp, path: &str) -> Option<String> {
    let page = reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .header(USER_AGENT, FIREFOX)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    attrs(&page, "body", "data-view").pop()
}

#[tokio::test]
async fn a_pages_beacon_counts_its_view_once_and_nothing_else_does() {
    let app = spawn_beacon_app().await;
    let article = &format!("/articles/{ANALYSED}");

    let token = token_of(&app, article)
        .await
        .expect("the page carries its token");
    assert_eq!(
        token_of(&app, "/articles/inconnu").await,
        None,
        "not for a 404"
    );
    assert_eq!(
        token_of(&app, "/admin/login").await,
        None,
        "nor for the admin"
    );
    let home = token_of(&app, "/?page=1").await.expect("the home page's");

    let origin = app.address.as_str();
    let reader = [(USER_AGENT.as_str(), FIREFOX), (ORIGIN.as_str(), origin)];
    let from_google = [
        ("v", token.as_str()),
        ("r", "https://www.google.fr/search?q=batteries"),
        ("q", ""),
    ];
    assert_eq!(
        beacon(&app, &from_google, &reader).await,
        StatusCode::NO_CONTENT
    );
    let robot = [
        (
            USER_AGENT.as_str(),
            "Mozilla/5.0 (compatible; Googlebot/2.1)",
        ),
        (ORIGIN.as_str(), origin),
    ];
    assert_eq!(
        beacon(&app, &[("v", &token)], &robot).await,
        StatusCode::NO_CONTENT,
        "taken, not counted"
    );
    let forged = format!("{article}.AAAA");
    assert_eq!(
        beacon(&app, &[("v", &forged)], &reader).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        beacon(&app, &[("r", "x")], &reader).await,
        StatusCode::BAD_REQUEST,
        "no token"
    );
    assert_eq!(
        beacon(&app, &[("v", &token)], &[(USER_AGENT.as_str(), FIREFOX)]).await,
        StatusCode::FORBIDDEN,
        "no origin: not sent by a page"
    );
    let foreign = [
        (USER_AGENT.as_str(), FIREFOX),
        (ORIGIN.as_str(), "https://ailleurs.example"),
    ];
    assert_eq!(
        beacon(&app, &[("v", &token)], &foreign).await,
        StatusCode::FORBIDDEN
    );
    // The last beacon: once it is written, everything before it is too.
    let campaign = [
        ("v", home.as_str()),
        ("r", ""),
        ("q", "utm_source=newsletter"),
    ];
    assert_eq!(
        beacon(&app, &campaign, &reader).await,
        StatusCode::NO_CONTENT
    );
    crate::support::eventually("the counts were written", async || {
        views(&app, "/").await.0 > 0
    })
    .await;

    assert_eq!(
        views(&app, article).await,
        (1, 1),
        "the beacon's view only: the pages answered were not counted"
    );
    assert_eq!(views(&app, "/").await, (1, 1));
    assert_eq!(views(&app, "/articles/inconnu").await, (0, 0));
    assert_eq!(from_source(&app, article, "search:google.fr").await, 1);
    assert_eq!(from_source(&app, "/", "newsletter:newsletter").await, 1);
}

#[tokio::test]
async fn without_the_beacon_mode_pages_carry_no_token_and_a_beacon_finds_nothing() {
    let app = spawn_app().await;
    assert_eq!(token_of(&app, "/").await, None);
    let reader = [
        (USER_AGENT.as_str(), FIREFOX),
        (ORIGIN.as_str(), app.address.as_str()),
    ];
    assert_eq!(
        beacon(&app, &[("v", "/.AAAA")], &reader).await,
        StatusCode::NOT_FOUND
    );
}
