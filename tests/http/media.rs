//! Images in article bodies: uploaded from the editor (its script's JSON endpoint, or the
//! form's own submit without JavaScript), stored as hero images are, shown as captioned
//! figures; and the media library that reuses, corrects, replaces and deletes them.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::admin_articles::article_form;
use crate::support::{TestApp, attrs, csrf_token, spawn_app, spawn_app_with, texts};

const PNG: &[u8] = include_bytes!("../../src/demo/images/figure-couts-distribution.png");
const OTHER_PNG: &[u8] = include_bytes!("../../src/demo/images/hero-petite-electrique.png");

async fn author_app(configure: impl FnOnce(&mut sillage::settings::Settings)) -> (TestApp, String) {
    let app = spawn_app_with(configure).await;
    app.set_up_author().await;
    let csrf = app.csrf().await;
    (app, csrf)
}

fn media_form(csrf: &str, file: Option<&[u8]>, alt: &str, caption: &str) -> Form {
    let form = Form::new()
        .text("csrf_token", csrf.to_owned())
        .text("alt", alt.to_owned())
        .text("caption", caption.to_owned());
    match file {
        Some(bytes) => form.part("image", Part::bytes(bytes.to_vec()).file_name("figure.png")),
        None => form,
    }
}

/// The text of the textarea `id`, as typed (an HTML parser drops its first line feed).
fn textarea(html: &str, id: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(&format!("textarea#{id}")).unwrap();
    doc.select(&selector).next().unwrap().text().collect()
}

/// Uploads `file` to the library as the editor's script does; returns the JSON answer.
async fn upload(app: &TestApp, csrf: &str, file: &[u8], alt: &str, caption: &str) -> Value {
    let response = app
        .post_multipart("/admin/media", media_form(csrf, Some(file), alt, caption))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

#[tokio::test]
async fn an_uploaded_body_image_is_published_as_a_sized_captioned_figure() {
    let (app, csrf) = author_app(|_| {}).await;
    let added = upload(
        &app,
        &csrf,
        PNG,
        "Les coûts de distribution",
        "Part de chaque maillon dans le prix",
    )
    .await;
    let address = added["address"].as_str().unwrap();
    let markdown = added["markdown"].as_str().unwrap();
    assert_eq!(
        markdown,
        format!("![Les coûts de distribution]({address})\n*Part de chaque maillon dans le prix*")
    );

    let body = format!("Un paragraphe.\n\n{markdown}\n\nLa suite.");
    let response = app.publish("Avec une figure", &body, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let html = app.page("/articles/avec-une-figure").await;
    let img = ".article__body figure picture img";
    assert_eq!(attrs(&html, img, "src"), [address]);
    assert_eq!(attrs(&html, img, "alt"), ["Les coûts de distribution"]);
    assert_eq!(attrs(&html, img, "width"), ["1000"]);
    assert_eq!(attrs(&html, img, "height"), ["560"]);
    let srcset = &attrs(&html, img, "srcset")[0];
    assert!(
        srcset.contains(".png 480w") && srcset.contains(".png 1000w"),
        "{srcset}"
    );
    assert_eq!(
        texts(&html, ".article__body figure figcaption"),
        ["Part de chaque maillon dans le prix"]
    );

    let image = app.get(address).await;
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.headers()["content-type"], "image/png");
    assert_eq!(image.bytes().await.unwrap().as_ref(), PNG);
}

#[tokio::test]
async fn without_javascript_the_form_s_submit_inserts_the_figure_and_loses_nothing() {
    let (app, csrf) = author_app(|_| {}).await;
    let form = article_form(&csrf, "Brouillon illustré", "draft")
        .text("body_image_alt", "Un graphique")
        .text("body_image_caption", "La légende")
        .part("body_image", Part::bytes(PNG.to_vec()).file_name("a.png"));
    let response = app.post_multipart("/admin/articles/new", form).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();

    let body = textarea(&html, "body");
    let id = app.count("SELECT max(id) AS n FROM images").await;
    assert!(
        body.starts_with("## Première partie\n\nUn paragraphe."),
        "{body}"
    );
    assert!(
        body.ends_with(&format!("\n\n![Un graphique](/media/{id})\n*La légende*\n")),
        "{body}"
    );
    assert_eq!(attrs(&html, "#title", "value"), ["Brouillon illustré"]);
    assert_eq!(attrs(&html, "#body_image_alt", "value"), [""]);
    assert!(texts(&html, "[data-media-status]")[0].contains("pas encore enregistré"));
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 0);
    assert!(app.count("SELECT count(*) AS n FROM image_variants").await > 0);
}

#[tokio::test]
async fn a_refused_body_image_in_the_form_keeps_what_was_typed() {
    let (app, csrf) = author_app(|_| {}).await;
    let form = article_form(&csrf, "Brouillon", "draft")
        .text("body_image_alt", "")
        .text("body_image_caption", "Une légende tapée")
        .part("body_image", Part::bytes(PNG.to_vec()).file_name("a.png"));
    let response = app.post_multipart("/admin/articles/new", form).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert_eq!(
        texts(&html, "#body_image_alt-error"),
        ["Décrivez l’image pour les lecteurs qui ne la voient pas."]
    );
    assert_eq!(
        attrs(&html, "#body_image_caption", "value"),
        ["Une légende tapée"]
    );
    assert!(textarea(&html, "body").starts_with("## Première partie"));
    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 0);
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_clear_message_and_store_nothing() {
    let (app, csrf) = author_app(|s| s.images.max_pixels = 500_000).await;
    let too_heavy = {
        let mut bytes = PNG.to_vec();
        bytes.resize(8 * 1024 * 1024 + 1, 0);
        bytes
    };
    let cases: [(&[u8], &str, &str, &str); 4] = [
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "Un dessin",
            "image",
            "Ce fichier n’est pas une image acceptée (PNG, JPEG, GIF, WebP ou AVIF).",
        ),
        (
            &too_heavy,
            "Trop lourde",
            "image",
            "L’image est trop grande (8 Mo et 10 000 pixels de côté au plus).",
        ),
        (
            PNG,
            "Trop de pixels",
            "image",
            "Cette image compte trop de pixels pour être traitée : réduisez ses dimensions, puis envoyez-la de nouveau.",
        ),
        (
            PNG,
            " ",
            "alt",
            "Décrivez l’image pour les lecteurs qui ne la voient pas.",
        ),
    ];
    for (file, alt, field, message) in cases {
        let response = app
            .post_multipart("/admin/media", media_form(&csrf, Some(file), alt, ""))
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{alt}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["field"], field, "{alt}");
        assert_eq!(answer["error"], message, "{alt}");
    }
    let no_file = app
        .post_multipart("/admin/media", media_form(&csrf, None, "Sans fichier", ""))
        .await;
    assert_eq!(no_file.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer: Value = no_file.json().await.unwrap();
    assert_eq!(answer["error"], "Choisissez une image.");

    let forged = app
        .post_multipart(
            "/admin/media",
            media_form("forged", Some(PNG), "Un graphique", ""),
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let not_multipart = app
        .post_form("/admin/media", &[("csrf_token", &csrf), ("alt", "x")])
        .await;
    assert_eq!(not_multipart.status(), StatusCode::BAD_REQUEST);

    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 0);
}

#[tokio::test]
async fn an_upload_needs_the_author() {
    let app = spawn_app().await;
    let response = app
        .post_multipart(
            "/admin/media",
            media_form("x", Some(PNG), "Un graphique", ""),
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 0);
    assert_eq!(app.get("/media/1").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/media/abc").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_stable_address_is_revalidated_by_its_file_s_hash() {
    let (app, csrf) = author_app(|_| {}).await;
    let added = upload(&app, &csrf, OTHER_PNG, "Une citadine", "").await;
    let address = added["address"].as_str().unwrap();
    let first = app.get(address).await;
    let cache = first.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cache.contains("no-cache") && !cache.contains("immutable"),
        "{cache}"
    );
    let etag = first.headers()["etag"].clone();
    let again = app
        .client
        .get(format!("{}{address}", app.address))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // The editor page itself offers the upload.
    let editor = app.page("/admin/articles/new").await;
    assert_eq!(csrf_token(&editor), csrf);
    assert_eq!(
        attrs(&editor, "[data-media-upload]", "data-media-upload"),
        ["/admin/media"]
    );
}
