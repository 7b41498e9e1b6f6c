//! The author puts an image in an article's body from the editor; a reader sees the figure.

use std::time::Duration;

use fantoccini::Locator;

use crate::driver::Browser;
use crate::support::{AUTHOR_EMAIL, AUTHOR_PASSWORD, spawn_app};

const FIGURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/demo/images/figure-couts-distribution.png"
);

#[tokio::test]
async fn the_author_inserts_a_figure_with_the_button_and_a_reader_sees_it() {
    let app = spawn_app().await;
    app.set_up_author().await;

    let author = Browser::start().await;
    let c = &author.client;
    c.goto(&format!("{}/admin/login", app.address))
        .await
        .unwrap();
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys(AUTHOR_EMAIL)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(AUTHOR_PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form.stack button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css(".admin-nav"))
        .await
        .unwrap();

    c.goto(&format!("{}/admin/articles/new", app.address))
        .await
        .unwrap();
    c.find(Locator::Id("title"))
        .await
        .unwrap()
        .send_keys("Les coûts en images")
        .await
        .unwrap();
    let body = c.find(Locator::Id("body")).await.unwrap();
    body.send_keys("Un premier paragraphe.").await.unwrap();
    c.find(Locator::Id("body_image"))
        .await
        .unwrap()
        .send_keys(FIGURE)
        .await
        .unwrap();
    c.find(Locator::Id("body_image_alt"))
        .await
        .unwrap()
        .send_keys("Les coûts de distribution")
        .await
        .unwrap();
    c.find(Locator::Id("body_image_caption"))
        .await
        .unwrap()
        .send_keys("Part de chaque maillon")
        .await
        .unwrap();
    c.find(Locator::Css("[data-media-insert]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // The figure's Markdown lands in the body, whose live preview then shows the figure.
    let caption = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#preview figure figcaption"))
        .await
        .expect("the live preview shows the figure");
    assert_eq!(caption.text().await.unwrap(), "Part de chaque maillon");
    let text = body.prop("value").await.unwrap().unwrap_or_default();
    assert!(
        text.starts_with("Un premier paragraphe.\n\n![Les coûts de distribution](/media/")
            && text.ends_with(")\n*Part de chaque maillon*\n"),
        "{text:?}"
    );
    let alt = c.find(Locator::Id("body_image_alt")).await.unwrap();
    assert_eq!(alt.prop("value").await.unwrap().as_deref(), Some(""));

    c.find(Locator::Css("button[name=action][value=publish]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let flash = c.wait().for_element(Locator::Css(".flash")).await.unwrap();
    assert_eq!(flash.text().await.unwrap(), "Article publié.");

    let reader = Browser::start().await;
    let r = &reader.client;
    r.goto(&format!("{}/articles/les-couts-en-images", app.address))
        .await
        .unwrap();
    let img = r
        .find(Locator::Css(".article__body figure picture img"))
        .await
        .unwrap();
    assert_eq!(
        img.attr("alt").await.unwrap().as_deref(),
        Some("Les coûts de distribution")
    );
    assert_eq!(img.attr("width").await.unwrap().as_deref(), Some("1000"));
    assert_eq!(img.attr("height").await.unwrap().as_deref(), Some("560"));
    assert!(
        img.attr("srcset")
            .await
            .unwrap()
            .is_some_and(|set| set.contains(" 480w"))
    );
    let figcaption = r
        .find(Locator::Css(".article__body figure figcaption"))
        .await
        .unwrap();
    assert_eq!(figcaption.text().await.unwrap(), "Part de chaque maillon");

    reader.client.clone().close().await.unwrap();
    author.client.clone().close().await.unwrap();
}
