//! The author puts an image in an article's body from the editor; a reader sees the figure.

use std::time::Duration;

use fantoccini::Locator;

use crate::driver::Browser;
use crate::support::{AUTHOR_EMAIL, AUTHOR_PASSWORD, spawn_app};

const FIGURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/images/figure-bars.png"
);

/// Logs the author in through the login page.
pub(crate) async fn log_in(c: &fantoccini::Client, address: &str) {
    c.goto(&format!("{address}/admin/login")).await.unwrap();
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
}

#[tokio::test]
async fn the_author_inserts_a_figure_with_the_button_and_a_reader_sees_it() {
    let app = spawn_app().await;
    app.set_up_author().await;

    let author = Browser::start().await;
    let c = &author.client;
    log_in(c, &app.address).await;

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

/// Gives the body an image as a drop or a paste would (`arguments[1]` is the event's type),
/// then says how many files the image field holds, what has focus and what the editor says.
const GIVE_IMAGE: &str = r#"
const [b64, kind] = arguments;
const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const data = new DataTransfer();
data.items.add(new File([bytes], 'figure.png', { type: 'image/png' }));
const init = { bubbles: true, cancelable: true };
const event = kind === 'drop'
  ? new DragEvent('drop', { ...init, dataTransfer: data })
  : new ClipboardEvent('paste', { ...init, clipboardData: data });
document.getElementById('body').dispatchEvent(event);
return [document.getElementById('body_image').files.length, document.activeElement.id,
  document.querySelector('[data-media-status]').textContent];
"#;

#[tokio::test]
async fn a_dropped_or_pasted_image_waits_for_its_alt_text_then_goes_in() {
    use base64::Engine;

    let app = spawn_app().await;
    app.set_up_author().await;
    let author = Browser::start().await;
    let c = &author.client;
    log_in(c, &app.address).await;
    c.goto(&format!("{}/admin/articles/new", app.address))
        .await
        .unwrap();
    let png = base64::engine::general_purpose::STANDARD.encode(std::fs::read(FIGURE).unwrap());
    for kind in ["paste", "drop"] {
        let given = c
            .execute(GIVE_IMAGE, vec![png.clone().into(), kind.into()])
            .await
            .unwrap();
        let (files, focused, status): (u32, String, String) =
            serde_json::from_value(given).unwrap();
        assert_eq!(files, 1, "{kind}");
        assert_eq!(focused, "body_image_alt", "{kind}");
        assert_eq!(
            status, "Image choisie\u{a0}: décrivez-la, puis insérez-la.",
            "{kind}"
        );
    }
    // Without its alt text the image is refused, and the editor says why.
    let insert = c.find(Locator::Css("[data-media-insert]")).await.unwrap();
    insert.click().await.unwrap();
    let alt = c.find(Locator::Id("body_image_alt")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#body_image_alt[aria-invalid=true]"))
        .await
        .unwrap();
    let status = c.find(Locator::Css("[data-media-status]")).await.unwrap();
    assert_eq!(
        status.text().await.unwrap(),
        "Décrivez l’image pour les lecteurs qui ne la voient pas."
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 0);

    alt.send_keys("Les coûts").await.unwrap();
    insert.click().await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#preview figure img[alt='Les coûts']"))
        .await
        .expect("the figure is inserted and previewed");
    let body = c.find(Locator::Id("body")).await.unwrap();
    let text = body.prop("value").await.unwrap().unwrap_or_default();
    assert!(text.starts_with("![Les coûts](/media/"), "{text:?}");
    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 1);
    author.client.clone().close().await.unwrap();
}
