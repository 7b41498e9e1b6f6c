//! wpDiscuz's mail links after the import (tests/fixtures/wordpress): an old unsubscribe link
//! leads to Sillage's own unfollow page, whose button stops the follow; a wrong, unknown or
//! garbled one gets a page that says so and changes nothing; an old confirmation link activates
//! nothing; its follow, bulk-management and delete-comments links say in French how to do it
//! here and change nothing; importing again keeps each link once.

use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, LOCATION};

use crate::import::import_fixture;
use crate::support::tools::assert_valid_html;
use crate::support::{TestApp, attrs, spawn_app, texts};

/// The unsubscribe link wpDiscuz mailed for subscription `id`.
fn old_link(id: &str, key: &str) -> String {
    format!("/wpdiscuzsubscription/unsubscribe/?wpdiscuzSubscribeID={id}&key={key}")
}

/// Subscription 1 (lecteur@example.org, `post` on the Renault article) and its key.
const LECTEUR: (&str, &str) = ("1", "5f4dcc3b5aa765d61d8327deb882cf99");
/// Subscription 3 (jean@example.org, `comment`) and its key.
const JEAN: (&str, &str) = ("3", "d8578edf8458ce06fbc5bb76a58c5ca4");

/// How many follows of `email` have `status`.
async fn follows(app: &TestApp, email: &str, status: &str) -> i64 {
    app.count(&format!(
        "SELECT count(*) AS n FROM follows f JOIN readers r ON r.id = f.reader_id \
         WHERE r.email = '{email}' AND f.status = '{status}'"
    ))
    .await
}

async fn active_follows(app: &TestApp) -> i64 {
    app.count("SELECT count(*) AS n FROM follows WHERE status = 'active'")
        .await
}

#[tokio::test]
async fn an_old_unsubscribe_link_leads_to_the_unfollow_button_that_stops_the_follow() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    let response = app.get(&old_link(LECTEUR.0, LECTEUR.1)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[CACHE_CONTROL], "no-store");
    let to = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(to.starts_with("/follows/unsubscribe/"), "{to}");
    assert_eq!(
        follows(&app, "lecteur@example.org", "active").await,
        1,
        "opening the link changes nothing"
    );

    let page = app.page(&to).await;
    assert_eq!(texts(&page, "h1"), ["Ne plus suivre cette discussion"]);
    assert_eq!(attrs(&page, "form[method=post]", "action"), [to.as_str()]);
    let done = app.post_form(&to, &[]).await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(texts(&done.text().await.unwrap(), "h1"), ["Suivi arrêté"]);
    assert_eq!(follows(&app, "lecteur@example.org", "stopped").await, 1);
    assert_eq!(active_follows(&app).await, 2, "the others still follow");
}

#[tokio::test]
async fn wrong_unknown_or_garbled_old_links_get_a_page_and_change_nothing() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    let not_found = [
        old_link(LECTEUR.0, JEAN.1),
        old_link(LECTEUR.0, &LECTEUR.1.to_uppercase()),
        old_link(LECTEUR.0, &LECTEUR.1[..31]),
        old_link("999", LECTEUR.1),
        // The unconfirmed subscription: it became nothing here.
        old_link("2", "e99a18c428cb38d5f260853678922e03"),
    ];
    let bad_request = [
        "/wpdiscuzsubscription/unsubscribe/".to_owned(),
        format!("/wpdiscuzsubscription/unsubscribe/?key={}", LECTEUR.1),
        "/wpdiscuzsubscription/unsubscribe/?wpdiscuzSubscribeID=1".to_owned(),
        old_link("abc", LECTEUR.1),
        old_link("-1", LECTEUR.1),
        old_link("99999999999999999999999", LECTEUR.1),
        old_link("1", "%FF%FE"),
        old_link("1", "x%27%20OR%201%3D1--"),
        format!("{}&key=other", old_link(LECTEUR.0, LECTEUR.1)),
        "/wpdiscuzsubscription/unsubscribe/?%%%&&==".to_owned(),
    ];
    let cases = not_found
        .iter()
        .map(|path| (path, StatusCode::NOT_FOUND))
        .chain(
            bad_request
                .iter()
                .map(|path| (path, StatusCode::BAD_REQUEST)),
        );
    for (path, status) in cases {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let page = response.text().await.unwrap();
        assert_eq!(
            texts(&page, "h1"),
            ["Lien de désabonnement non valide"],
            "{path}"
        );
        assert!(page.contains("«\u{a0}Ne plus la suivre\u{a0}»"), "{path}");
    }
    assert_eq!(active_follows(&app).await, 3);
}

#[tokio::test]
async fn the_link_of_an_erased_reader_no_longer_opens_anything() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    app.execute("DELETE FROM readers WHERE email = 'lecteur@example.org'")
        .await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM wpdiscuz_links").await,
        2
    );
    let response = app.get(&old_link(LECTEUR.0, LECTEUR.1)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_old_confirmation_link_activates_nothing() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    for query in [
        "?wpdiscuzConfirmID=2&wpdiscuzConfirmKey=e99a18c428cb38d5f260853678922e03&wpDiscuzComfirm=yes",
        "?wpdiscuzConfirmID=zz",
        "",
    ] {
        let response = app
            .get(&format!("/wpdiscuzsubscription/confirm/{query}"))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{query}");
        let page = response.text().await.unwrap();
        assert_eq!(texts(&page, "h1"), ["Adresse à confirmer de nouveau"]);
    }
    assert_eq!(
        app.count("SELECT count(*) AS n FROM readers WHERE email = 'pas.confirme@example.org'")
            .await,
        0
    );
    assert_eq!(active_follows(&app).await, 3);
}

#[tokio::test]
async fn importing_again_keeps_each_link_once_and_it_still_works() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    import_fixture(&app).await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM wpdiscuz_links").await,
        3
    );
    let response = app.get(&old_link(JEAN.0, JEAN.1)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_old_link_also_opens_a_follow_the_reader_already_had_here() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    // Jean's follow as if he had made it here: no trace of his subscription's import.
    app.execute("DELETE FROM wordpress_items WHERE kind = 'subscription' AND wp_id = 3")
        .await;
    app.execute("DELETE FROM wpdiscuz_links WHERE wp_id = 3")
        .await;
    import_fixture(&app).await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM follows").await,
        3,
        "no second follow"
    );
    let to = app.get(&old_link(JEAN.0, JEAN.1)).await;
    assert_eq!(to.status(), StatusCode::SEE_OTHER);
    let to = to.headers()[LOCATION].to_str().unwrap().to_owned();
    app.post_form(&to, &[]).await;
    assert_eq!(follows(&app, "jean@example.org", "stopped").await, 1);
    assert_eq!(active_follows(&app).await, 2);
}

#[tokio::test]
async fn the_links_migration_reverts_and_importing_again_refills_it() {
    use diesel_async::SimpleAsyncConnection;
    let app = spawn_app().await;
    import_fixture(&app).await;
    let migration = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations/2026-12-03-170000_wpdiscuz_links"
    );
    let read = |name: &str| std::fs::read_to_string(format!("{migration}/{name}")).unwrap();
    let mut conn = app.pool.get().await.unwrap();
    conn.batch_execute(&read("down.sql")).await.unwrap();
    conn.batch_execute(&read("up.sql")).await.unwrap();
    drop(conn);
    let link = old_link(LECTEUR.0, LECTEUR.1);
    assert_eq!(app.get(&link).await.status(), StatusCode::NOT_FOUND);
    import_fixture(&app).await;
    assert_eq!(app.get(&link).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(active_follows(&app).await, 3);
}

#[tokio::test]
async fn the_other_old_links_say_in_french_how_to_do_it_here_and_change_nothing() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    let comments = "SELECT count(*) AS n FROM comments WHERE status <> 'trash'";
    let before = (active_follows(&app).await, app.count(comments).await);
    for (path, status, heading, how) in [
        (
            "/wpdiscuzsubscription/follow/?wpdiscuzFollowID=4&wpdiscuzFollowKey=0cc175b9c0f1b6a831c399e269772661&wpDiscuzComfirm=1",
            StatusCode::GONE,
            "On ne suit plus un membre ici",
            "Notification pour",
        ),
        (
            "/wpdiscuzsubscription/follow/?wpdiscuzFollowID=4&wpdiscuzFollowKey=0cc175b9c0f1b6a831c399e269772661&wpDiscuzComfirm=0",
            StatusCode::GONE,
            "On ne suit plus un membre ici",
            "rien n’a été fait",
        ),
        (
            "/wpdiscuzsubscription/bulkmanagement/?key=5f4dcc3b5aa765d61d8327deb882cf99&email=lecteur%40example.org",
            StatusCode::OK,
            "Gérer vos abonnements",
            "Vos discussions suivies et préférences",
        ),
        (
            "/wpdiscuzsubscription/deletecomments/?key=5f4dcc3b5aa765d61d8327deb882cf99&email=jean%40example.org",
            StatusCode::OK,
            "Effacer vos commentaires",
            "aucun commentaire n’a été effacé",
        ),
        (
            "/wpdiscuzsubscription/deletecomments/?%FF=%27;--",
            StatusCode::OK,
            "Effacer vos commentaires",
            "effacer vos données",
        ),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(response.headers()[CACHE_CONTROL], "no-store", "{path}");
        let page = response.text().await.unwrap();
        assert_eq!(texts(&page, "h1"), [heading], "{path}");
        assert!(page.contains(how), "{path}: {page}");
    }
    assert_eq!(
        (active_follows(&app).await, app.count(comments).await),
        before,
        "a GET changes nothing"
    );
}

#[tokio::test]
async fn the_old_link_pages_are_valid_html() {
    let app = spawn_app().await;
    let mut pages = Vec::new();
    for path in [
        old_link("999", LECTEUR.1),
        "/wpdiscuzsubscription/confirm/".to_owned(),
        "/wpdiscuzsubscription/follow/".to_owned(),
        "/wpdiscuzsubscription/bulkmanagement/".to_owned(),
        "/wpdiscuzsubscription/deletecomments/".to_owned(),
    ] {
        pages.push(app.get(&path).await.text().await.unwrap());
    }
    assert_valid_html(&pages);
}
