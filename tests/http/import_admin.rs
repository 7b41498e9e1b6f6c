//! `GET|POST /admin/import`: the fixtures of tests/fixtures/wordpress sent through the form, the
//! dry run and the import run by draining the jobs, what readers see afterwards, a second import
//! that changes nothing, and the uploads refused with their message (not a WXR, a missing file,
//! a bad zip, a zip-slip path, a zip bomb, a visitor, a bad token) with nothing stored.

use std::io::Write;
use std::path::Path;

use chrono::Utc;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use zip::write::SimpleFileOptions;

use crate::support::tools::assert_valid_html;
use crate::support::{
    AUTHOR_EMAIL, AUTHOR_PASSWORD, TestApp, attrs, csrf_token, new_client, spawn_app_with, texts,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/wordpress")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A zip holding `entries`, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The fixture's uploads as an author zips them: `uploads/2025/06/zoe.png`.
fn uploads_zip() -> Vec<u8> {
    zip_of(&[(
        "uploads/2025/06/zoe.png",
        &fixture("uploads/2025/06/zoe.png"),
    )])
}

/// The files of a form: the export, the dump and the zip, each `None` to leave it out.
struct Files {
    wxr: Option<Vec<u8>>,
    sql: Option<Vec<u8>>,
    zip: Option<Vec<u8>>,
    categories: &'static str,
}

impl Files {
    fn fixtures() -> Self {
        Self {
            wxr: Some(fixture("blog.xml")),
            sql: Some(fixture("wpdiscuz.sql")),
            zip: Some(uploads_zip()),
            categories: "themes",
        }
    }

    fn wxr_only(wxr: &[u8]) -> Self {
        Self {
            wxr: Some(wxr.to_vec()),
            sql: None,
            zip: None,
            categories: "themes",
        }
    }

    fn form(self, csrf: &str) -> Form {
        // An empty file part is what a browser sends for a file left unchosen.
        let part = |data: Option<Vec<u8>>, name: &'static str| {
            let (data, name) = data.map_or((Vec::new(), ""), |d| (d, name));
            Part::bytes(data).file_name(name)
        };
        Form::new()
            .text("csrf_token", csrf.to_owned())
            .part("wxr", part(self.wxr, "export.xml"))
            .part("wpdiscuz_sql", part(self.sql, "wpdiscuz.sql"))
            .part("uploads", part(self.zip, "uploads.zip"))
            .text("categories", self.categories)
    }
}

async fn author_app(configure: impl FnOnce(&mut sillage::settings::Settings)) -> (TestApp, String) {
    let app = spawn_app_with(|s| {
        s.worker.embedded = false;
        configure(s);
    })
    .await;
    app.set_up_author().await;
    let csrf = app.csrf().await;
    (app, csrf)
}

async fn send(app: &TestApp, csrf: &str, files: Files) -> reqwest::Response {
    app.post_multipart("/admin/import", files.form(csrf)).await
}

/// Every table the import writes, counted.
async fn footprint(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "articles",
        "comments",
        "comment_votes",
        "ratings",
        "themes",
        "follows",
        "redirects",
        "images",
        "wordpress_items",
    ] {
        counts.push(
            app.count(&format!("SELECT count(*) AS n FROM {table}"))
                .await,
        );
    }
    counts
}

/// The ids of the runs, newest last.
async fn latest_run(app: &TestApp) -> i64 {
    app.count("SELECT max(id) AS n FROM import_runs").await
}

async fn large_objects(app: &TestApp) -> i64 {
    app.count("SELECT count(*) AS n FROM pg_largeobject_metadata")
        .await
}

/// Sends the fixtures, drains the dry run, presses "Importer" and drains the import.
async fn import_through_the_panel(app: &TestApp, csrf: &str) -> String {
    let sent = send(app, csrf, Files::fixtures()).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    app.drain(Utc::now()).await;
    let run = latest_run(app).await;
    let pressed = app
        .post_form(
            &format!("/admin/import/{run}/run"),
            &[("csrf_token", csrf), ("categories", "themes")],
        )
        .await;
    assert_eq!(pressed.status(), StatusCode::SEE_OTHER);
    app.drain(Utc::now()).await;
    app.page("/admin/import").await
}

#[tokio::test]
async fn a_dry_run_shows_the_report_then_importer_imports() {
    let (app, csrf) = author_app(|_| {}).await;
    let empty_form = app.page("/admin/import").await;
    assert_eq!(
        attrs(&empty_form, "#import-form", "action"),
        ["/admin/import"]
    );
    let nothing = footprint(&app).await;

    let sent = send(&app, &csrf, Files::fixtures()).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    assert_eq!(sent.headers()["location"], "/admin/import");
    let waiting = app.page("/admin/import").await;
    assert_eq!(
        attrs(&waiting, "meta[http-equiv=refresh]", "content"),
        ["3"],
        "the progress view refreshes itself"
    );
    assert_eq!(
        texts(&waiting, "#import-run-title"),
        ["Essai à blanc : en attente"]
    );
    assert!(
        texts(&waiting, "#import-form").is_empty(),
        "no second upload meanwhile"
    );
    let paused = app.page("/admin/import?refresh=off").await;
    assert!(
        attrs(&paused, "meta[http-equiv=refresh]", "content").is_empty(),
        "the author can stop the refreshing"
    );
    assert!(texts(&paused, "#import-form").is_empty());
    assert_eq!(
        app.get("/admin/import?refresh=sometimes").await.status(),
        StatusCode::BAD_REQUEST
    );

    app.drain(Utc::now()).await;
    let dry = app.page("/admin/import").await;
    assert_eq!(
        texts(&dry, "#import-run-title"),
        ["Essai à blanc : terminé"]
    );
    assert!(attrs(&dry, "meta[http-equiv=refresh]", "content").is_empty());
    assert_eq!(
        texts(&dry, "#import-report h3"),
        ["Ce que l’import ferait (rien n’a été écrit)"]
    );
    let imported = texts(&dry, ".import-imported li");
    assert!(imported.contains(&"3 articles".to_owned()), "{imported:?}");
    assert!(
        imported.iter().any(|l| l.ends_with("commentaires")),
        "{imported:?}"
    );
    assert!(
        !texts(&dry, ".import-skipped li").is_empty(),
        "pingbacks, pages… counted"
    );
    assert_eq!(texts(&dry, "#import-articles"), ["3"]);
    assert!(
        texts(&dry, ".import-existing li").is_empty(),
        "no count at zero"
    );
    let problems = texts(&dry, ".import-problems li");
    assert!(
        problems.iter().any(|p| p.starts_with("ligne 259 :")),
        "each problem with its WXR line: {problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("son parent 999 n’est pas dans le fichier, il ouvre un fil à lui")),
        "each problem in French: {problems:?}"
    );
    assert_eq!(footprint(&app).await, nothing, "the dry run wrote nothing");
    assert_eq!(
        app.get("/articles/renault-plan").await.status(),
        StatusCode::NOT_FOUND
    );

    let run = latest_run(&app).await;
    assert_eq!(
        attrs(&dry, "#import-run-form", "action"),
        [format!("/admin/import/{run}/run")]
    );
    let pressed = app
        .post_form(
            &format!("/admin/import/{run}/run"),
            &[("csrf_token", &csrf), ("categories", "themes")],
        )
        .await;
    assert_eq!(pressed.status(), StatusCode::SEE_OTHER);
    let importing = app.page("/admin/import").await;
    assert_eq!(
        texts(&importing, "#import-run-title"),
        ["Import : en attente"]
    );
    app.drain(Utc::now()).await;
    let done = app.page("/admin/import").await;
    assert_eq!(texts(&done, "#import-run-title"), ["Import : terminé"]);
    assert_eq!(
        texts(&done, "#import-report h3"),
        ["Ce que l’import a fait"]
    );
    assert!(texts(&done, ".import-imported li").contains(&"3 articles".to_owned()));
    assert!(texts(&done, "#import-run-form").is_empty(), "imported once");
    assert_eq!(
        large_objects(&app).await,
        0,
        "the files are gone once imported"
    );

    let article = app.page("/articles/renault-plan").await;
    assert_eq!(
        texts(&article, "h1.article__title"),
        ["Renault’s plan & la Zoé"]
    );
    let image = attrs(&article, ".article__body figure img", "src").remove(0);
    assert!(
        image.starts_with("/images/"),
        "re-homed from the zip: {image}"
    );
    assert_eq!(
        texts(&article, ".rating__summary"),
        ["2,5 · 2 votes"],
        "the dump read"
    );

    assert_valid_html(&[empty_form, waiting, paused, dry, done]);
}

#[tokio::test]
async fn a_second_import_of_the_same_files_changes_nothing() {
    let (app, csrf) = author_app(|_| {}).await;
    import_through_the_panel(&app, &csrf).await;
    let once = footprint(&app).await;
    let again = import_through_the_panel(&app, &csrf).await;
    assert_eq!(footprint(&app).await, once);
    assert!(
        texts(&again, ".import-imported li")
            .iter()
            .all(|l| !l.ends_with(" articles"))
    );
    assert!(
        texts(&again, ".import-existing li").contains(&"3 articles".to_owned()),
        "{:?}",
        texts(&again, ".import-existing li")
    );
    assert_eq!(large_objects(&app).await, 0);
}

#[tokio::test]
async fn a_second_import_while_one_runs_is_refused() {
    let (app, csrf) = author_app(|_| {}).await;
    assert_eq!(
        send(&app, &csrf, Files::fixtures()).await.status(),
        StatusCode::SEE_OTHER
    );
    let refused = send(&app, &csrf, Files::fixtures()).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let page = refused.text().await.unwrap();
    assert_eq!(
        texts(&page, "[role=alert]"),
        ["Un import est déjà en cours : attendez qu’il se termine avant d’en lancer un autre."]
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM import_runs").await, 1);
    let run = latest_run(&app).await;
    let early = app
        .post_form(
            &format!("/admin/import/{run}/run"),
            &[("csrf_token", &csrf), ("categories", "themes")],
        )
        .await;
    assert_eq!(
        early.status(),
        StatusCode::CONFLICT,
        "no import before its dry run"
    );
    assert_eq!(
        large_objects(&app).await,
        3,
        "the refused files were not kept"
    );
    assert_valid_html(&[page]);
}

#[tokio::test]
async fn a_run_whose_worker_went_silent_is_taken_over_and_a_live_one_is_not() {
    let (app, csrf) = author_app(|_| {}).await;
    assert_eq!(
        send(&app, &csrf, Files::fixtures()).await.status(),
        StatusCode::SEE_OTHER
    );
    app.execute("UPDATE import_runs SET status = 'running', beat_at = now()")
        .await;
    app.drain(Utc::now()).await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM import_runs WHERE status = 'running'")
            .await,
        1,
        "a run with a fresh sign of life is left to its worker"
    );
    app.execute("UPDATE import_runs SET beat_at = now() - interval '10 minutes'")
        .await;
    app.execute("UPDATE jobs SET run_at = now() WHERE kind = 'import.wordpress'")
        .await;
    app.drain(Utc::now()).await;
    let page = app.page("/admin/import").await;
    assert_eq!(
        texts(&page, "#import-run-title"),
        ["Essai à blanc : terminé"]
    );
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_clear_message_and_nothing_kept() {
    let (app, csrf) = author_app(|s| s.import.max_unzipped_bytes = 100_000).await;
    let refused = |files: Files| {
        let (app, csrf) = (&app, &csrf);
        async move {
            let response = send(app, csrf, files).await;
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
            response.text().await.unwrap()
        }
    };
    let missing = refused(Files {
        wxr: None,
        ..Files::fixtures()
    })
    .await;
    assert_eq!(
        texts(&missing, "#wxr-error"),
        ["Choisissez le fichier d’export WordPress (WXR)."]
    );
    let not_wxr = refused(Files::wxr_only(b"<html><body>Bonjour</body></html>")).await;
    let message = texts(&not_wxr, "#wxr-error").join("");
    assert!(
        message.starts_with("Ce fichier n’est pas un export WordPress lisible."),
        "{message}"
    );
    let bad_zip = refused(Files {
        zip: Some(b"PK not really".to_vec()),
        ..Files::fixtures()
    })
    .await;
    assert_eq!(
        texts(&bad_zip, "#uploads-error"),
        ["Ce fichier n’est pas une archive zip lisible."]
    );
    assert!(
        texts(&bad_zip, "#wxr-error").is_empty(),
        "the export itself was fine"
    );
    let slip = refused(Files {
        zip: Some(zip_of(&[("../../evil.png", b"x")])),
        ..Files::fixtures()
    })
    .await;
    assert_eq!(
        texts(&slip, "#uploads-error"),
        ["L’archive contient un chemin qui sort de son dossier : ../../evil.png"]
    );
    let bomb = refused(Files {
        zip: Some(zip_of(&[("2025/zeros.bin", &vec![0u8; 500_000])])),
        ..Files::fixtures()
    })
    .await;
    assert_eq!(
        texts(&bomb, "#uploads-error"),
        ["L’archive décompressée dépasserait la taille permise."]
    );
    let categories = refused(Files {
        categories: "tags",
        ..Files::fixtures()
    })
    .await;
    assert!(!texts(&categories, "#categories-error").is_empty());

    let forged = send(&app, "not-the-token", Files::fixtures()).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let visitor = new_client();
    let url = format!("{}/admin/import", app.address);
    let page = visitor.get(&url).send().await.unwrap();
    assert_eq!(
        page.status(),
        StatusCode::SEE_OTHER,
        "a visitor is sent to the login page"
    );
    let form = Files::fixtures().form(&csrf);
    let posted = visitor.post(&url).multipart(form).send().await.unwrap();
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);

    assert_eq!(app.count("SELECT count(*) AS n FROM import_runs").await, 0);
    assert_eq!(large_objects(&app).await, 0);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'import.wordpress'")
            .await,
        0
    );
    assert_valid_html(&[missing, not_wxr, slip]);
}

#[tokio::test]
async fn a_truncated_export_reports_where_it_stopped_and_imports_what_was_whole() {
    let (app, csrf) = author_app(|_| {}).await;
    let whole = String::from_utf8(fixture("blog.xml")).unwrap();
    let cut = whole
        .find("Premier paragraphe du billet classique")
        .unwrap();
    let sent = send(&app, &csrf, Files::wxr_only(&whole.as_bytes()[..cut])).await;
    assert_eq!(
        sent.status(),
        StatusCode::SEE_OTHER,
        "its start reads as an export"
    );
    app.drain(Utc::now()).await;
    let dry = app.page("/admin/import").await;
    let stopped = texts(&dry, "#import-stopped").join("");
    assert!(stopped.starts_with("Lecture interrompue :"), "{stopped}");
    assert!(stopped.contains("truncated"), "{stopped}");
    assert!(texts(&dry, ".import-imported li").contains(&"1 articles".to_owned()));
    let run = latest_run(&app).await;
    let button = format!("/admin/import/{run}/run");
    let unknown = app
        .post_form(&button, &[("csrf_token", &csrf), ("categories", "tags")])
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = unknown.text().await.unwrap();
    assert_eq!(
        texts(&unknown, "#import-errors li"),
        ["Choisissez ce que deviennent les catégories : des thèmes ou une série."]
    );
    assert_eq!(
        texts(&unknown, "#import-run-form .field-error").len(),
        1,
        "beside its field"
    );
    let forged = app
        .post_form(
            &button,
            &[("csrf_token", "forged"), ("categories", "series")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 0);
    let pressed = app
        .post_form(&button, &[("csrf_token", &csrf), ("categories", "series")])
        .await;
    assert_eq!(pressed.status(), StatusCode::SEE_OTHER);
    app.drain(Utc::now()).await;
    assert_eq!(
        app.get("/articles/renault-plan").await.status(),
        StatusCode::OK
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 1);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM import_runs WHERE categories = 'series'")
            .await,
        1,
        "the choice made on the report page"
    );
    assert_valid_html(&[unknown]);
}

/// Kilobytes of `VmHWM`.
fn peak_kb() -> u64 {
    crate::support::peak_memory()
        .trim_end_matches(" kB")
        .parse()
        .unwrap_or(0)
}

/// A benchmark (`cargo test --test http import_admin::a_large -- --ignored --nocapture`): a
/// 200 MB export sent through the form streams to the database; prints the time and how much
/// the process's peak memory grew beyond the body the test itself holds.
#[tokio::test]
#[ignore = "a benchmark: 200 MB through the form"]
async fn a_large_export_streams_to_the_database() {
    let (app, csrf) = author_app(|_| {}).await;
    let whole = String::from_utf8(fixture("blog.xml")).unwrap();
    let end = whole.rfind("</channel>").unwrap();
    let mut big = String::with_capacity(200 << 20);
    big.push_str(&whole[..end]);
    let padding = format!("<!-- {} -->\n", "x".repeat(1000));
    while big.len() < 200 << 20 {
        big.push_str(&padding);
    }
    big.push_str(&whole[end..]);
    let bytes = big.len();
    // Moved, never copied: the test's own peak is this one body.
    let files = Files {
        wxr: Some(big.into_bytes()),
        ..Files::wxr_only(b"")
    };
    let form = files.form(&csrf);
    let before = peak_kb();
    let started = std::time::Instant::now();
    let sent = app.post_multipart("/admin/import", form).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let elapsed = started.elapsed();
    let stored = app
        .count("SELECT sum(octet_length(data))::bigint AS n FROM pg_largeobject")
        .await;
    assert_eq!(stored as usize, bytes);
    println!(
        "{} MB sent in {:.1} s; peak memory grew by {} MB while it streamed",
        bytes >> 20,
        elapsed.as_secs_f64(),
        peak_kb().saturating_sub(before) / 1024
    );
}

#[tokio::test]
async fn another_node_shows_the_same_import_and_refuses_a_second_one() {
    let (app, csrf) = author_app(|_| {}).await;
    assert_eq!(
        send(&app, &csrf, Files::fixtures()).await.status(),
        StatusCode::SEE_OTHER
    );
    let node = app.another_node().await;
    let logged = node
        .client
        .post(format!("{}/admin/login", node.address))
        .form(&[("email", AUTHOR_EMAIL), ("password", AUTHOR_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(logged.status(), StatusCode::SEE_OTHER);
    let url = format!("{}/admin/import", node.address);
    let page = node.page("/admin/import").await;
    assert_eq!(
        texts(&page, "#import-run-title"),
        ["Essai à blanc : en attente"]
    );
    let form = Files::fixtures().form(&csrf_token(&page));
    let refused = node.client.post(&url).multipart(form).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    app.drain(Utc::now()).await;
    let page = node.page("/admin/import").await;
    assert_eq!(
        texts(&page, "#import-run-title"),
        ["Essai à blanc : terminé"]
    );
}

#[tokio::test]
async fn the_import_runs_migration_reverts_with_its_files() {
    use diesel_async::SimpleAsyncConnection;
    let (app, csrf) = author_app(|_| {}).await;
    assert_eq!(
        send(&app, &csrf, Files::fixtures()).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(large_objects(&app).await, 3);
    let migration = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations/2026-12-03-150000_import_runs"
    );
    let read = |name: &str| std::fs::read_to_string(format!("{migration}/{name}")).unwrap();
    let mut conn = app.pool.get().await.unwrap();
    conn.batch_execute(&read("down.sql")).await.unwrap();
    assert_eq!(large_objects(&app).await, 0, "the files go with the table");
    conn.batch_execute(&read("up.sql")).await.unwrap();
    drop(conn);
    let page = app.page("/admin/import").await;
    assert_eq!(attrs(&page, "#import-form", "action"), ["/admin/import"]);
}
