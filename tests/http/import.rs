//! `sillage import wordpress`: a real-looking WXR export and a mysqldump of wpDiscuz's tables
//! (tests/fixtures/wordpress), imported into a real database, then read as a reader sees it
//! (pages, threads, ratings, inline comments, old addresses) and as the database holds it
//! (follows and their consent); a second run, a dry run, a truncated file and files that are
//! not exports.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::Utc;
use reqwest::StatusCode;
use sillage::i18n::Locale;
use sillage::import::context::CategoryChoice;
use sillage::import::report::Report;
use sillage::import::{ImportOptions, import_wordpress};

use crate::support::{TestApp, attrs, spawn_app, texts};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/wordpress")
        .join(name)
}

fn options(wxr: PathBuf, with_dump: bool, dry_run: bool) -> ImportOptions {
    ImportOptions {
        wxr,
        wpdiscuz_sql: with_dump.then(|| fixture("wpdiscuz.sql")),
        uploads: with_dump.then(|| fixture("uploads")),
        dry_run,
        categories: CategoryChoice::Themes,
        zone: "Europe/Paris".parse().unwrap(),
        messages: Locale::Fr.messages(),
        max_pixels: 40_000_000,
    }
}

async fn import(app: &TestApp, options: &ImportOptions) -> anyhow::Result<Report> {
    let mut conn = app.pool.get().await.unwrap();
    let report = import_wordpress(&mut conn, options, Utc::now(), |_| {}).await;
    // Written behind the app's back, as `TestApp::execute` does: the next page must be fresh.
    if let Some(cache) = app.page_cache.as_ref().filter(|c| c.is_serving()) {
        cache.sync(&app.pool).await;
    }
    report
}

/// Imports the fixture's export and dump.
pub async fn import_fixture(app: &TestApp) -> Report {
    import(app, &options(fixture("blog.xml"), true, false))
        .await
        .expect("the fixture imports")
}

/// Every table the import writes, counted: what "changes nothing" is checked against.
async fn footprint(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "articles",
        "comments",
        "comment_votes",
        "ratings",
        "themes",
        "readers",
        "follows",
        "follow_consents",
        "wpdiscuz_links",
        "redirects",
        "wordpress_items",
    ] {
        counts.push(
            app.count(&format!("SELECT count(*) AS n FROM {table}"))
                .await,
        );
    }
    counts
}

#[tokio::test]
async fn posts_and_threads_read_as_they_did_on_wordpress() {
    let app = spawn_app().await;
    let report = import_fixture(&app).await;
    assert_eq!(report.count("articles"), 3, "{report}");
    assert!(report.failure.is_none(), "{report}");

    let page = app.page("/articles/renault-plan").await;
    assert_eq!(
        texts(&page, "h1.article__title"),
        ["Renault’s plan & la Zoé"]
    );
    let body = texts(&page, ".article__body").join(" ");
    for expected in [
        "Ce que dit le plan",
        "32 000 €",
        "Plus de marge",
        "La Zoé, en 2025",
        "À retenir",
    ] {
        assert!(body.contains(expected), "{expected} missing from the body");
    }
    assert!(!page.contains("wpdiscuz-feedback") && !page.contains("[wpdrating]"));
    assert_eq!(
        attrs(&page, ".article__body figure img", "alt"),
        ["Une Zoé bleue"]
    );
    let image = attrs(&page, ".article__body figure img", "src").remove(0);
    assert!(
        image.starts_with("/images/"),
        "re-homed from the uploads: {image}"
    );
    assert_eq!(app.get(&image).await.status(), StatusCode::OK);
    assert_eq!(
        attrs(&page, ".article__hero img", "alt"),
        ["Une Zoé bleue"],
        "the featured image"
    );
    assert_eq!(texts(&page, "table th"), ["Modèle", "Prix", "Autonomie"]);
    assert!(
        page.contains("callout"),
        "the pinned group is a callout box"
    );

    // Threads: a reply whose parent comes later in the file, the author's reply, an orphan.
    let names = texts(&page, ".comment__author");
    for name in [
        "Jean & Marie",
        "Claire Martin",
        "Paul",
        "Sophie",
        "Orpheline",
    ] {
        assert!(
            names.iter().any(|n| n == name),
            "{name} not shown: {names:?}"
        );
    }
    for hidden in [
        "En attente",
        "Corbeille",
        "Billet supprimé",
        "Un autre blog » Revue de presse",
    ] {
        assert!(!names.iter().any(|n| n == hidden), "{hidden} is shown");
    }
    assert_eq!(
        attrs(&page, "#comment-102", "class"),
        ["comment comment--level-1"]
    );
    assert_eq!(
        attrs(&page, "#comment-103", "class"),
        ["comment comment--level-1"]
    );
    assert_eq!(
        attrs(&page, "#comment-109", "class"),
        ["comment comment--level-0"]
    );
    assert_eq!(
        texts(&page, "#comment-102 .badge").len(),
        1,
        "the author's reply is the author's"
    );
    assert_eq!(
        attrs(&page, "#comment-101 .comment__author a", "href"),
        ["https://jean.example/?a=1&b=2"]
    );
    assert_eq!(texts(&page, "#comment-101 .comment__body p").len(), 2);
    assert_eq!(texts(&page, "#comment-101 .vote__score"), ["1"]);
    assert_eq!(
        texts(&page, "#comment-105 .vote__score"),
        ["1"],
        "the dump's voters, not the meta's 5"
    );

    // The rating: the meta's average and count, and the dump's raters on the classic post.
    assert_eq!(texts(&page, ".rating__summary"), ["2,5 · 2 votes"]);
    let classic = app.page("/articles/billet-classique").await;
    assert_eq!(
        texts(&classic, "h1.article__title"),
        ["Un billet classique & ancien"]
    );
    assert_eq!(texts(&classic, ".rating__summary"), ["4,0 · 3 votes"]);
    assert_eq!(attrs(&classic, "figure img", "alt"), ["L’usine de Flins"]);
    assert_eq!(
        attrs(&classic, "figure img", "src"),
        ["https://blog.example/wp-content/uploads/2019/03/usine.jpg"],
        "an image missing from the copy keeps its address"
    );
    assert_eq!(
        texts(&classic, "figure figcaption"),
        ["L'usine de Flins en 2019"]
    );
    assert_eq!(texts(&classic, "ol li"), ["un", "deux"]);

    // What the database holds besides.
    let statuses =
        |id: i64| format!("SELECT count(*) AS n FROM comments WHERE id = {id} AND status = ");
    assert_eq!(app.count(&format!("{}'pending'", statuses(104))).await, 1);
    assert_eq!(app.count(&format!("{}'trash'", statuses(106))).await, 1);
    assert_eq!(app.count(&format!("{}'trash'", statuses(107))).await, 1);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comments").await,
        9,
        "no pingback, no note"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM comments WHERE id = 110 AND anchor LIKE '%la marge baisse%'"
        )
        .await,
        1,
        "the inline comment is on its passage"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comments WHERE id = 101 AND author_email = 'jean@example.org' AND client_network = '198.51.100.0/24'").await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM articles WHERE slug = 'brouillon-sans-nom' AND status = 'draft'").await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM themes WHERE slug IN ('strategie', 'batteries')")
            .await,
        2
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM themes WHERE slug = 'non-classe'")
            .await,
        0
    );
    assert_eq!(report.skipped.get("pingbacks (not comments)"), Some(&1));
    assert_eq!(
        report.skipped.get("editorial notes (never public)"),
        Some(&1)
    );
    assert_eq!(
        report
            .skipped
            .get("customised wpDiscuz phrases (Sillage's interface has its own texts)"),
        Some(&2),
        "wpDiscuz's phrases counted, not imported"
    );
    let problems = report.to_string();
    for expected in [
        "bare `&`",
        "control characters",
        "its parent 999 is not in the file",
        "`2019/03/usine.jpg` is not in the uploads copy",
        "a [gallery] was left out (attachments 13, 77): add its images in the editor",
    ] {
        assert!(
            problems.contains(expected),
            "{expected} not reported: {problems}"
        );
    }
}

#[tokio::test]
async fn confirmed_subscriptions_become_follows_with_their_consent() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    let follow = |email: &str, mode: &str| {
        format!(
            "SELECT count(*) AS n FROM follows f JOIN readers r ON r.id = f.reader_id \
             JOIN follow_consents c ON c.follow_id = f.id \
             WHERE r.email = '{email}' AND r.confirmed_at IS NOT NULL AND f.mode = '{mode}' \
             AND f.status = 'active' AND c.source LIKE 'wpDiscuz subscription%' \
             AND c.consented_at < '2025-07-01'"
        )
    };
    assert_eq!(app.count(&follow("lecteur@example.org", "all")).await, 1);
    assert_eq!(app.count(&follow("jean@example.org", "replies")).await, 1);
    assert_eq!(app.count(&follow("sophie@example.org", "replies")).await, 1);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM readers WHERE email = 'pas.confirme@example.org'")
            .await,
        0,
        "an unconfirmed subscription gets nothing"
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM follows").await, 3);
}

#[tokio::test]
async fn a_page_becomes_an_article_without_themes_with_its_old_addresses() {
    let app = spawn_app().await;
    let report = import_fixture(&app).await;
    assert_eq!(report.count("pages as articles"), 1, "{report}");
    let page = app.page("/articles/a-propos").await;
    assert_eq!(texts(&page, "h1.article__title"), ["À propos"]);
    assert!(
        texts(&page, ".article__body")
            .join(" ")
            .contains("Qui je suis.")
    );
    let themes = "SELECT count(*) AS n FROM article_themes t JOIN articles a \
                  ON a.id = t.article_id WHERE a.slug = 'a-propos'";
    assert_eq!(app.count(themes).await, 0, "no themes");
    for old in ["/?page_id=40", "/?p=40", "/a-propos/"] {
        let response = app.get(old).await;
        assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY, "{old}");
        assert_eq!(
            response.headers()["location"],
            "/articles/a-propos",
            "{old}"
        );
    }
    let again = import_fixture(&app).await;
    assert_eq!(again.count("pages as articles"), 0, "{again}");
    assert_eq!(again.existing.get("pages as articles"), Some(&1));
}

#[tokio::test]
async fn old_addresses_answer_with_a_permanent_redirect() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    for (old, new) in [
        ("/?p=12", "/articles/renault-plan"),
        ("/2025/06/renault-plan/", "/articles/renault-plan"),
        ("/2025/06/renault-plan", "/articles/renault-plan"),
        (
            "/2025/06/renault-plan/comment-page-2/",
            "/articles/renault-plan",
        ),
        ("/renault-plan/", "/articles/renault-plan"),
        ("/ancien-plan/", "/articles/renault-plan"),
        ("/2025/06/ancien-plan/", "/articles/renault-plan"),
        (
            "/2025/06/renault-plan/feed/",
            "/articles/renault-plan/comments.xml",
        ),
        ("/2025/06/renault-plan/zoe/", "/articles/renault-plan"),
        ("/?attachment_id=13", "/articles/renault-plan"),
        ("/category/strategie/", "/themes/strategie"),
        ("/tag/batteries/", "/themes/batteries"),
        ("/feed/", "/feed.xml"),
        ("/2019/03/billet-classique/", "/articles/billet-classique"),
        ("/?replytocom=102", "/comments/102"),
        ("/2025/06/renault-plan/?replytocom=103", "/comments/103"),
    ] {
        let response = app.get(old).await;
        assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY, "{old}");
        assert_eq!(response.headers()["location"], new, "{old}");
    }
    assert_eq!(
        app.get("/2025/06/inconnu/").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/?p=999").await.status(),
        StatusCode::OK,
        "the home page still answers"
    );
    assert_eq!(
        app.get("/articles/renault-plan").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn importing_again_changes_nothing() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    let before = footprint(&app).await;
    let again = import_fixture(&app).await;
    assert_eq!(footprint(&app).await, before);
    assert_eq!(again.count("articles"), 0, "{again}");
    assert_eq!(again.count("comments"), 0, "{again}");
    assert_eq!(again.existing.get("articles"), Some(&3), "{again}");
    let page = app.page("/articles/renault-plan").await;
    assert_eq!(texts(&page, ".rating__summary"), ["2,5 · 2 votes"]);
}

#[tokio::test]
async fn the_dump_can_come_later_and_adds_only_what_is_new() {
    let app = spawn_app().await;
    import(&app, &options(fixture("blog.xml"), false, false))
        .await
        .unwrap();
    let page = app.page("/articles/renault-plan").await;
    assert_eq!(
        texts(&page, "#comment-105 .vote__score"),
        ["5"],
        "the meta's total, first"
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM follows").await, 0);
    import_fixture(&app).await;
    let page = app.page("/articles/renault-plan").await;
    assert_eq!(
        texts(&page, "#comment-105 .vote__score"),
        ["1"],
        "then the voters themselves"
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM follows").await, 3);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM articles").await,
        4,
        "three posts and a page, once"
    );
}

#[tokio::test]
async fn a_newer_export_adds_only_what_is_new() {
    let app = spawn_app().await;
    import_fixture(&app).await;
    app.execute("UPDATE articles SET title = 'Retouché ici' WHERE slug = 'renault-plan'")
        .await;
    let before = footprint(&app).await;
    let newer = std::fs::read_to_string(fixture("blog.xml")).unwrap().replacen(
        "\t\t<wp:comment>\n\t\t\t<wp:comment_id>103</wp:comment_id>",
        "\t\t<wp:comment><wp:comment_id>120</wp:comment_id><wp:comment_author>Nouvelle</wp:comment_author>\
         <wp:comment_date_gmt>2026-11-29 10:00:00</wp:comment_date_gmt><wp:comment_content>Arrivée après le premier export.</wp:comment_content>\
         <wp:comment_approved>1</wp:comment_approved><wp:comment_parent>101</wp:comment_parent></wp:comment>\n\
         \t\t<wp:comment>\n\t\t\t<wp:comment_id>103</wp:comment_id>",
        1,
    );
    let dir = std::env::temp_dir().join(format!("sillage-newer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("newer.xml");
    std::fs::write(&path, newer).unwrap();
    let report = import(&app, &options(path.clone(), true, false))
        .await
        .unwrap();
    assert_eq!(report.count("comments"), 1, "{report}");
    assert_eq!(report.count("articles"), 0, "{report}");
    let after = footprint(&app).await;
    assert_eq!(after[1], before[1] + 1, "one comment more");
    assert_eq!(after[0], before[0], "no article more");
    let page = app.page("/articles/renault-plan").await;
    assert_eq!(
        texts(&page, "h1.article__title"),
        ["Retouché ici"],
        "the author's edit stays"
    );
    assert_eq!(
        attrs(&page, "#comment-120", "class"),
        ["comment comment--level-1"]
    );
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn a_dry_run_reports_and_writes_nothing() {
    let app = spawn_app().await;
    let empty = footprint(&app).await;
    let report = import(&app, &options(fixture("blog.xml"), true, true))
        .await
        .unwrap();
    assert!(report.dry_run);
    assert_eq!(report.count("articles"), 3);
    assert_eq!(report.count("follows"), 3);
    assert!(
        report
            .to_string()
            .starts_with("Dry run: nothing was written.")
    );
    assert_eq!(footprint(&app).await, empty);
}

#[tokio::test]
async fn a_truncated_export_keeps_the_posts_read_whole() {
    let app = spawn_app().await;
    let whole = std::fs::read_to_string(fixture("blog.xml")).unwrap();
    let cut = whole
        .find("Premier paragraphe du billet classique")
        .unwrap();
    let dir = std::env::temp_dir().join(format!("sillage-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let truncated = dir.join("truncated.xml");
    std::fs::write(&truncated, &whole[..cut]).unwrap();
    let report = import(&app, &options(truncated.clone(), false, false))
        .await
        .unwrap();
    let failure = report.failure.clone().expect("the truncation is reported");
    assert!(failure.contains("truncated"), "{failure}");
    assert_eq!(report.count("articles"), 1);
    assert_eq!(
        app.get("/articles/renault-plan").await.status(),
        StatusCode::OK
    );
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 1);
    std::fs::remove_file(truncated).unwrap();
}

#[tokio::test]
async fn a_file_that_is_not_an_export_is_refused() {
    let app = spawn_app().await;
    let dir = std::env::temp_dir().join(format!("sillage-not-wxr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, content) in [
        (
            "page.html",
            "<!DOCTYPE html><html><body><p>Bonjour</p></body></html>",
        ),
        (
            "feed.xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Un flux</title><item><title>x</title></item></channel></rss>",
        ),
        ("binary.xml", "\u{1}\u{2}PK\u{3}\u{4} pas du XML"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        let error = import(&app, &options(path, false, false))
            .await
            .unwrap_err();
        assert!(
            format!("{error:#}").contains("not a WordPress export"),
            "{name}: {error:#}"
        );
    }
    let missing = import(&app, &options(dir.join("absent.xml"), false, false)).await;
    assert!(format!("{:#}", missing.unwrap_err()).contains("cannot open"));
    assert_eq!(app.count("SELECT count(*) AS n FROM articles").await, 0);
}

#[tokio::test]
async fn the_command_imports_and_fails_clearly_on_a_bad_file() {
    let app = spawn_app().await;
    let run = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sillage"));
        command.env_remove("DATABASE_URL").env("RUST_LOG", "warn");
        for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("SILLAGE_")) {
            command.env_remove(key);
        }
        command
            .env("DATABASE_URL", &app.database.url)
            .args(["import", "wordpress"])
            .args(args)
            .output()
            .unwrap()
    };
    let wxr = fixture("blog.xml");
    let sql = fixture("wpdiscuz.sql");
    let output = run(&[
        wxr.to_str().unwrap(),
        "--wpdiscuz-sql",
        sql.to_str().unwrap(),
        "--categories",
        "series",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Imported: 3 articles"), "{stdout}");
    assert!(
        stdout.contains("line "),
        "problems carry their line: {stdout}"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM articles a JOIN series s ON s.id = a.series_id WHERE s.slug = 'strategie'").await,
        1
    );
    let refused = run(&[sql.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a WordPress export"));
}
