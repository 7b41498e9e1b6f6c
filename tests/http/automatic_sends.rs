//! Automatic sends against a real SMTP server on loopback: the settings page, the announcement
//! of a new article (by the author's publish action and by the scheduled publication), and the
//! weekly digest, made once per ISO week however often its job runs.

use chrono::{DateTime, Datelike, TimeDelta, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Paris;
use reqwest::StatusCode;
use sillage::jobs::{Job, JobError};
use sillage::newsletter::automatic::digest::DigestDue;
use sillage::worker::Worker;

use crate::newsletter_delivery::{recipients, subscriber, theme, worker};
use crate::support::{TestApp, attrs, spawn_app_with_smtp, texts};

const PAGE: &str = "/admin/newsletters/automatic";

/// Posts the settings form with `fields` (and the session's CSRF token).
async fn set_automatic(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf().await;
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    app.post_form(PAGE, &form).await
}

/// Turns the new-article send on, in `mode`, and the digest off.
async fn announce_new_articles(app: &TestApp, mode: &str) {
    let response = set_automatic(
        app,
        &[
            ("new_article", "on"),
            ("new_article_mode", mode),
            ("digest_day", "1"),
            ("digest_hour", "9"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

/// The id of the article titled `title`.
async fn article_id(app: &TestApp, title: &str) -> i64 {
    app.count(&format!(
        "SELECT id AS n FROM articles WHERE title = '{title}'"
    ))
    .await
}

/// Whether the Markdown `text` links to `path` with an absolute URL.
fn links_to(text: &str, path: &str) -> bool {
    text.split("](")
        .any(|target| target.starts_with("http") && target.contains(&format!("{path})")))
}

/// Runs the background work due at `now` until nothing is left, as the worker would.
async fn settle(app: &TestApp, now: DateTime<Utc>) {
    app.drain(now).await;
    app.assert_no_due_job(now).await;
}

async fn newsletters(app: &TestApp) -> i64 {
    app.count("SELECT count(*) AS n FROM newsletters").await
}

#[tokio::test]
async fn the_settings_are_saved_and_the_next_digest_is_planned_at_the_chosen_paris_time() {
    let (app, _sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    let list = app.page("/admin/newsletters").await;
    assert_eq!(attrs(&list, &format!("a[href='{PAGE}']"), "href").len(), 1);
    let page = app.page(PAGE).await;
    assert_eq!(
        attrs(&page, "#new_article[checked]", "name").len(),
        0,
        "off by default"
    );
    assert_eq!(texts(&page, "#next-digest").len(), 0);

    let fields = [
        ("new_article", "on"),
        ("new_article_mode", "full"),
        ("digest", "on"),
        ("digest_day", "3"),
        ("digest_hour", "18"),
    ];
    let response = set_automatic(&app, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], PAGE);
    assert_eq!(app.count("SELECT count(*) AS n FROM automatic_sends WHERE new_article AND new_article_mode = 'full' AND digest AND digest_weekday = 3 AND digest_hour = 18").await, 1);
    let page = app.page(PAGE).await;
    assert!(page.contains("Envois automatiques enregistrés."));
    assert_eq!(
        attrs(&page, "#new_article[checked]", "name"),
        ["new_article"]
    );
    assert_eq!(
        attrs(&page, "input[name=new_article_mode][checked]", "value"),
        ["full"]
    );
    assert_eq!(attrs(&page, "#digest_day option[selected]", "value"), ["3"]);
    assert_eq!(attrs(&page, "#digest_hour", "value"), ["18"]);
    assert_eq!(texts(&page, "#next-digest").len(), 1);

    let planned = planned_digests(&app).await;
    assert_eq!(planned.len(), 1);
    let local = planned[0].with_timezone(&Paris);
    assert_eq!(
        (
            local.weekday().number_from_monday(),
            local.hour(),
            local.minute()
        ),
        (3, 18, 0)
    );
    assert!(planned[0] > Utc::now() && planned[0] < Utc::now() + TimeDelta::days(7));

    // A new day is planned at once; the job of the old one will find its time no longer chosen.
    let fields = [
        ("digest", "on"),
        ("new_article_mode", "teaser"),
        ("digest_day", "5"),
        ("digest_hour", "7"),
    ];
    assert_eq!(
        set_automatic(&app, &fields).await.status(),
        StatusCode::SEE_OTHER
    );
    let planned = planned_digests(&app).await;
    assert_eq!(planned.len(), 2);
    let local = planned[1].with_timezone(&Paris);
    assert_eq!((local.weekday().number_from_monday(), local.hour()), (5, 7));
}

/// The due times of the queued digest jobs, in order of creation.
async fn planned_digests(app: &TestApp) -> Vec<DateTime<Utc>> {
    let n = app
        .count("SELECT count(*) AS n FROM jobs WHERE kind = 'newsletter.digest'")
        .await;
    let mut due = Vec::new();
    for offset in 0..n {
        let at = app.count(&format!("SELECT extract(epoch FROM run_at)::bigint AS n FROM jobs WHERE kind = 'newsletter.digest' ORDER BY id OFFSET {offset} LIMIT 1")).await;
        due.push(DateTime::from_timestamp(at, 0).unwrap());
    }
    due
}

#[tokio::test]
async fn bad_settings_come_back_with_what_was_typed_and_nothing_is_saved() {
    let (app, _sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    let good = |name: &str| match name {
        "new_article_mode" => "teaser",
        "digest_day" => "2",
        "digest_hour" => "10",
        _ => "on",
    };
    for (field, bad) in [
        ("digest_day", "8"),
        ("digest_day", "0"),
        ("digest_day", "mardi"),
        ("digest_hour", "25"),
        ("digest_hour", "-1"),
        ("digest_hour", "9h"),
        ("new_article_mode", "tout"),
        ("new_article", "oui"),
        ("digest", "1"),
    ] {
        let names = [
            "new_article",
            "new_article_mode",
            "digest",
            "digest_day",
            "digest_hour",
        ];
        let form: Vec<(&str, &str)> = names
            .iter()
            .map(|name| (*name, if *name == field { bad } else { good(name) }))
            .collect();
        let response = set_automatic(&app, &form).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={bad}"
        );
        let html = response.text().await.unwrap();
        assert_eq!(
            texts(&html, &format!("#{field}-error")).len(),
            1,
            "{field}={bad}"
        );
        assert_eq!(
            texts(&html, "[id$=-error]").len(),
            1,
            "only {field} is wrong"
        );
        if field == "digest_hour" {
            assert_eq!(
                attrs(&html, "#digest_hour", "value"),
                [bad],
                "typed value kept"
            );
        } else {
            assert_eq!(
                attrs(&html, "#digest_hour", "value"),
                ["10"],
                "typed value kept"
            );
        }
    }
    let forged = app
        .post_form(
            PAGE,
            &[
                ("csrf_token", "forged"),
                ("digest", "on"),
                ("digest_day", "1"),
                ("digest_hour", "9"),
            ],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM automatic_sends WHERE NOT new_article AND NOT digest AND digest_weekday = 1 AND digest_hour = 9").await,
        1,
        "the defaults are still there"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'newsletter.digest'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_published_article_is_announced_once_to_the_confirmed_subscribers_of_its_themes() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    let (brands, tech) = (theme(&app, "marques").await, theme(&app, "techno").await);
    subscriber(&app, "tout@example.org", "subscribed", &[]).await;
    subscriber(&app, "marques@example.org", "subscribed", &[brands]).await;
    subscriber(&app, "techno@example.org", "subscribed", &[tech]).await;
    subscriber(&app, "attente@example.org", "pending", &[brands]).await;
    subscriber(&app, "parti@example.org", "unsubscribed", &[]).await;
    announce_new_articles(&app, "teaser").await;

    let brands_id = brands.to_string();
    let extra = [
        ("summary", "Le résumé de l’été."),
        ("themes", brands_id.as_str()),
    ];
    let response = app
        .publish("Les marques en été", "Le corps entier.", &extra)
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    settle(&app, Utc::now()).await;
    assert_eq!(sink.messages().len(), 2);
    assert_eq!(
        recipients(&sink),
        ["marques@example.org", "tout@example.org"]
    );
    let mail = &sink.messages()[0];
    assert_eq!(mail.parsed().subject(), Some("Les marques en été"));
    assert!(links_to(&mail.text(), "/articles/les-marques-en-ete"));
    assert!(mail.text().contains("Le résumé de l’été."));
    assert!(!mail.text().contains("Le corps entier."), "a teaser");
    assert!(mail.header("List-Unsubscribe").is_some());
    let id = article_id(&app, "Les marques en été").await;
    assert_eq!(app.count(&format!("SELECT count(*) AS n FROM newsletters WHERE auto_key = 'article:{id}' AND NOT all_themes")).await, 1);

    // Edited while live, then unpublished and published again: nothing more goes out.
    let csrf = app.csrf().await;
    for action in ["publish", "draft", "publish"] {
        let form = [
            ("csrf_token", csrf.as_str()),
            ("title", "Les marques en été"),
            ("body", "Le corps corrigé."),
            ("themes", brands_id.as_str()),
            ("action", action),
        ];
        let response = app
            .post_form(&format!("/admin/articles/{id}/edit"), &form)
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{action}");
    }
    settle(&app, Utc::now()).await;
    assert_eq!(sink.messages().len(), 2, "announced once, ever");
    assert_eq!(newsletters(&app).await, 1);
    let list = app.page("/admin/newsletters").await;
    assert_eq!(texts(&list, ".admin-table .badge"), ["automatique"]);
    let newsletter = app.count("SELECT id AS n FROM newsletters").await;
    let page = app.page(&format!("/admin/newsletters/{newsletter}")).await;
    assert_eq!(texts(&page, ".badge"), ["automatique"]);
    assert_eq!(texts(&page, "[data-count=sent]"), ["2"]);
}

#[tokio::test]
async fn an_article_published_while_the_setting_is_off_is_never_announced() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    subscriber(&app, "tout@example.org", "subscribed", &[]).await;
    let response = app.publish("Sans annonce", "Du texte.", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    settle(&app, Utc::now()).await;
    announce_new_articles(&app, "teaser").await;
    let id = article_id(&app, "Sans annonce").await;
    let csrf = app.csrf().await;
    let form = [
        ("csrf_token", csrf.as_str()),
        ("title", "Sans annonce"),
        ("body", "Corrigé."),
        ("action", "publish"),
    ];
    let response = app
        .post_form(&format!("/admin/articles/{id}/edit"), &form)
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    settle(&app, Utc::now()).await;
    assert_eq!(newsletters(&app).await, 0);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'newsletter.new_article'")
            .await,
        0
    );
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn a_scheduled_publication_by_the_worker_is_announced_to_everyone_when_the_article_has_no_theme()
 {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    let tech = theme(&app, "techno").await;
    subscriber(&app, "tout@example.org", "subscribed", &[]).await;
    subscriber(&app, "techno@example.org", "subscribed", &[tech]).await;
    subscriber(&app, "attente@example.org", "pending", &[]).await;
    announce_new_articles(&app, "full").await;
    let extra = [("publish_at", "2099-06-01T08:00")];
    let csrf = app.csrf().await;
    let mut form = vec![
        ("csrf_token", csrf.as_str()),
        ("title", "Programmé"),
        ("body", "Tout le **corps**."),
        ("action", "schedule"),
    ];
    form.extend_from_slice(&extra);
    let response = app.post_form("/admin/articles/new", &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    settle(&app, Utc::now()).await;
    assert!(sink.messages().is_empty(), "nothing before the publication");
    app.execute("UPDATE articles SET publish_at = now()").await;
    settle(&app, Utc::now()).await;
    assert_eq!(sink.messages().len(), 2);
    assert_eq!(
        recipients(&sink),
        ["techno@example.org", "tout@example.org"]
    );
    let html = sink.messages()[0]
        .parsed()
        .body_html(0)
        .unwrap()
        .into_owned();
    assert!(
        html.contains("<strong>corps</strong>"),
        "the full article: {html}"
    );
    let id = article_id(&app, "Programmé").await;
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM newsletters WHERE auto_key = 'article:{id}' AND all_themes"
        ))
        .await,
        1
    );
}

/// The start of the current hour on the Paris clock, and its day (1 = Monday) and hour. The
/// tests run the work due a minute after it, whatever the clock says.
async fn this_hour() -> (DateTime<Utc>, u32, u32) {
    let local = Utc::now().with_timezone(&Paris);
    let start = Paris
        .with_ymd_and_hms(local.year(), local.month(), local.day(), local.hour(), 0, 0)
        .earliest()
        .unwrap()
        .with_timezone(&Utc);
    (start, local.weekday().number_from_monday(), local.hour())
}

/// Turns the digest on at `day` and `hour`.
async fn digest_at(app: &TestApp, day: u32, hour: u32) {
    let (day, hour) = (day.to_string(), hour.to_string());
    let fields = [
        ("digest", "on"),
        ("new_article_mode", "teaser"),
        ("digest_day", day.as_str()),
        ("digest_hour", hour.as_str()),
    ];
    assert_eq!(
        set_automatic(app, &fields).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_digest_lists_the_week_articles_and_goes_out_once_however_often_its_job_runs() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    let tech = theme(&app, "techno").await;
    subscriber(&app, "tout@example.org", "subscribed", &[]).await;
    subscriber(&app, "techno@example.org", "subscribed", &[tech]).await;
    subscriber(&app, "attente@example.org", "pending", &[]).await;
    subscriber(&app, "parti@example.org", "unsubscribed", &[]).await;
    for title in ["De la semaine", "Trop ancien", "Après l’heure"] {
        let extra = [("summary", "Un résumé.")];
        assert_eq!(
            app.publish(title, "Du texte.", &extra).await.status(),
            StatusCode::SEE_OTHER
        );
    }
    let (due, day, hour) = this_hour().await;
    for (title, offset) in [
        ("De la semaine", "- interval '2 days'"),
        ("Trop ancien", "- interval '8 days'"),
        ("Après l’heure", "+ interval '1 minute'"),
    ] {
        let at = due.to_rfc3339();
        app.execute(&format!(
            "UPDATE articles SET published_at = timestamptz '{at}' {offset} WHERE title = '{}'",
            title.replace('\'', "''")
        ))
        .await;
    }
    digest_at(&app, day, hour).await;

    // Two workers at the due minute, then a third run (a restart): one digest.
    let (one, two) = (worker(&app, &sink).await, worker(&app, &sink).await);
    let (a, b) = tokio::join!(make_digest(&one, due), make_digest(&two, due));
    a.unwrap();
    b.unwrap();
    make_digest(&one, due).await.unwrap();
    settle(&app, due + TimeDelta::minutes(1)).await;
    assert_eq!(sink.messages().len(), 2);
    assert_eq!(
        recipients(&sink),
        ["techno@example.org", "tout@example.org"],
        "everyone, once"
    );
    let week = due.with_timezone(&Paris).iso_week();
    let key = format!("digest:{}-W{:02}", week.year(), week.week());
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM newsletters WHERE auto_key = '{key}' AND all_themes"
        ))
        .await,
        1
    );
    let mail = &sink.messages()[0];
    let text = mail.text();
    assert!(
        text.contains("De la semaine") && text.contains("Un résumé."),
        "{text}"
    );
    assert!(links_to(&text, "/articles/de-la-semaine"));
    assert!(
        !text.contains("Trop ancien") && !text.contains("Après l"),
        "{text}"
    );
    assert!(
        mail.parsed()
            .body_html(0)
            .unwrap()
            .contains("/articles/de-la-semaine")
    );
    let next = planned_digests(&app).await;
    assert!(
        next.iter().any(|d| *d > due + TimeDelta::days(6)),
        "the next week is planned: {next:?}"
    );

    // The author moves the digest to another hour of the same week: no second digest.
    let other = [due + TimeDelta::hours(1), due - TimeDelta::hours(1)]
        .into_iter()
        .find(|at| at.with_timezone(&Paris).iso_week() == week)
        .unwrap();
    let local = other.with_timezone(&Paris);
    digest_at(&app, local.weekday().number_from_monday(), local.hour()).await;
    make_digest(&one, other).await.unwrap();
    settle(&app, due + TimeDelta::minutes(1)).await;
    assert_eq!(sink.messages().len(), 2);
    assert_eq!(newsletters(&app).await, 1);
}

#[tokio::test]
async fn a_week_without_articles_makes_no_digest_and_plans_the_next() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    subscriber(&app, "tout@example.org", "subscribed", &[]).await;
    let (due, day, hour) = this_hour().await;
    digest_at(&app, day, hour).await;
    let ctx = worker(&app, &sink).await;
    make_digest(&ctx, due).await.unwrap();
    settle(&app, due + TimeDelta::minutes(1)).await;
    assert_eq!(newsletters(&app).await, 0);
    assert!(sink.messages().is_empty());
    assert!(
        planned_digests(&app)
            .await
            .iter()
            .any(|d| *d > due + TimeDelta::days(6))
    );
}

#[tokio::test]
async fn a_digest_job_left_from_an_old_setting_does_nothing() {
    let (app, sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    subscriber(&app, "tout@example.org", "subscribed", &[]).await;
    assert_eq!(
        app.publish("Récent", "Du texte.", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    app.execute("UPDATE articles SET published_at = now() - interval '3 hours'")
        .await;
    let (due, day, hour) = this_hour().await;
    // The digest is off, then set to another day: the job of this hour is no longer chosen.
    let ctx = worker(&app, &sink).await;
    make_digest(&ctx, due).await.unwrap();
    digest_at(&app, day % 7 + 1, hour).await;
    make_digest(&ctx, due).await.unwrap();
    settle(&app, due + TimeDelta::minutes(1)).await;
    assert_eq!(newsletters(&app).await, 0);
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn the_settings_page_is_valid_html_shown_and_with_its_errors() {
    let (app, _sink) = spawn_app_with_smtp(|s| s.worker.embedded = false).await;
    app.set_up_author().await;
    digest_at(&app, 2, 10).await;
    let shown = app.page(PAGE).await;
    let fields = [("digest", "on"), ("digest_day", "9"), ("digest_hour", "31")];
    let refused = set_automatic(&app, &fields).await.text().await.unwrap();
    crate::support::tools::assert_valid_html(&[shown, refused]);
}

/// Runs the weekly digest job due at `due`, as the worker would.
async fn make_digest(worker: &Worker, due: DateTime<Utc>) -> Result<(), JobError> {
    DigestDue { due }.run(worker.context()).await
}
