//! CSV export and import of subscribers: the export read back with the csv crate; imports in
//! odd encodings and separators, with broken lines, duplicates and unsubscribed addresses.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use reqwest::multipart::{Form, Part};

use crate::newsletter_delivery::{subscriber, theme};
use crate::subscribers::status_of;
use crate::support::{TestApp, csrf_token, spawn_app, spawn_app_with_smtp, texts};

fn read_csv(body: &[u8]) -> Vec<Vec<String>> {
    let body = body
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("a UTF-8 byte order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn the_export_is_a_csv_file_that_reads_back() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let a = theme(&app, "industrie").await;
    let lea = subscriber(&app, "lea@example.org", "subscribed", &[a]).await;
    let bob = subscriber(&app, "bob@example.org", "pending", &[]).await;
    app.execute(&format!(
        "UPDATE readers SET name = '=HYPERLINK(\"http://x\")' WHERE id = {lea}"
    ))
    .await;
    app.execute(&format!(
        "UPDATE readers SET name = 'Dupont, \"Bob\"\nÉmile' WHERE id = {bob}"
    ))
    .await;
    app.execute(&format!(
        "UPDATE newsletter_subscriptions SET consent_text = '@SUM(1)' WHERE reader_id = {bob}"
    ))
    .await;

    let response = app.get("/admin/subscribers/export.csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
    let disposition = response.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"subscribers-"),
        "{disposition}"
    );
    let rows = read_csv(&response.bytes().await.unwrap());
    assert_eq!(
        rows[0],
        [
            "email",
            "name",
            "status",
            "themes",
            "consent_text",
            "consent_at",
            "subscribed_at",
            "unsubscribed_at"
        ]
    );
    assert_eq!(rows.len(), 3);
    let lea_row = rows.iter().find(|r| r[0] == "lea@example.org").unwrap();
    assert_eq!(
        lea_row[1], "'=HYPERLINK(\"http://x\")",
        "a formula is defused"
    );
    assert_eq!(
        (lea_row[2].as_str(), lea_row[3].as_str()),
        ("subscribed", "industrie")
    );
    assert!(lea_row[5].ends_with('Z') && !lea_row[6].is_empty() && lea_row[7].is_empty());
    let bob_row = rows.iter().find(|r| r[0] == "bob@example.org").unwrap();
    assert_eq!(
        bob_row[1], "Dupont, \"Bob\"\nÉmile",
        "quotes, commas and lines survive"
    );
    assert_eq!(
        (
            bob_row[2].as_str(),
            bob_row[3].as_str(),
            bob_row[4].as_str()
        ),
        ("pending", "", "'@SUM(1)")
    );

    let pending = app
        .get("/admin/subscribers/export.csv?status=pending")
        .await;
    let rows = read_csv(&pending.bytes().await.unwrap());
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "bob@example.org");
}

async fn import(app: &TestApp, file: Vec<u8>, mode: &str, reason: &str) -> reqwest::Response {
    let csrf = csrf_token(&app.page("/admin/subscribers/import").await);
    let form = Form::new()
        .text("csrf_token", csrf)
        .text("mode", mode.to_owned())
        .text("reason", reason.to_owned())
        .part(
            "file",
            Part::bytes(file)
                .file_name("abonnes.csv")
                .mime_str("text/csv")
                .unwrap(),
        );
    app.post_multipart("/admin/subscribers/import", form).await
}

fn cell(page: &str, id: &str) -> String {
    texts(page, &format!("#{id}")).join("")
}

#[tokio::test]
async fn an_import_reports_bad_lines_merges_duplicates_and_never_resubscribes() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let (a, b) = (theme(&app, "industrie").await, theme(&app, "energie").await);
    subscriber(&app, "zoe@example.org", "unsubscribed", &[]).await;
    subscriber(&app, "max@example.org", "subscribed", &[]).await;
    subscriber(&app, "pen@example.org", "pending", &[]).await;
    // Windows-1252, semicolons, a header in another order.
    let file = b"Nom;E-mail;Th\xE8mes\n\
        L\xE9a;lea@example.org;industrie\n\
        ;pas-une-adresse;\n\
        Zo\xE9;zoe@example.org;\n\
        ;LEA@example.org;energie\n\
        Max;max@example.org;\n\
        Inconnu;x@example.org;Cuisine\n\
        Pen;pen@example.org;\n"
        .to_vec();
    let response = import(&app, file, "consented", "Liste papier du salon").await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert_eq!(cell(&page, "report-subscribed"), "2");
    assert_eq!(cell(&page, "report-already"), "1");
    assert_eq!(cell(&page, "report-merged"), "1");
    assert_eq!(cell(&page, "report-unsubscribed"), "1");
    assert_eq!(cell(&page, "report-invalid"), "2");
    assert_eq!(
        texts(&page, "#invalid-lines tbody td"),
        [
            "3",
            "adresse e-mail absente ou invalide",
            "7",
            "thème inconnu : Cuisine"
        ]
    );
    assert_eq!(
        texts(&page, "#unsubscribed-lines tbody td"),
        ["4", "zoe@example.org"]
    );
    assert_eq!(texts(&page, "#merged-lines tbody td"), ["5", "2"]);

    assert_eq!(status_of(&app, "zoe@example.org").await, "unsubscribed");
    assert_eq!(status_of(&app, "pen@example.org").await, "subscribed");
    assert_eq!(status_of(&app, "x@example.org").await, "none");
    assert_eq!(app.count("SELECT count(*) AS n FROM readers r JOIN newsletter_subscriptions s ON s.reader_id = r.id WHERE r.email = 'lea@example.org' AND r.name = 'Léa' AND s.consent_text LIKE '%Liste papier du salon' AND s.consent_network = 'import' AND r.confirmed_at IS NOT NULL").await, 1);
    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM subscription_themes st JOIN readers r ON r.id = st.reader_id WHERE r.email = 'lea@example.org' AND st.theme_id IN ({a}, {b})")).await, 2);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs").await,
        0,
        "nobody is mailed"
    );
}

#[tokio::test]
async fn an_import_with_a_byte_order_mark_and_commas_sends_confirmations() {
    let (app, sink) = spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    let file = "\u{feff}ana@example.org,Ana\nana@example.org,\nbad line\nbert@example.org,\"Bert, \"\"B\"\"\"\n".as_bytes().to_vec();
    let page = import(&app, file, "confirm", "")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(cell(&page, "report-confirmations"), "2", "{page}");
    assert_eq!(cell(&page, "report-merged"), "1");
    assert_eq!(
        texts(&page, "#invalid-lines tbody td"),
        ["3", "adresse e-mail absente ou invalide"]
    );
    assert_eq!(status_of(&app, "ana@example.org").await, "pending");
    let mut to: Vec<String> = sink
        .wait_for(2)
        .await
        .into_iter()
        .flat_map(|m| m.to)
        .collect();
    to.sort();
    assert_eq!(to, ["ana@example.org", "bert@example.org"]);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM readers WHERE name = 'Bert, \"B\"'")
            .await,
        1
    );

    let again = import(&app, b"ana@example.org\n".to_vec(), "confirm", "")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        cell(&again, "report-held-back"),
        "1",
        "no second confirmation within minutes"
    );
}

#[tokio::test]
async fn a_bad_import_form_is_shown_again_and_writes_nothing() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let ok = b"a@example.org\n".to_vec();
    for (file, mode, reason, field) in [
        (Vec::new(), "confirm", "", "file"),
        (ok.clone(), "consented", "", "reason"),
        (ok.clone(), "", "", "mode"),
        (vec![b'x'; 2 * 1024 * 1024 + 1], "confirm", "", "file"),
        (
            (0..20_001)
                .map(|i| format!("u{i}@example.org\n"))
                .collect::<String>()
                .into_bytes(),
            "confirm",
            "",
            "file",
        ),
    ] {
        let response = import(&app, file, mode, reason).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}"
        );
        let page = response.text().await.unwrap();
        assert_eq!(texts(&page, &format!("#{field}-error")).len(), 1, "{field}");
    }
    let form = Form::new()
        .text("csrf_token", "forged")
        .text("mode", "confirm")
        .part("file", Part::bytes(ok).file_name("a.csv"));
    let forged = app.post_multipart("/admin/subscribers/import", form).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT count(*) AS n FROM readers").await, 0);
}
