//! A discussion in real browsers: a reader comments from the keyboard and sees the pending
//! notice, the author approves, another reader with the page open sees the comment arrive
//! without reloading; an inline comment on a selected passage gets its marker once approved.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, Locator};

use crate::driver::Browser;
use crate::support::articles::{DISCUSSED, publish_discussed};
use crate::support::{TestApp, csrf_token, spawn_app_with};

const ARTICLE: &str = DISCUSSED;

async fn app() -> TestApp {
    let mut app = spawn_app_with(|s| {
        s.comments.min_form_seconds = 0;
        s.comments.live_poll_seconds = 1;
    })
    .await;
    publish_discussed(&mut app).await;
    app
}

async fn type_into(c: &Client, css: &str, text: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} is on the page"))
        .send_keys(text)
        .await
        .unwrap();
}

/// Waits until `css` matches a displayed element.
async fn shown(c: &Client, css: &str) -> fantoccini::elements::Element {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(element) = c.find(Locator::Css(css)).await
            && element.is_displayed().await.unwrap_or(false)
        {
            return element;
        }
        assert!(Instant::now() < deadline, "{css} never showed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Fills the guest fields and sends the form.
async fn send_comment(c: &Client, body: &str) {
    type_into(c, "#comment-body", body).await;
    type_into(c, "#comment-name", "Léa Dupont").await;
    type_into(c, "#comment-email", "lea@example.org").await;
    c.find(Locator::Css("#comment-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The author logs in (over HTTP) and approves every waiting comment from the inbox.
async fn author_approves_all(app: &TestApp) {
    app.set_up_author().await;
    let inbox = app.page("/admin/comments").await;
    let csrf = csrf_token(&inbox);
    for id in crate::support::attrs(&inbox, ".inbox__item", "id") {
        let id = id.trim_start_matches("comment-");
        let response = app
            .post_form(
                &format!("/admin/comments/{id}/approve"),
                &[("csrf_token", &csrf)],
            )
            .await;
        assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn a_comment_posted_from_the_keyboard_waits_then_appears_live_for_another_reader() {
    let app = app().await;
    let url = format!("{}/articles/{ARTICLE}", app.address);
    let writer = Browser::start().await;
    let w = &writer.client;
    w.goto(&url).await.unwrap();
    shown(w, "a.bubble[role=button]")
        .await
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    shown(w, "#comments.comments--panel").await;
    send_comment(w, "Merci pour ce comparatif très clair.").await;
    let notice = shown(w, ".comment--pending .comment__pending").await;
    assert!(
        notice
            .text()
            .await
            .unwrap()
            .contains("En attente de modération")
    );

    let other = Browser::start().await;
    let o = &other.client;
    o.goto(&url).await.unwrap();
    o.execute("window.stillTheSamePage = true;", vec![])
        .await
        .unwrap();
    assert!(o.find(Locator::Css(".comment-list")).await.is_err());

    author_approves_all(&app).await;

    let show_new = shown(o, ".comments__show-new").await;
    assert_eq!(
        o.find(Locator::Css(".bubble__count"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "1"
    );
    show_new.click().await.unwrap();
    let arrived = shown(o, ".comment-list .comment__body").await;
    assert_eq!(
        arrived.text().await.unwrap(),
        "Merci pour ce comparatif très clair."
    );
    let same = o
        .execute("return window.stillTheSamePage === true;", vec![])
        .await
        .unwrap();
    assert_eq!(same.as_bool(), Some(true), "no reload happened");
    writer.client.clone().close().await.unwrap();
    other.client.clone().close().await.unwrap();
}

#[tokio::test]
async fn an_inline_comment_on_a_selected_passage_shows_its_marker_once_approved() {
    let app = app().await;
    let url = format!("{}/articles/{ARTICLE}", app.address);
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&url).await.unwrap();
    // From the keyboard: the form's list of paragraphs quotes one, and the quote can go again.
    let list = shown(c, "#comment-passage").await;
    list.send_keys(&char::from(Key::Down).to_string())
        .await
        .unwrap();
    let whole = shown(c, "#comment-quote .comment-form__quote-text").await;
    assert!(!whole.text().await.unwrap().is_empty());
    shown(c, "#comment-quote .inline-remove")
        .await
        .click()
        .await
        .unwrap();
    assert!(
        !c.find(Locator::Css("#comment-quote"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap()
    );
    // The reader selects the first words of a paragraph, as with a mouse.
    let picked = c
        .execute(
            r#"
            var p = document.querySelector(".article__body p[id^='p-']");
            var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            var node = walker.nextNode();
            while (node && node.nodeValue.trim().length < 30) { node = walker.nextNode(); }
            var range = document.createRange();
            range.setStart(node, 0);
            range.setEnd(node, 24);
            var selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            p.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
            return [p.id, selection.toString().replace(/\s+/g, " ").trim()];
            "#,
            vec![],
        )
        .await
        .unwrap();
    let paragraph = picked[0].as_str().unwrap().to_owned();
    let quote = picked[1].as_str().unwrap().to_owned();
    shown(c, ".inline-select").await.click().await.unwrap();
    let shown_quote = shown(c, "#comment-quote .comment-form__quote-text").await;
    assert_eq!(shown_quote.text().await.unwrap(), quote);
    let focused = c.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("comment-body"),
        "the form is ready to type in"
    );
    send_comment(c, "Ce passage mérite une source.").await;
    shown(c, ".comment--pending .comment__quote").await;
    assert!(
        c.find(Locator::Css(".inline-marker")).await.is_err(),
        "no marker while the comment waits"
    );

    author_approves_all(&app).await;
    c.goto(&url).await.unwrap();
    let marker = shown(c, &format!("#{paragraph} .inline-marker")).await;
    assert_eq!(marker.text().await.unwrap(), "1");
    marker.click().await.unwrap();
    let entry = shown(c, "#inline-comments .inline-comment").await;
    let text = entry.text().await.unwrap();
    assert!(
        text.contains(&quote) && text.contains("Ce passage mérite une source."),
        "{text}"
    );
    browser.client.clone().close().await.unwrap();
}
