//! A reader rates an article with the keyboard and sees the figures change without a reload.

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::driver::Browser;
use crate::support::articles::{DISCUSSED, publish_discussed};
use crate::support::spawn_app_with;

#[tokio::test]
async fn a_reader_rates_with_the_keyboard_without_a_reload() {
    let mut app = spawn_app_with(|_| {}).await;
    publish_discussed(&mut app).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}/articles/{DISCUSSED}", app.address))
        .await
        .unwrap();
    // A marker that a reload would wipe out.
    c.execute("window.notReloaded = true;", vec![])
        .await
        .unwrap();
    let summary = c.find(Locator::Css("[data-rating-summary]")).await.unwrap();
    assert!(summary.text().await.unwrap().starts_with("Aucun vote"));
    let group = c
        .find(Locator::Css(".rating__stars[role=radiogroup]"))
        .await
        .expect("the stars became a radio group");
    assert_eq!(
        group
            .find_all(Locator::Css("[role=radio]"))
            .await
            .unwrap()
            .len(),
        5
    );

    let first = c.find(Locator::Css(".rating__star")).await.unwrap();
    let arrows = format!(
        "{}{}{}",
        char::from(Key::Right),
        char::from(Key::Right),
        char::from(Key::Right)
    );
    first.send_keys(&arrows).await.unwrap();
    let focused = c.active_element().await.unwrap();
    assert_eq!(
        focused.attr("value").await.unwrap().as_deref(),
        Some("4"),
        "the arrows moved to the fourth star"
    );
    focused
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();

    c.wait()
        .for_element(Locator::XPath(
            "//*[@data-rating-summary][contains(., '4,0 · 1 vote')]",
        ))
        .await
        .expect("the figures change in place");
    let checked = c
        .find(Locator::Css(".rating__star[aria-checked=true]"))
        .await
        .unwrap();
    assert_eq!(checked.attr("value").await.unwrap().as_deref(), Some("4"));
    let still_here = c
        .execute("return window.notReloaded === true;", vec![])
        .await
        .unwrap();
    assert_eq!(
        still_here,
        serde_json::Value::Bool(true),
        "no reload happened"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM ratings WHERE stars = 4")
            .await,
        1
    );
    browser.client.clone().close().await.unwrap();
}
