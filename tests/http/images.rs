//! Images in several widths and formats, sized against layout shift, lazy below the fold, from
//! immutable content-hashed URLs.

use reqwest::StatusCode;
use reqwest::multipart::Part;

use sillage::images::model::{self, ImageRef};
use sillage::images::upload::CheckedImage;
use sillage::images::variants;

use crate::admin_articles::{article_form, logged_in_app};
use crate::support::site::{FIGURE_PNG as PNG, RICH, publish_rich, publish_site};
use crate::support::{attrs, spawn_app, spawn_app_with};

/// The rich article's page.
fn article() -> String {
    format!("/articles/{RICH}")
}

#[tokio::test]
async fn the_hero_comes_in_several_widths_and_first() {
    let mut app = spawn_app().await;
    publish_rich(&mut app).await;
    let html = app.page(&article()).await;

    let hero = ".article__hero picture img";
    assert_eq!(attrs(&html, hero, "fetchpriority"), ["high"]);
    assert!(attrs(&html, hero, "loading").is_empty(), "never lazy");
    assert_eq!(attrs(&html, hero, "width"), ["1200"]);
    assert_eq!(attrs(&html, hero, "height"), ["675"]);
    let srcset = &attrs(&html, hero, "srcset")[0];
    assert!(
        srcset.contains(".png 480w") && srcset.contains(".png 1200w"),
        "{srcset}"
    );
    assert!(!attrs(&html, hero, "sizes")[0].is_empty());

    // This hero is a picture whose lossless WebPs would be heavier than its PNGs: lossy ones
    // are offered in every width, served as WebP from immutable URLs.
    let webp = &attrs(&html, ".article__hero source[type='image/webp']", "srcset")[0];
    let urls: Vec<&str> = webp.split(", ").collect();
    assert_eq!(urls.len(), 3, "{webp}");
    for (item, width) in urls.iter().zip(["480w", "800w", "1200w"]) {
        let (url, w) = item.split_once(' ').unwrap();
        assert!(url.ends_with(".webp") && w == width, "{item}");
        let response = app.get(url).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "image/webp");
        let cache = response.headers()["cache-control"].to_str().unwrap();
        assert!(cache.contains("immutable"), "{cache}");
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP");
    }
}

#[tokio::test]
async fn figures_and_cards_are_sized_and_lazy_below_the_fold() {
    let mut app = spawn_app().await;
    publish_site(&mut app).await;
    let html = app.page(&article()).await;
    let figure = ".article__body figure picture img";
    assert_eq!(attrs(&html, figure, "loading"), ["lazy"]);
    assert_eq!(attrs(&html, figure, "width"), ["1000"]);
    assert_eq!(attrs(&html, figure, "height"), ["560"]);
    assert_eq!(
        attrs(
            &html,
            ".article__body figure source[type='image/webp']",
            "srcset"
        )
        .len(),
        1
    );

    let home = app.page("/").await;
    // The first card is above the fold on a phone; the others wait until scrolled to.
    let card = ".card__image picture img";
    assert_eq!(attrs(&home, card, "loading"), ["lazy", "lazy"]);
    assert_eq!(
        attrs(&home, ".card:first-child picture img", "fetchpriority"),
        ["high"]
    );
    let related = attrs(&html, ".related .card__image picture img", "loading");
    assert!(!related.is_empty() && related.iter().all(|l| l == "lazy"));
    assert_eq!(attrs(&home, card, "width").len(), 3);
}

#[tokio::test]
async fn the_original_url_still_serves_the_original() {
    let mut app = spawn_app().await;
    publish_rich(&mut app).await;
    let html = app.page(&article()).await;
    let original = &attrs(&html, ".article__hero img", "src")[0];
    assert!(original.ends_with(".png"));
    let response = app.get(original).await;
    assert_eq!(response.headers()["content-type"], "image/png");
    let etag = response.headers()["etag"].clone();
    let again = app
        .client
        .get(format!("{}{original}", app.address))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn images_stored_before_variants_get_them_from_the_worker() {
    let app = crate::support::spawn_app_with(|s| s.worker.embedded = false).await;
    let mut conn = app.pool.get().await.unwrap();
    let checked = CheckedImage::check(PNG.to_vec(), u64::MAX).unwrap();
    model::store(&mut conn, &checked).await.unwrap();
    drop(conn);

    app.drain(chrono::Utc::now()).await;
    let mut conn = app.pool.get().await.unwrap();
    let stored = ImageRef::by_hashes(&mut conn, &[&checked.sha256])
        .await
        .unwrap();
    assert!(stored[0].webp_srcset().is_some());
    assert!(
        !variants::backfill_one(&mut conn).await.unwrap(),
        "done once"
    );
    assert!(stored[0].srcset().contains(".png 480w"));
}

#[tokio::test]
async fn an_uploaded_hero_has_its_variants_when_the_upload_answers() {
    let (app, csrf) = logged_in_app().await;
    let form = article_form(&csrf, "Avec image", "publish")
        .text("hero_alt", "Un graphique")
        .part("hero_image", Part::bytes(PNG.to_vec()).file_name("a.png"));
    let response = app.post_multipart("/admin/articles/new", form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let html = app.page("/articles/avec-image").await;
    let webp = &attrs(&html, ".article__hero source[type='image/webp']", "srcset")[0];
    assert!(webp.ends_with(".webp 1000w"), "{webp}");
    // Two widths in each format at least; which extra ones are kept depends on the encoders'
    // sizes for this picture.
    let stored = app.count("SELECT count(*) AS n FROM image_variants").await;
    assert!(stored >= 4, "{stored}");
}

#[tokio::test]
async fn a_stored_body_shows_variants_made_after_it_was_saved() {
    let app = spawn_app_with(|s| s.worker.embedded = false).await;
    let mut conn = app.pool.get().await.unwrap();
    let checked = CheckedImage::check(PNG.to_vec(), u64::MAX).unwrap();
    model::store(&mut conn, &checked).await.unwrap();
    drop(conn);
    app.set_up_author().await;
    let body = format!("Texte.\n\n![Un graphique](/images/{}.png)", checked.sha256);
    let published = app.publish("Plus tard", &body, &[]).await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM article_bodies").await,
        1,
        "the body is stored as shown when the article is saved"
    );
    let webp = ".article__body figure source[type='image/webp']";
    let before = app.page("/articles/plus-tard").await;
    assert!(attrs(&before, webp, "srcset").is_empty(), "no variants yet");
    assert_eq!(
        attrs(&before, ".article__body figure picture img", "width"),
        ["1000"]
    );

    let mut conn = app.pool.get().await.unwrap();
    assert!(variants::backfill_one(&mut conn).await.unwrap());
    drop(conn);
    app.execute("SELECT 1").await;
    let after = app.page("/articles/plus-tard").await;
    let srcset = attrs(&after, webp, "srcset");
    assert_eq!(srcset.len(), 1, "the variants made since are shown");
    assert!(srcset[0].contains(".webp 480w"), "{srcset:?}");
}
