//! The author's subscriber admin: the list, the growth chart, adding by hand, erasure, the
//! welcome email's editor, and the login every route requires.

use chrono::Utc;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::newsletter_delivery::{subscriber, theme};
use crate::support::{TestApp, attrs, new_client, path_of, spawn_app, spawn_app_with_smtp, texts};

/// The status of the subscription of `email` ("none" without one).
pub async fn status_of(app: &TestApp, email: &str) -> String {
    for status in ["pending", "subscribed", "unsubscribed"] {
        let sql = format!(
            "SELECT count(*) AS n FROM newsletter_subscriptions s JOIN readers r ON r.id = s.reader_id WHERE r.email = '{email}' AND s.status = '{status}'"
        );
        if app.count(&sql).await == 1 {
            return status.to_owned();
        }
    }
    "none".into()
}

fn emails(page: &str) -> Vec<String> {
    let mut found = texts(page, "td.subscriber-email");
    found.sort();
    found
}

#[tokio::test]
async fn the_list_searches_filters_counts_and_pages() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let (a, b) = (theme(&app, "industrie").await, theme(&app, "energie").await);
    subscriber(&app, "lea@example.org", "subscribed", &[a]).await;
    subscriber(&app, "bob@example.org", "pending", &[]).await;
    subscriber(&app, "zoe@example.org", "unsubscribed", &[b]).await;
    subscriber(&app, "max@example.org", "subscribed", &[]).await;
    app.execute("UPDATE readers SET name = 'Léa Dupont' WHERE email = 'lea@example.org'")
        .await;
    app.execute("UPDATE readers SET hard_bounces = 2 WHERE email = 'max@example.org'")
        .await;

    let page = app.page("/admin/subscribers").await;
    assert_eq!(
        texts(&page, ".tabs a"),
        [
            "Tous (4)",
            "Abonnés (2)",
            "En attente (1)",
            "Désabonnés (1)"
        ]
    );
    assert_eq!(emails(&page).len(), 4);
    assert!(texts(&page, ".admin-nav a").contains(&"Abonnés".to_owned()));
    let lea_row = texts(&page, "tbody tr")
        .into_iter()
        .find(|row| row.contains("lea@example.org"))
        .unwrap();
    assert!(
        lea_row.contains("Léa Dupont") && lea_row.contains("industrie"),
        "{lea_row}"
    );
    let max_row = texts(&page, "tbody tr")
        .into_iter()
        .find(|row| row.contains("max@example.org"))
        .unwrap();
    assert!(max_row.contains("Tous les thèmes"), "{max_row}");
    let mut states = texts(&page, ".subscriber-status");
    states.sort();
    assert_eq!(
        states,
        ["Abonné", "Abonné", "Désabonné", "En attente"],
        "one subscriber's state in the singular"
    );
    let mut bounces = texts(&page, ".subscribers-table td:nth-child(8)");
    bounces.sort();
    assert_eq!(bounces, ["0", "0", "0", "2"], "hard bounces shown");

    for (query, expected) in [
        ("q=dupont", vec!["lea@example.org"]),
        ("q=BOB", vec!["bob@example.org"]),
        ("status=pending", vec!["bob@example.org"]),
        ("status=unsubscribed", vec!["zoe@example.org"]),
        (
            &format!("theme={a}"),
            // Bob and Max follow every theme.
            vec!["bob@example.org", "lea@example.org", "max@example.org"],
        ),
        (
            &format!("theme={b}&status=subscribed"),
            vec!["max@example.org"],
        ),
        ("q=%25", vec![]),
    ] {
        let page = app.page(&format!("/admin/subscribers?{query}")).await;
        assert_eq!(emails(&page), expected, "{query}");
    }
    let pending = app.page("/admin/subscribers?status=pending").await;
    assert_eq!(texts(&pending, ".tabs a.is-current"), ["En attente (1)"]);

    for bad in [
        "status=nope&theme=abc&after=-1",
        "theme=99999999999999999999&after=99999999999999999999",
        "q=%00%01&status=",
        "status=pending&status=subscribed",
    ] {
        let response = app.get(&format!("/admin/subscribers?{bad}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{bad}");
    }

    app.execute("INSERT INTO readers (email, link_salt) SELECT 'page' || n || '@example.org', decode('00112233445566778899aabbccddeeff', 'hex') FROM generate_series(1, 55) AS n").await;
    app.execute("INSERT INTO newsletter_subscriptions (reader_id, status, consent_text, consent_at, consent_network) SELECT id, 'pending', 'ok', now(), 'x' FROM readers WHERE email LIKE 'page%'").await;
    let first = app.page("/admin/subscribers").await;
    let first_rows = emails(&first);
    assert_eq!(first_rows.len(), 50);
    let next = attrs(&first, "a[rel=next]", "href");
    assert_eq!(next.len(), 1);
    let second = app.page(&next[0]).await;
    let second_rows = emails(&second);
    assert_eq!(second_rows.len(), 9);
    assert!(second_rows.iter().all(|e| !first_rows.contains(e)));
    assert!(attrs(&second, "a[rel=next]", "href").is_empty());
}

#[tokio::test]
async fn the_growth_chart_counts_subscribers_week_by_week() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let recent = subscriber(&app, "recent@example.org", "subscribed", &[]).await;
    let gone = subscriber(&app, "gone@example.org", "unsubscribed", &[]).await;
    let waiting = subscriber(&app, "waiting@example.org", "pending", &[]).await;
    app.execute(&format!("UPDATE newsletter_subscriptions SET subscribed_at = now() - interval '20 days' WHERE reader_id = {recent}")).await;
    app.execute(&format!("UPDATE newsletter_subscriptions SET subscribed_at = now() - interval '60 days', unsubscribed_at = now() - interval '10 days' WHERE reader_id = {gone}")).await;
    app.execute(&format!(
        "UPDATE newsletter_subscriptions SET subscribed_at = NULL WHERE reader_id = {waiting}"
    ))
    .await;

    let page = app.page("/admin/subscribers").await;
    // Thirteen points: twelve weeks ago … now.
    assert_eq!(
        texts(&page, "td.growth-count"),
        [
            "0", "0", "0", "0", "1", "1", "1", "1", "1", "1", "2", "1", "1"
        ]
    );
    assert_eq!(
        attrs(&page, "svg[role=img]", "aria-describedby"),
        ["growth-table"]
    );
    assert_eq!(texts(&page, "svg circle title").len(), 13);
    assert_eq!(texts(&page, "svg circle title")[10], "2");
    assert!(
        !page.contains("<script src=\"http"),
        "no third-party script"
    );
}

async fn add(app: &TestApp, form: &[(&str, &str)]) -> reqwest::Response {
    let page = app.page("/admin/subscribers/new").await;
    let csrf = crate::support::csrf_token(&page);
    let mut body = vec![("csrf_token", csrf.as_str())];
    body.extend_from_slice(form);
    app.post_form("/admin/subscribers/new", &body).await
}

#[tokio::test]
async fn adding_by_hand_records_the_consent_or_sends_a_confirmation() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    let a = theme(&app, "industrie").await;
    let a_text = a.to_string();
    let response = add(
        &app,
        &[
            ("email", " Ana@Example.org "),
            ("name", "Ana"),
            ("themes", &a_text),
            ("mode", "consented"),
            ("reason", "Inscrite au salon du livre"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[LOCATION], "/admin/subscribers");
    assert_eq!(status_of(&app, "ana@example.org").await, "subscribed");
    assert_eq!(app.count("SELECT count(*) AS n FROM newsletter_subscriptions s JOIN readers r ON r.id = s.reader_id WHERE r.name = 'Ana' AND r.confirmed_at IS NOT NULL AND s.consent_text LIKE '%Inscrite au salon du livre' AND NOT s.all_themes AND s.consent_network = 'admin'").await, 1);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM subscription_themes WHERE theme_id = {a}"
        ))
        .await,
        1
    );
    assert!(
        app.page("/admin/subscribers")
            .await
            .contains("Abonné ajouté.")
    );

    let response = add(&app, &[("email", "carl@example.org"), ("mode", "confirm")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, "carl@example.org").await, "pending");
    app.drain(Utc::now()).await;
    let mails = sink.messages();
    assert_eq!(mails.len(), 1, "only the confirmation goes out");
    assert_eq!(mails[0].to, ["carl@example.org"]);
    let confirm = path_of(&mails[0].link("/newsletter/confirm/"));
    assert_eq!(app.post_form(&confirm, &[]).await.status(), StatusCode::OK);
    assert_eq!(status_of(&app, "carl@example.org").await, "subscribed");

    subscriber(&app, "zoe@example.org", "unsubscribed", &[]).await;
    for (form, field, message) in [
        (
            vec![("email", "ana@example.org"), ("mode", "confirm")],
            "email",
            "déjà abonnée",
        ),
        (
            vec![
                ("email", "zoe@example.org"),
                ("mode", "consented"),
                ("reason", "Salon"),
            ],
            "email",
            "seule la personne",
        ),
        (
            vec![("email", "pas-une-adresse"), ("mode", "confirm")],
            "email",
            "",
        ),
        (
            vec![
                ("email", "n@example.org"),
                ("name", "a\u{1}b"),
                ("mode", "confirm"),
            ],
            "name",
            "",
        ),
        (
            vec![
                ("email", "n@example.org"),
                ("themes", "99999"),
                ("mode", "confirm"),
            ],
            "themes",
            "",
        ),
        (
            vec![
                ("email", "n@example.org"),
                ("mode", "consented"),
                ("reason", "  "),
            ],
            "reason",
            "",
        ),
        (
            vec![
                ("email", "n@example.org"),
                ("mode", "consented"),
                ("reason", "a\nb"),
            ],
            "reason",
            "",
        ),
        (
            vec![("email", "n@example.org"), ("mode", "sideways")],
            "mode",
            "",
        ),
        (vec![("email", "n@example.org")], "mode", ""),
    ] {
        let response = add(&app, &form).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{form:?}"
        );
        let page = response.text().await.unwrap();
        let error = texts(&page, &format!("#{field}-error"));
        assert_eq!(error.len(), 1, "{form:?}");
        assert!(error[0].contains(message), "{error:?}");
        assert!(
            page.contains(&format!("value=\"{}\"", form[0].1)),
            "typed value kept"
        );
    }
    assert_eq!(status_of(&app, "zoe@example.org").await, "unsubscribed");
    assert_eq!(status_of(&app, "n@example.org").await, "none");
    let forged = app
        .post_form(
            "/admin/subscribers/new",
            &[
                ("csrf_token", "forged"),
                ("email", "f@example.org"),
                ("mode", "confirm"),
            ],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(status_of(&app, "f@example.org").await, "none");
    app.drain(Utc::now()).await;
    app.assert_no_due_job(Utc::now()).await;
    assert_eq!(
        sink.messages().len(),
        2,
        "confirmation and welcome of carl only"
    );
}

#[tokio::test]
async fn erasing_a_subscriber_asks_first() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let id = subscriber(&app, "efface@example.org", "subscribed", &[]).await;
    let path = format!("/admin/subscribers/{id}/delete");
    let page = app.page(&path).await;
    assert_eq!(texts(&page, "#subscriber-email"), ["efface@example.org"]);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM readers").await,
        1,
        "GET erases nothing"
    );
    let forged = app.post_form(&path, &[("csrf_token", "forged")]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let csrf = crate::support::csrf_token(&page);
    let erased = app.post_form(&path, &[("csrf_token", &csrf)]).await;
    assert_eq!(erased.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT count(*) AS n FROM readers").await, 0);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM newsletter_subscriptions")
            .await,
        0
    );
    assert!(
        app.page("/admin/subscribers")
            .await
            .contains("Abonné effacé.")
    );
    assert_eq!(app.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.post_form(&path, &[("csrf_token", &csrf)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/admin/subscribers/abc/delete")
            .await
            .status()
            .as_u16()
            / 100,
        4
    );
}

#[tokio::test]
async fn every_subscriber_route_requires_the_author() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let id = subscriber(&app, "garde@example.org", "subscribed", &[]).await;
    let stranger = TestApp {
        client: new_client(),
        ..app
    };
    let delete = format!("/admin/subscribers/{id}/delete");
    for path in [
        "/admin/subscribers",
        "/admin/subscribers/export.csv",
        "/admin/subscribers/new",
        "/admin/subscribers/import",
        "/admin/subscribers/welcome",
        delete.as_str(),
    ] {
        let response = stranger.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "GET {path}");
        assert!(
            response.headers()[LOCATION]
                .to_str()
                .unwrap()
                .starts_with("/admin/login")
        );
    }
    for path in [
        "/admin/subscribers/new",
        "/admin/subscribers/welcome",
        delete.as_str(),
    ] {
        let response = stranger
            .post_form(
                path,
                &[
                    ("email", "x@example.org"),
                    ("mode", "confirm"),
                    ("subject", "x"),
                    ("body", "x"),
                ],
            )
            .await;
        assert!(
            response.status() == StatusCode::SEE_OTHER
                || response.status() == StatusCode::FORBIDDEN,
            "POST {path}"
        );
    }
    let form = reqwest::multipart::Form::new()
        .text("mode", "confirm")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"x@example.org\n".to_vec()).file_name("a.csv"),
        );
    let response = stranger
        .post_multipart("/admin/subscribers/import", form)
        .await;
    assert!(
        response.status() == StatusCode::SEE_OTHER || response.status() == StatusCode::FORBIDDEN
    );
    assert_eq!(stranger.count("SELECT count(*) AS n FROM readers").await, 1);
    assert_eq!(
        stranger
            .count("SELECT count(*) AS n FROM email_texts")
            .await,
        0
    );
}
