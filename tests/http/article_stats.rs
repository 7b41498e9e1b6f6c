//! What each article and each send brought: a signup keeps the article page its form sat on
//! (a forged page is no article, never an error), a follow and a comment belong to their
//! article, the stats page and its CSV exports say what the database holds, and a send's
//! results come from its ledger and the unsubscribes made through its links or by its readers.

use reqwest::StatusCode;

use crate::follows::{ARTICLE, app, confirm, follow, page_from, settle};
use crate::newsletter_delivery::{compose, send, subscriber, worker};
use crate::support::tools::assert_valid_html;
use crate::support::{TestApp, attrs, csrf_token_named, path_of, texts};

/// `POST /newsletter` from the signup form of the page at `page`, its `from` replaced when
/// `from` is given.
async fn sign_up_on(app: &TestApp, page: &str, email: &str, from: Option<&str>) -> StatusCode {
    let html = page_from(app, &app.client, page).await;
    let stamp = csrf_token_named(&html, "form_ts");
    let shown = attrs(&html, "form.signup input[name=from]", "value");
    let from = from.map_or_else(|| shown[0].clone(), str::to_owned);
    app.post_form(
        "/newsletter",
        &[("email", email), ("form_ts", &stamp), ("from", &from)],
    )
    .await
    .status()
}

/// The article a reader's subscription is attributed to (0 for none).
async fn source_of(app: &TestApp, email: &str) -> i64 {
    app.count(&format!("SELECT coalesce(s.source_article_id, 0) AS n FROM newsletter_subscriptions s JOIN readers r ON r.id = s.reader_id WHERE r.email = '{email}'")).await
}

/// Parses a CSV export back, its byte order mark dropped; the header row first.
async fn csv_rows(app: &TestApp, path: &str) -> Vec<Vec<String>> {
    let response = app.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let body = response.text().await.unwrap();
    let body = body.trim_start_matches('\u{feff}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn an_article_shows_what_it_brought_as_the_database_holds_it() {
    let (app, sink) = app().await;
    app.set_up_author().await;
    let page = format!("/articles/{ARTICLE}");
    let id = app
        .count(&format!(
            "SELECT id AS n FROM articles WHERE slug = '{ARTICLE}'"
        ))
        .await;

    // A signup from the article's page is the article's; forged pages are no article.
    let html = page_from(&app, &app.client, &page).await;
    assert!(
        attrs(&html, "input[name=from]", "value")
            .iter()
            .all(|v| *v == page)
    );
    assert_eq!(
        sign_up_on(&app, &page, "lu@example.org", None).await,
        StatusCode::SEE_OTHER
    );
    for (email, forged) in [
        ("faux@example.org", "/articles/inconnu"),
        ("autre@example.org", "javascript:alert(1)"),
        ("rien@example.org", ""),
    ] {
        assert_eq!(
            sign_up_on(&app, "/", email, Some(forged)).await,
            StatusCode::SEE_OTHER,
            "{forged:?} is never an error"
        );
    }
    assert_eq!(
        sign_up_on(&app, "/confidentialite", "prive@example.org", None).await,
        StatusCode::SEE_OTHER
    );
    confirm(&app, &sink, "lu@example.org").await;
    assert_eq!(source_of(&app, "lu@example.org").await, id);
    for email in [
        "faux@example.org",
        "autre@example.org",
        "rien@example.org",
        "prive@example.org",
    ] {
        assert_eq!(source_of(&app, email).await, 0, "{email}");
    }
    // A follow is its article's.
    assert_eq!(
        follow(&app, "suit@example.org", "all").await.status(),
        StatusCode::SEE_OTHER
    );
    confirm(&app, &sink, "suit@example.org").await;
    settle(&app).await;
    // A comment and ratings belong to their article; one from long ago counts for no period.
    app.execute(&format!("INSERT INTO comments (article_id, depth, author_name, author_email, body_markdown, body_html, status, notify, client_network) VALUES ({id}, 0, 'Léa', 'lea@example.org', 'Merci', '<p>Merci</p>', 'approved', 'none', '127.0.0.0/24')")).await;
    app.execute(&format!("INSERT INTO ratings (article_id, reader_id, stars, client_network, created_at, updated_at) VALUES ({id}, 'lecteur-a-0000000000000000', 5, '127.0.0.0/24', now(), now()), ({id}, 'lecteur-b-0000000000000000', 4, '127.0.0.0/24', now(), now()), ({id}, 'lecteur-c-0000000000000000', 5, '127.0.0.0/24', now() - interval '2 years', now())")).await;
    // Views: 7 today (5 visitors), 5 in the period before.
    app.execute("DELETE FROM page_views").await;
    app.execute("DELETE FROM page_sources").await;
    app.execute(&format!("INSERT INTO page_views (day, path, views, visitors) VALUES (current_date, '{page}', 7, 5), (current_date - 40, '{page}', 5, 5), (current_date, '*', 7, 5)")).await;
    app.execute(&format!("INSERT INTO page_sources (day, path, source, views) VALUES (current_date, '{page}', 'search:google.fr', 4), (current_date, '{page}', 'direct', 3)")).await;

    let stats = format!("/admin/articles/{id}/stats");
    let html = app.page(&stats).await;
    assert_eq!(texts(&html, "[data-count=views]"), ["7"]);
    assert_eq!(texts(&html, "[data-count=visitors]"), ["5"]);
    assert_eq!(texts(&html, "[data-change=views]"), ["+40 %"]);
    assert_eq!(texts(&html, "[data-change=visitors]"), ["+0 %"]);
    assert_eq!(
        texts(&html, "[data-chart=daily] rect title").len(),
        30,
        "a bar a day"
    );
    assert_eq!(texts(&html, "[data-table=daily] tbody tr").len(), 30);
    let sources = texts(&html, "[data-table=sources] tbody td");
    assert_eq!(sources, ["Moteurs de recherche", "4", "Accès direct", "3"]);
    let held = |sql: &str| format!("SELECT count(*) AS n FROM {sql}");
    let expected = [
        ("subscribers", app.count(&held(&format!("newsletter_subscriptions WHERE source_article_id = {id} AND subscribed_at > now() - interval '1 day'"))).await),
        ("follows", app.count(&held(&format!("follows WHERE article_id = {id} AND activated_at > now() - interval '1 day'"))).await),
        ("comments", app.count(&held(&format!("comments WHERE article_id = {id} AND NOT by_author AND status IN ('approved', 'pending') AND created_at > now() - interval '29 days'"))).await),
        ("ratings", app.count(&held(&format!("ratings WHERE article_id = {id} AND created_at > now() - interval '29 days'"))).await),
    ];
    assert_eq!(expected[0].1, 1);
    assert_eq!(expected[1].1, 1);
    assert!(expected[2].1 >= 1);
    assert_eq!(expected[3].1, 2);
    for (what, n) in expected {
        assert_eq!(
            texts(&html, &format!("[data-brought={what}] td"))[0],
            n.to_string(),
            "{what}"
        );
    }
    let spread = texts(&html, "[data-table=ratings] tbody td");
    assert_eq!(spread, ["2", "1", "0", "0", "0"], "5 stars first");

    // The exports say the same.
    let daily = csv_rows(&app, &format!("{stats}.csv?table=daily&days=30")).await;
    assert_eq!(daily[0], ["day", "views", "visitors"]);
    assert_eq!(daily.len(), 31);
    assert_eq!(daily[30][1..], ["7", "5"]);
    let brought = csv_rows(&app, &format!("{stats}.csv?table=brought&days=30")).await;
    assert_eq!(brought[0], ["what", "this_period", "previous_period"]);
    assert_eq!(brought[1], ["subscribers", "1", "0"]);
    assert_eq!(brought[4], ["ratings", "2", "0"]);
    let sources = csv_rows(&app, &format!("{stats}.csv?table=sources&days=90")).await;
    assert_eq!(sources[1], ["Moteurs de recherche", "4"]);
    let ratings = csv_rows(&app, &format!("{stats}.csv?table=ratings")).await;
    assert_eq!(
        ratings[1..],
        [["1", "0"], ["2", "0"], ["3", "0"], ["4", "1"], ["5", "2"]]
    );
    let year = csv_rows(&app, &format!("{stats}.csv?table=daily&days=365")).await;
    assert_eq!(year.len(), 366);

    // Linked from the articles list and the dashboard's top articles.
    let list = app.page("/admin/articles").await;
    assert!(attrs(&list, "[data-stats]", "href").contains(&stats));
    let dashboard = app.page("/admin").await;
    assert_eq!(
        attrs(&dashboard, "[data-stats]", "href"),
        [format!("{stats}?days=30")]
    );
    let privacy = app.page("/confidentialite").await;
    assert_valid_html(&[html, privacy]);
}

#[tokio::test]
async fn ratings_over_time_are_shown_by_week_then_by_month_and_exported() {
    let (app, _sink) = app().await;
    app.set_up_author().await;
    let id = app
        .count(&format!(
            "SELECT id AS n FROM articles WHERE slug = '{ARTICLE}'"
        ))
        .await;
    app.execute(&format!("INSERT INTO ratings (article_id, reader_id, stars, client_network, created_at, updated_at) VALUES ({id}, 'lecteur-a-0000000000000000', 5, '127.0.0.0/24', now(), now()), ({id}, 'lecteur-b-0000000000000000', 3, '127.0.0.0/24', now() - interval '8 days', now()), ({id}, 'lecteur-c-0000000000000000', 1, '127.0.0.0/24', now() - interval '40 days', now()), ({id}, 'lecteur-d-0000000000000000', 2, '127.0.0.0/24', now() - interval '400 days', now())")).await;
    let stats = format!("/admin/articles/{id}/stats");

    let month = app.page(&stats).await;
    let weeks = texts(&month, "[data-table=rating-trend] tbody th");
    assert!((5..=6).contains(&weeks.len()), "{weeks:?}");
    assert!(
        weeks.iter().all(|w| w.starts_with("Semaine du ")),
        "{weeks:?}"
    );
    let totals = texts(&month, "[data-table=rating-trend] tbody td:last-child");
    assert_eq!(
        totals
            .iter()
            .map(|n| n.parse::<i64>().unwrap())
            .sum::<i64>(),
        2
    );
    assert_eq!(
        texts(&month, "[data-summary=rating-trend]"),
        ["2 évaluations données en 30 jours, moyenne 4,0 sur 5, au plus 1 par semaine."]
    );
    assert_eq!(
        texts(&month, "[data-chart=rating-trend] rect title").len(),
        2
    );

    let quarter = app.page(&format!("{stats}?days=90")).await;
    let months = texts(&quarter, "[data-table=rating-trend] tbody th");
    assert!((3..=4).contains(&months.len()), "{months:?}");
    assert!(
        texts(&quarter, "[data-summary=rating-trend]")[0]
            .starts_with("3 évaluations données en 90 jours, moyenne 3,0 sur 5"),
    );
    let timezone = app.settings.site.timezone;
    let long_ago =
        chrono::Utc::now().with_timezone(&timezone).date_naive() - chrono::Duration::days(40);
    let csv = csv_rows(&app, &format!("{stats}.csv?table=rating_trend&days=90")).await;
    assert_eq!(
        csv[0],
        [
            "month", "stars_1", "stars_2", "stars_3", "stars_4", "stars_5"
        ]
    );
    assert_eq!(csv.len(), months.len() + 1);
    let one_star = csv
        .iter()
        .find(|row| row[0] == long_ago.format("%Y-%m-01").to_string())
        .unwrap();
    assert_eq!(one_star[1], "1");
    let all: i64 = csv[1..]
        .iter()
        .flat_map(|row| row[1..].iter().map(|n| n.parse::<i64>().unwrap()))
        .sum();
    assert_eq!(all, 3, "the rating of 400 days ago is in no period shown");
    let year = csv_rows(&app, &format!("{stats}.csv?table=rating_trend&days=365")).await;
    assert!((12..=13).contains(&(year.len() - 1)));
    assert_valid_html(&[month, quarter]);
}

#[tokio::test]
async fn bad_ids_periods_and_tables_are_refused_clearly() {
    let (app, _sink) = app().await;
    let id = app
        .count(&format!(
            "SELECT id AS n FROM articles WHERE slug = '{ARTICLE}'"
        ))
        .await;
    let stats = format!("/admin/articles/{id}/stats");
    assert_eq!(
        app.get(&stats).await.status(),
        StatusCode::SEE_OTHER,
        "author only"
    );
    app.set_up_author().await;
    for (path, status) in [
        (
            "/admin/articles/999999/stats".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            "/admin/articles/abc/stats".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            "/admin/articles/999999/stats.csv?table=daily".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (format!("{stats}?days=7"), StatusCode::BAD_REQUEST),
        (format!("{stats}?days=trente"), StatusCode::BAD_REQUEST),
        (
            format!("{stats}.csv?table=daily&days=0"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("{stats}.csv?table=secrets"),
            StatusCode::BAD_REQUEST,
        ),
        (format!("{stats}.csv"), StatusCode::BAD_REQUEST),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), status, "{path}");
        if status == StatusCode::BAD_REQUEST {
            let body = response.text().await.unwrap();
            assert!(
                body.contains("Période inconnue") || body.contains("Tableau inconnu"),
                "{path}: {body}"
            );
        }
    }
}

#[tokio::test]
async fn a_sends_results_match_its_ledger_and_the_unsubscribes_it_caused() {
    let (app, sink) = crate::support::spawn_app_with_smtp(|_| {}).await;
    app.set_up_author().await;
    let mut readers = Vec::new();
    for name in ["a", "b", "c", "d", "e"] {
        readers.push(subscriber(&app, &format!("{name}@example.org"), "subscribed", &[]).await);
    }
    let id = compose(&app, "Résultats", &[]).await;
    sink.refuse_next(1, 550);
    assert_eq!(
        send(&app, id, "now", "").await.status(),
        StatusCode::SEE_OTHER
    );
    let ctx = worker(&app, &sink).await;
    crate::newsletter_delivery::drain(&ctx, chrono::Utc::now()).await;
    // The app's own worker may hold a lease on the last rows: wait until it is done too.
    crate::support::eventually("every delivery is done", async || {
        app.count(&format!(
            "SELECT count(*) AS n FROM deliveries WHERE newsletter_id = {id} AND status = 'pending'"
        ))
        .await
            == 0
    })
    .await;
    let ledger = |status: &str| {
        format!("SELECT count(*) AS n FROM deliveries WHERE newsletter_id = {id} AND {status}")
    };
    assert_eq!(app.count(&ledger("status = 'sent'")).await, 4);
    assert_eq!(app.count(&ledger("status = 'failed' AND bounced")).await, 1);
    // One more failure, as after its retries ran out.
    let sent: Vec<i64> = {
        let mails = sink.messages();
        let mut ids = Vec::new();
        for mail in &mails {
            let link = mail.link("/newsletter/unsubscribe/");
            assert!(link.ends_with(&format!("?send={id}")), "{link}");
            ids.push(
                sillage::mail::link_key::LinkKey::claimed_reader(
                    path_of(&link).trim_start_matches("/newsletter/unsubscribe/"),
                )
                .unwrap(),
            );
        }
        ids
    };
    app.execute(&format!(
        "UPDATE deliveries SET status = 'failed' WHERE newsletter_id = {id} AND reader_id = {}",
        sent[3]
    ))
    .await;

    // Through this send's link: counted, and the send recorded.
    let link = sink.messages()[0].link("/newsletter/unsubscribe/");
    let shown = app.page(&path_of(&link)).await;
    assert!(
        attrs(&shown, "form[action^='/newsletter/unsubscribe/']", "action")[0]
            .ends_with(&format!("?send={id}"))
    );
    assert_eq!(
        crate::support::one_click(&app, &link).await.status(),
        StatusCode::OK
    );
    // Through the preferences page (no send named): counted as one of its recipients.
    let preferences = path_of(&sink.messages()[1].link("/newsletter/preferences/"));
    let response = app
        .post_form(
            preferences.split('?').next().unwrap(),
            &[("action", "unsubscribe")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    // A link naming a send that never reached the reader keeps no send; one left a week later
    // and a reader who was no recipient do not count.
    let third = sink.messages()[2].link("/newsletter/unsubscribe/");
    let forged = third.replace(&format!("?send={id}"), "?send=999999");
    assert_eq!(
        crate::support::one_click(&app, &forged).await.status(),
        StatusCode::OK
    );
    app.execute("UPDATE newsletter_subscriptions SET unsubscribed_at = now() + interval '8 days' WHERE reader_id = (SELECT reader_id FROM newsletter_subscriptions WHERE unsubscribed_newsletter_id IS NULL AND status = 'unsubscribed' ORDER BY unsubscribed_at DESC LIMIT 1)").await;
    let stranger = subscriber(&app, "tard@example.org", "subscribed", &[]).await;
    app.execute(&format!("UPDATE newsletter_subscriptions SET status = 'unsubscribed', unsubscribed_at = now() WHERE reader_id = {stranger}")).await;

    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM newsletter_subscriptions WHERE unsubscribed_newsletter_id = {id}")).await, 1);
    assert_eq!(app.count("SELECT count(*) AS n FROM newsletter_subscriptions WHERE unsubscribed_newsletter_id = 999999").await, 0);
    let html = app.page(&format!("/admin/newsletters/{id}")).await;
    assert_eq!(texts(&html, "[data-result=delivered]"), ["3"]);
    assert_eq!(texts(&html, "[data-result=failed]"), ["1"]);
    assert_eq!(texts(&html, "[data-result=bounced]"), ["1"]);
    assert_eq!(texts(&html, "[data-result=unsubscribed]"), ["2"]);
    assert_valid_html(&[html]);
}
