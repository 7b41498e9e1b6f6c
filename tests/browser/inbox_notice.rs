//! The comment inbox in a browser: each reply box folded until its "Répondre" is opened, an
//! approval answered by a notice in view with its undo, the undo putting the comment back, and
//! axe-core finding nothing wrong on the way.

use fantoccini::{Client, Locator};

use crate::body_images::log_in;
use crate::driver::Browser;
use crate::quality::axe_violations;
use crate::support::articles::{DISCUSSED as ARTICLE, publish_discussed};
use crate::support::tools::axe_js;
use crate::support::{eventually, forms, new_client, spawn_app_with};

/// How many reply boxes show, and whether the notice is whole on the screen.
const SEEN: &str = "
const shown = Array.from(document.querySelectorAll('.inbox textarea')).filter(t => t.checkVisibility()).length;
const notice = document.getElementById('moderated');
const box = notice && notice.getBoundingClientRect();
return [shown, !!box && box.top >= 0 && box.bottom <= window.innerHeight];";

async fn seen(c: &Client) -> (u64, bool) {
    serde_json::from_value(c.execute(SEEN, vec![]).await.unwrap()).unwrap()
}

/// Clicks `css`, then waits for the page whose address holds `landing`.
async fn click(c: &Client, css: &str, landing: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    eventually(landing, async || {
        c.current_url().await.unwrap().as_str().contains(landing)
    })
    .await;
}

/// The notice's words, its spaces (no-break ones too) as plain spaces.
async fn notice(c: &Client) -> String {
    let found = c.wait().for_element(Locator::Css("#moderated p")).await;
    let text = found.unwrap().text().await.unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_inbox_folds_its_reply_boxes_and_answers_an_approval_in_view_with_an_undo() {
    let axe = std::fs::read_to_string(axe_js()).expect("axe-core's script reads");
    let mut app = spawn_app_with(|s| s.comments.min_form_seconds = 0).await;
    publish_discussed(&mut app).await;
    app.set_up_author().await;
    for body in [
        "Première question",
        "Deuxième question",
        "Troisième question",
    ] {
        let response = forms::post_comment(&app, &new_client(), ARTICLE, &[("body", body)]).await;
        assert_eq!(response.status(), 303, "{body}");
    }

    let browser = Browser::start().await;
    let c = &browser.client;
    log_in(c, &app.address).await;
    c.goto(&format!("{}/admin/comments", app.address))
        .await
        .unwrap();
    assert_eq!(
        seen(c).await,
        (0, false),
        "every reply box folded, no notice"
    );
    let violations = axe_violations(c, &axe).await;
    assert!(violations.is_empty(), "inbox: {violations:#?}");

    click(
        c,
        ".inbox__item:first-child form[action$='/approve'] button",
        "done=approve",
    )
    .await;
    assert_eq!(notice(c).await, "Commentaire approuvé.");
    assert_eq!(seen(c).await, (0, true), "the notice is in view");
    assert_eq!(
        c.find_all(Locator::Css(".inbox__item"))
            .await
            .unwrap()
            .len(),
        2
    );
    let violations = axe_violations(c, &axe).await;
    assert!(violations.is_empty(), "notice: {violations:#?}");

    click(c, "#moderated button", "done=undo").await;
    assert_eq!(
        notice(c).await,
        "Action annulée : le commentaire est revenu dans cet onglet."
    );
    assert_eq!(
        c.find_all(Locator::Css(".inbox__item"))
            .await
            .unwrap()
            .len(),
        3
    );

    c.find(Locator::Css(
        ".inbox__item:first-child details.inbox__reply > summary",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    assert_eq!(
        seen(c).await.0,
        1,
        "one reply box opened, the others folded"
    );
}
