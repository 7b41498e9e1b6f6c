//! Images in article bodies: uploaded from the editor (its script's JSON endpoint, or the
//! form's own submit without JavaScript), stored as hero images are, shown as captioned
//! figures; and the media library that reuses, corrects, replaces and deletes them.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::admin_articles::article_form;
use crate::support::tools::assert_valid_html;
use crate::support::{TestApp, attrs, csrf_token, spawn_app, spawn_app_with, texts};

const PNG: &[u8] = include_bytes!("../fixtures/images/figure-bars.png");
const OTHER_PNG: &[u8] = include_bytes!("../fixtures/images/hero-city-car.png");

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
            "Cette image compte trop de pixels pour être traitée\u{a0}: réduisez ses dimensions, puis envoyez-la de nouveau.",
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

/// The id in an upload's answer.
fn id_of(added: &Value) -> i64 {
    added["id"].as_i64().unwrap()
}

/// Publishes an article titled `title` whose body is `body`; returns its id.
async fn publish_body(app: &TestApp, title: &str, body: &str) -> i64 {
    let response = app.publish(title, body, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app.count("SELECT max(id) AS n FROM articles").await
}

#[tokio::test]
async fn the_library_shows_each_image_with_its_words_size_and_where_it_is_used() {
    let (app, csrf) = author_app(|_| {}).await;
    let chart = upload(&app, &csrf, PNG, "Un graphique", "Les coûts").await;
    let car = upload(&app, &csrf, OTHER_PNG, "Une citadine", "").await;
    let unused = upload(
        &app,
        &csrf,
        include_bytes!("../fixtures/images/hero-batteries.png"),
        "Des batteries",
        "",
    )
    .await;
    publish_body(
        &app,
        "Article illustré",
        &format!("Texte.\n\n{}", chart["markdown"].as_str().unwrap()),
    )
    .await;
    // The same file sent as a hero is the same image of the library.
    let hero = article_form(&csrf, "Article à la une", "publish")
        .text("hero_alt", "Une citadine")
        .part(
            "hero_image",
            Part::bytes(OTHER_PNG.to_vec()).file_name("c.png"),
        );
    assert_eq!(
        app.post_multipart("/admin/articles/new", hero)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 3);

    let html = app.page("/admin/media").await;
    assert_eq!(
        attrs(&html, ".admin-nav a[href='/admin/media']", "href").len(),
        1
    );
    let (chart, car, unused) = (id_of(&chart), id_of(&car), id_of(&unused));
    // Newest first.
    assert_eq!(
        attrs(&html, ".media-item", "id"),
        [
            format!("media-{unused}"),
            format!("media-{car}"),
            format!("media-{chart}")
        ]
    );
    let item = |id: i64, inner: &str| format!("#media-{id} {inner}");
    assert_eq!(attrs(&html, &item(chart, "img"), "alt"), ["Un graphique"]);
    assert_eq!(
        attrs(&html, &item(chart, "[name=alt]"), "value"),
        ["Un graphique"]
    );
    assert_eq!(
        attrs(&html, &item(chart, "[name=caption]"), "value"),
        ["Les coûts"]
    );
    assert_eq!(
        texts(&html, &item(chart, ".media-item__facts dd"))[0],
        "1000 × 560 px · 5 Ko"
    );
    assert_eq!(
        texts(&html, &item(chart, ".media-item__uses li")),
        ["Article illustré"]
    );
    assert_eq!(
        texts(&html, &item(car, ".media-item__uses li")),
        ["Article à la une (image principale)"]
    );
    assert_eq!(
        texts(&html, &item(unused, ".media-item__facts dd"))[1],
        "Aucun article ne l’utilise."
    );
    assert_eq!(
        textarea(&html, &format!("markdown-{chart}")),
        format!("![Un graphique](/media/{chart})\n*Les coûts*")
    );
    assert!(attrs(&html, &item(chart, "img"), "srcset")[0].contains(" 480w"));
}

#[tokio::test]
async fn an_image_in_use_is_not_deleted_and_the_answer_names_its_articles() {
    let (app, csrf) = author_app(|_| {}).await;
    let added = upload(&app, &csrf, PNG, "Un graphique", "").await;
    let id = id_of(&added);
    let article = publish_body(
        &app,
        "Qui utilise l’image",
        &format!("Texte.\n\n{}", added["markdown"].as_str().unwrap()),
    )
    .await;

    let delete = format!("/admin/media/{id}/delete");
    let refused = app.post_form(&delete, &[("csrf_token", &csrf)]).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let html = refused.text().await.unwrap();
    assert_eq!(
        texts(&html, &format!("#media-{id}-error p")),
        ["Cette image sert encore : retirez-la d’abord de ces articles."]
    );
    assert_eq!(
        texts(&html, &format!("#media-{id}-error li")),
        ["Qui utilise l’image"]
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 1);
    assert_eq!(
        app.get(&format!("/media/{id}")).await.status(),
        StatusCode::OK
    );

    let forged = app.post_form(&delete, &[("csrf_token", "forged")]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let confirm = app
        .post_form(
            &format!("/admin/articles/{article}/delete"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(confirm.status(), StatusCode::SEE_OTHER);

    let deleted = app.post_form(&delete, &[("csrf_token", &csrf)]).await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    assert_eq!(deleted.headers()["location"], "/admin/media");
    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 0);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM image_variants").await,
        0
    );
    assert_eq!(
        app.get(&format!("/media/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let again = app.post_form(&delete, &[("csrf_token", &csrf)]).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_replaced_file_keeps_the_address_and_every_page_shows_the_new_one() {
    let (app, csrf) = author_app(|_| {}).await;
    let added = upload(&app, &csrf, PNG, "Un graphique", "La légende").await;
    let id = id_of(&added);
    let address = format!("/media/{id}");
    publish_body(
        &app,
        "Par adresse",
        &format!("Texte.\n\n{}", added["markdown"].as_str().unwrap()),
    )
    .await;
    // A body written before the library links the file by its hash.
    let old_sha = sillage::images::upload::CheckedImage::check(PNG.to_vec(), u64::MAX)
        .unwrap()
        .sha256;
    publish_body(
        &app,
        "Par empreinte",
        &format!("Texte.\n\n![Un graphique](/images/{old_sha}.png)"),
    )
    .await;
    let before = app.page("/articles/par-adresse").await;
    let old_srcset = attrs(&before, ".article__body figure img", "srcset")[0].clone();

    let form = Form::new().text("csrf_token", csrf.clone()).part(
        "image",
        Part::bytes(OTHER_PNG.to_vec()).file_name("new.png"),
    );
    let response = app
        .post_multipart(&format!("/admin/media/{id}/replace"), form)
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"].to_str().unwrap(),
        format!("/admin/media#media-{id}")
    );

    assert_eq!(app.count("SELECT count(*) AS n FROM images").await, 1);
    assert_eq!(app.count("SELECT max(id) AS n FROM images").await, id);
    let served = app.get(&address).await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.bytes().await.unwrap().as_ref(), OTHER_PNG);
    for page in ["/articles/par-adresse", "/articles/par-empreinte"] {
        let html = app.page(page).await;
        let img = ".article__body figure picture img";
        assert_eq!(attrs(&html, img, "src"), [address.as_str()], "{page}");
        assert_eq!(attrs(&html, img, "width"), ["1200"], "{page}");
        assert_eq!(attrs(&html, img, "height"), ["675"], "{page}");
        let srcset = &attrs(&html, img, "srcset")[0];
        assert_ne!(srcset, &old_srcset, "{page}");
        assert!(srcset.contains(" 1200w"), "{page}: {srcset}");
    }
    // The old file and its variants are gone.
    let old_variant = old_srcset.split(' ').next().unwrap();
    assert_eq!(app.get(old_variant).await.status(), StatusCode::NOT_FOUND);
    // The words stay with the image.
    let library = app.page("/admin/media").await;
    assert_eq!(
        textarea(&library, &format!("markdown-{id}")),
        format!("![Un graphique]({address})\n*La légende*")
    );
}

#[tokio::test]
async fn the_library_s_forms_refuse_bad_input_beside_the_image() {
    let (app, csrf) = author_app(|_| {}).await;
    let id = id_of(&upload(&app, &csrf, PNG, "Un graphique", "").await);
    let other = id_of(&upload(&app, &csrf, OTHER_PNG, "Une citadine", "").await);
    let edit = format!("/admin/media/{id}/edit");

    let saved = app
        .post_form(
            &edit,
            &[
                ("csrf_token", &csrf),
                ("alt", "Les coûts"),
                ("caption", "Selon l’étude"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let html = app.page("/admin/media").await;
    assert_eq!(
        textarea(&html, &format!("markdown-{id}")),
        format!("![Les coûts](/media/{id})\n*Selon l’étude*")
    );

    let refused = app
        .post_form(
            &edit,
            &[("csrf_token", &csrf), ("alt", " "), ("caption", "Gardée")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert_eq!(
        texts(&html, &format!("#media-{id}-error")),
        ["Décrivez l’image pour les lecteurs qui ne la voient pas."]
    );
    assert_eq!(attrs(&html, &format!("#caption-{id}"), "value"), ["Gardée"]);
    let forged = app
        .post_form(&edit, &[("csrf_token", "x"), ("alt", "Autre")])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let missing = app
        .post_form(
            "/admin/media/999999/edit",
            &[("csrf_token", &csrf), ("alt", "Autre")],
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let replace = |file: &[u8], token: &str| {
        Form::new()
            .text("csrf_token", token.to_owned())
            .part("image", Part::bytes(file.to_vec()).file_name("x.png"))
    };
    let path = format!("/admin/media/{id}/replace");
    let not_image = app.post_multipart(&path, replace(b"GIF? no", &csrf)).await;
    assert_eq!(not_image.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(
            &not_image.text().await.unwrap(),
            &format!("#media-{id}-error")
        ),
        ["Ce fichier n’est pas une image acceptée (PNG, JPEG, GIF, WebP ou AVIF)."]
    );
    let duplicate = app.post_multipart(&path, replace(OTHER_PNG, &csrf)).await;
    assert_eq!(duplicate.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(
            &duplicate.text().await.unwrap(),
            &format!("#media-{id}-error")
        ),
        ["Ce fichier est déjà dans la médiathèque, sous une autre image."]
    );
    let forged = app.post_multipart(&path, replace(OTHER_PNG, "x")).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // Nothing changed: each image still serves its own file.
    let first = app.get(&format!("/media/{id}")).await;
    assert_eq!(first.bytes().await.unwrap().as_ref(), PNG);
    let second = app.get(&format!("/media/{other}")).await;
    assert_eq!(second.bytes().await.unwrap().as_ref(), OTHER_PNG);
}

#[tokio::test]
async fn a_large_library_comes_in_pages() {
    let (app, _) = author_app(|_| {}).await;
    app.execute(
        "INSERT INTO images (sha256, content_type, width, height, data, variants_done, alt) \
         SELECT md5(i::text) || md5(i::text), 'image/png', 10, 10, '\\x00', true, 'Image ' || i \
         FROM generate_series(1, 25) AS i",
    )
    .await;
    let first = app.page("/admin/media").await;
    assert_eq!(attrs(&first, ".media-item", "id").len(), 24);
    assert_eq!(
        attrs(&first, ".pagination a[rel=next]", "href"),
        ["/admin/media?page=2"]
    );
    let second = app.page("/admin/media?page=2").await;
    assert_eq!(attrs(&second, ".media-item img", "alt"), ["Image 1"]);
    assert_eq!(
        attrs(&second, ".pagination a[rel=prev]", "href"),
        ["/admin/media"]
    );
    assert_eq!(
        app.get("/admin/media?page=0").await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_editor_with_its_image_field_and_the_library_are_valid_html() {
    let (app, csrf) = author_app(|_| {}).await;
    let added = upload(&app, &csrf, PNG, "Un graphique", "Une légende").await;
    publish_body(
        &app,
        "Illustré",
        &format!("Texte.\n\n{}", added["markdown"].as_str().unwrap()),
    )
    .await;
    let refused = app
        .post_form(
            &format!("/admin/media/{}/delete", id_of(&added)),
            &[("csrf_token", &csrf)],
        )
        .await
        .text()
        .await
        .unwrap();
    let inserted = app
        .post_multipart(
            "/admin/articles/new",
            article_form(&csrf, "Brouillon", "draft")
                .text("body_image_alt", "Une citadine")
                .part(
                    "body_image",
                    Part::bytes(OTHER_PNG.to_vec()).file_name("c.png"),
                ),
        )
        .await
        .text()
        .await
        .unwrap();
    let pages = [
        app.page("/admin/articles/new").await,
        inserted,
        app.page("/admin/media").await,
        refused,
        app.page("/articles/illustre").await,
    ];
    assert_valid_html(&pages);
}
