//! The comment bubble: a keyboard-operable button that opens the comments and gives focus back,
//! and that shows new approved comments while the page is open.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::driver::Browser;
use crate::support::articles::{DISCUSSED, publish_discussed};
use crate::support::spawn_app_with;

/// The bubble's accessible text (its visible count and the words for screen readers).
async fn bubble_name(c: &fantoccini::Client) -> String {
    let text = c
        .execute(
            "return document.querySelector('a.bubble').textContent;",
            vec![],
        )
        .await
        .unwrap();
    text.as_str()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn the_bubble_opens_with_the_keyboard_closes_on_escape_and_counts_live() {
    let mut app = spawn_app_with(|s| {
        s.comments.live_poll_seconds = 1;
    })
    .await;
    publish_discussed(&mut app).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/articles/{DISCUSSED}", app.address))
        .await
        .unwrap();
    let bubble = c
        .find(Locator::Css("a.bubble[role=button]"))
        .await
        .expect("the bubble became a button");
    assert_eq!(
        bubble.attr("aria-expanded").await.unwrap().as_deref(),
        Some("false")
    );
    assert!(bubble_name(c).await.contains("0 Commentaires"));

    bubble
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    let panel = c
        .find(Locator::Css("#comments.comments--panel"))
        .await
        .expect("the panel opens");
    assert!(panel.is_displayed().await.unwrap());
    let focused = c.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("comments-title"),
        "focus moves into the panel"
    );
    assert_eq!(
        bubble.attr("aria-expanded").await.unwrap().as_deref(),
        Some("true")
    );

    // The open panel is a dialog that keeps the focus: Shift+Tab from its heading goes to its
    // last stop, Tab from there back to its first (the close button), never to the page.
    assert_eq!(panel.attr("role").await.unwrap().as_deref(), Some("dialog"));
    let inside = "return document.getElementById('comments').contains(document.activeElement)";
    focused
        .send_keys(&(char::from(Key::Shift).to_string() + &char::from(Key::Tab).to_string()))
        .await
        .unwrap();
    assert_eq!(
        c.execute(inside, vec![]).await.unwrap(),
        true,
        "Shift+Tab stays in"
    );
    c.active_element()
        .await
        .unwrap()
        .send_keys(&char::from(Key::Tab).to_string())
        .await
        .unwrap();
    let first = c.active_element().await.unwrap();
    assert_eq!(
        first.attr("class").await.unwrap().as_deref(),
        Some("comments__close"),
        "Tab from the last stop goes back to the first"
    );
    first
        .send_keys(&char::from(Key::Escape).to_string())
        .await
        .unwrap();
    assert!(
        c.find(Locator::Css("#comments.comments--panel"))
            .await
            .is_err(),
        "Esc closes it"
    );
    let back = c.active_element().await.unwrap();
    assert_eq!(
        back.attr("class")
            .await
            .unwrap()
            .as_deref()
            .map(|k| k.contains("bubble")),
        Some(true),
        "focus goes back to the bubble"
    );

    {
        use diesel_async::RunQueryDsl;
        let mut conn = app.pool.get().await.unwrap();
        diesel::sql_query(format!(
            "INSERT INTO comments (article_id, author_name, author_email, body_markdown, body_html, status, client_network, approved_at) \
             SELECT id, 'Léa', 'lea@example.org', 'Bravo', '<p>Bravo</p>', 'approved', '127.0.0.0/24', now() FROM articles WHERE slug = '{DISCUSSED}'"),
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let count = c
            .find(Locator::Css(".bubble__count"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if count == "1" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new comment never showed in the bubble"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let label = bubble_name(c).await;
    assert!(label.contains("1 Commentaire"), "{label}");
    browser.client.clone().close().await.unwrap();
}
