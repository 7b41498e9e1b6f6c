//! Comment notifications: who is mailed when a comment is approved, with which headers and
//! links, grouped bursts, one-click thread unsubscribe, and the author's hourly digest.

use chrono::{Duration, Utc};
use reqwest::StatusCode;

use crate::follows::{ARTICLE, TITLE, app, app_with, confirm, follow, mails_to, settle};
use crate::support::forms::{comment_id, post_comment};
use crate::support::{TestApp, csrf_token, eventually, new_client, one_click, path_of};

/// Posts a comment as `email` from a guest's browser (the app's client is the logged-in
/// author, who comments through the author's form); returns its id.
async fn comment(app: &TestApp, email: &str, fields: &[(&str, &str)]) -> i64 {
    comment_from(app, &new_client(), email, fields).await
}

/// A browser of Marc's whose first comment was approved: his next comments appear at once.
async fn returning_writer(app: &TestApp) -> reqwest::Client {
    let marc = new_client();
    let id = comment_from(app, &marc, "marc@example.org", &[("body", "Bonjour")]).await;
    // Approved behind the queue's back: the fixture notifies nobody.
    app.execute(&format!(
        "UPDATE comments SET status = 'approved', approved_at = now() WHERE id = {id}"
    ))
    .await;
    marc
}

/// [`comment`] from the browser `guest`.
async fn comment_from(
    app: &TestApp,
    guest: &reqwest::Client,
    email: &str,
    fields: &[(&str, &str)],
) -> i64 {
    let name = email.split('@').next().unwrap();
    let mut form = vec![("author_name", name), ("author_email", email)];
    form.extend_from_slice(fields);
    let response = post_comment(app, guest, ARTICLE, &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{fields:?}");
    comment_id(&response)
}

async fn approve(app: &TestApp, id: i64) {
    let csrf = csrf_token(&app.page("/admin/comments").await);
    let response = app
        .post_form(
            &format!("/admin/comments/{id}/approve"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn status(app: &TestApp, id: i64) -> i64 {
    app.count(&format!(
        "SELECT CASE status WHEN 'approved' THEN 1 ELSE 0 END::bigint AS n FROM comments WHERE id = {id}"
    ))
    .await
}

#[tokio::test]
async fn an_approved_reply_mails_each_follower_once_and_never_its_writer() {
    let (app, sink) = app().await;
    app.set_up_author().await;
    follow(&app, "suiveuse@example.org", "all").await;
    confirm(&app, &sink, "suiveuse@example.org").await;
    let question = comment(
        &app,
        "lea@example.org",
        &[("body", "Et le sodium ?"), ("notify", "replies")],
    )
    .await;
    confirm(&app, &sink, "lea@example.org").await;
    assert_eq!(status(&app, question).await, 0, "a first comment waits");
    assert_eq!(
        mails_to(&app, &sink, "suiveuse@example.org").await.len(),
        1,
        "a pending comment notifies nobody"
    );

    approve(&app, question).await;
    let mails = mails_to(&app, &sink, "suiveuse@example.org").await;
    assert_eq!(mails.len(), 2, "approval notifies the follower");
    assert!(mails[1].text().contains("Et le sodium ?"));
    assert_eq!(
        mails_to(&app, &sink, "lea@example.org").await.len(),
        1,
        "the writer hears nothing of their own comment (only their confirmation)"
    );

    let answer = comment(
        &app,
        "marc@example.org",
        &[
            ("body", "Le sodium arrive en 2027."),
            ("parent_id", &question.to_string()),
        ],
    )
    .await;
    approve(&app, answer).await;
    let lea = mails_to(&app, &sink, "lea@example.org").await;
    assert_eq!(lea.len(), 2, "one reply email");
    let reply = &lea[1];
    let parsed = reply.parsed();
    assert!(
        parsed
            .subject()
            .unwrap()
            .starts_with("Nouvelle réponse à votre commentaire")
    );
    assert!(parsed.subject().unwrap().contains(TITLE));
    assert!(parsed.body_html(0).is_some(), "multipart with an HTML part");
    assert!(reply.text().contains("marc a répondu à votre commentaire"));
    assert_eq!(
        reply.link("/comments/"),
        format!("http://127.0.0.1:8080/comments/{answer}")
    );
    let unsubscribe = reply.link("/follows/unsubscribe/");
    assert_eq!(
        reply.header("List-Unsubscribe").unwrap(),
        format!("<{unsubscribe}>")
    );
    assert_eq!(
        reply.header("List-Unsubscribe-Post").unwrap(),
        "List-Unsubscribe=One-Click"
    );
    assert_eq!(reply.header("Auto-Submitted").unwrap(), "auto-generated");
    assert_eq!(mails_to(&app, &sink, "suiveuse@example.org").await.len(), 3);
    assert!(mails_to(&app, &sink, "marc@example.org").await.is_empty());

    // The author answers from the admin: followers hear of it, the author does not.
    follow(&app, crate::support::AUTHOR_EMAIL, "all").await;
    confirm(&app, &sink, crate::support::AUTHOR_EMAIL).await;
    let csrf = csrf_token(&app.page("/admin/comments").await);
    app.post_form(
        &format!("/admin/comments/{answer}/reply"),
        &[("csrf_token", &csrf), ("body", "Merci Marc.")],
    )
    .await;
    assert_eq!(mails_to(&app, &sink, "suiveuse@example.org").await.len(), 4);
    assert_eq!(
        mails_to(&app, &sink, crate::support::AUTHOR_EMAIL)
            .await
            .len(),
        1,
        "only the author's confirmation"
    );

    // Approving again (restore) sends nothing twice.
    let csrf = csrf_token(&app.page("/admin/comments").await);
    app.post_form(
        &format!("/admin/comments/{answer}/restore"),
        &[("csrf_token", &csrf)],
    )
    .await;
    assert_eq!(mails_to(&app, &sink, "lea@example.org").await.len(), 2);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comment_notifications")
            .await,
        4
    );
}

#[tokio::test]
async fn one_click_unsubscribe_stops_further_mail() {
    let (app, sink) = app().await;
    app.execute("INSERT INTO themes (slug, name, description, position) VALUES ('technologie', 'Technologie', '', 0)")
        .await;
    follow(&app, "suiveuse@example.org", "all").await;
    confirm(&app, &sink, "suiveuse@example.org").await;
    let marc = returning_writer(&app).await;
    let first = comment_from(
        &app,
        &marc,
        "marc@example.org",
        &[("body", "Un premier avis.")],
    )
    .await;
    assert_eq!(
        status(&app, first).await,
        1,
        "a known writer appears at once"
    );
    let mails = mails_to(&app, &sink, "suiveuse@example.org").await;
    assert_eq!(mails.len(), 2);
    // A reader who only follows threads reaches the preferences page from the email too.
    let preferences = path_of(&mails[1].link("/newsletter/preferences/"));
    let html = app.page(&preferences).await;
    assert!(crate::support::texts(&html, ".follows li")[0].contains(TITLE));
    let theme = crate::support::attrs(&html, "input[name=themes]", "value");
    let saved = app
        .post_form(&preferences, &[("action", "save"), ("themes", &theme[0])])
        .await;
    assert_eq!(
        saved.status(),
        StatusCode::OK,
        "no subscription, no themes, no error"
    );
    let link = mails[1].link("/follows/unsubscribe/");
    let shown = app.page(&path_of(&link)).await;
    assert!(shown.contains("Ne plus suivre"), "GET shows a button");
    assert_eq!(
        app.count("SELECT count(*) AS n FROM follows WHERE status = 'active'")
            .await,
        1
    );
    let one_click = one_click(&app, &link).await;
    assert_eq!(one_click.status(), StatusCode::OK);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM follows WHERE status = 'stopped'")
            .await,
        1
    );
    comment_from(
        &app,
        &marc,
        "marc@example.org",
        &[("body", "Un second avis.")],
    )
    .await;
    assert_eq!(
        mails_to(&app, &sink, "suiveuse@example.org").await.len(),
        2,
        "nothing more"
    );
}

#[tokio::test]
async fn a_lone_comment_is_mailed_at_once_and_what_follows_it_in_one_email() {
    let (app, sink) = app_with(|s| {
        s.comments.notify_window_seconds = 600;
        s.worker.embedded = false;
    })
    .await;
    follow(&app, "suiveuse@example.org", "all").await;
    app.drain(Utc::now()).await;
    confirm(&app, &sink, "suiveuse@example.org").await;
    let marc = returning_writer(&app).await;
    let first = comment_from(&app, &marc, "marc@example.org", &[("body", "Seul.")]).await;
    app.drain(Utc::now()).await;
    let mails = mails_to(&app, &sink, "suiveuse@example.org").await;
    assert_eq!(
        mails.len(),
        2,
        "the confirmation, then the lone comment without waiting the window"
    );
    let link = format!("/comments/{first}");
    assert!(mails[1].text().contains(&link), "{}", mails[1].text());
    let mut ids = Vec::new();
    for body in [
        "Deuxième <script>alert(1)</script> point.",
        "Troisième point.",
    ] {
        ids.push(comment_from(&app, &marc, "marc@example.org", &[("body", body)]).await);
    }
    app.drain(Utc::now()).await;
    let mails = mails_to(&app, &sink, "suiveuse@example.org").await;
    assert_eq!(
        mails.len(),
        2,
        "what follows within the window waits for it"
    );
    app.drain(Utc::now() + Duration::seconds(601)).await;
    app.assert_no_due_job(Utc::now() + Duration::seconds(601))
        .await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'comments.digest'")
            .await,
        2,
        "one email for the lone comment, one for the burst after it"
    );
    let mails = mails_to(&app, &sink, "suiveuse@example.org").await;
    assert_eq!(mails.len(), 3);
    let text = mails[2].text();
    assert!(text.contains("2 nouveaux commentaires"), "{text}");
    assert!(!text.contains(&link), "the first is not told twice: {text}");
    for id in ids {
        let link = format!("/comments/{id}");
        assert!(
            text.lines().any(|l| l.trim_end().ends_with(&link)),
            "{text}"
        );
    }
    let parsed = mails[2].parsed();
    let html = parsed.body_html(0).unwrap();
    assert!(
        !html.contains("<script>"),
        "the body is inert in the HTML part"
    );
    assert!(
        html.contains("script&#62;alert(1)"),
        "shown as text: {html}"
    );
}

#[tokio::test]
async fn the_author_gets_one_hourly_digest_of_waiting_comments() {
    let (app, sink) =
        app_with(|s| s.comments.notify_author = sillage::settings::AuthorNotice::Hourly).await;
    app.set_up_author().await;
    comment(&app, "lea@example.org", &[("body", "Première question.")]).await;
    comment(&app, "marc@example.org", &[("body", "Seconde question.")]).await;
    settle(&app).await;
    assert!(
        sink.messages().is_empty(),
        "nothing before the end of the hour"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'comments.pending_digest'")
            .await,
        1
    );
    app.execute("UPDATE jobs SET run_at = now() WHERE kind = 'comments.pending_digest'")
        .await;
    // As if the hour had passed: the worker, asleep until then, is woken.
    app.execute("NOTIFY sillage_jobs").await;
    let mails = sink.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, vec![crate::support::AUTHOR_EMAIL.to_owned()]);
    let text = mails[0].text();
    assert!(text.contains("2 commentaires attendent"), "{text}");
    assert!(
        text.contains("lea sur") && text.contains("marc sur"),
        "{text}"
    );

    // An hour when nothing waits sends nothing.
    app.execute("UPDATE comments SET status = 'trash'").await;
    app.execute("INSERT INTO jobs (kind, payload) VALUES ('comments.pending_digest', '{}')")
        .await;
    app.execute("NOTIFY sillage_jobs").await;
    settle(&app).await;
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM jobs WHERE failed_at IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn a_refused_notification_is_retried_through_the_queue_and_sent_once() {
    let (app, sink) = app().await;
    follow(&app, "suiveuse@example.org", "all").await;
    confirm(&app, &sink, "suiveuse@example.org").await;
    let marc = returning_writer(&app).await;
    sink.refuse_next(1, 451);
    comment_from(
        &app,
        &marc,
        "marc@example.org",
        &[("body", "Un avis retardé.")],
    )
    .await;
    let failed = "SELECT count(*) AS n FROM jobs WHERE kind = 'comments.digest' AND attempts = 1 AND last_error IS NOT NULL AND done_at IS NULL";
    eventually("the first attempt failed", async || {
        app.count(failed).await == 1
    })
    .await;
    assert_eq!(mails_to(&app, &sink, "suiveuse@example.org").await.len(), 1);
    app.execute("UPDATE jobs SET run_at = now() WHERE kind = 'comments.digest'")
        .await;
    app.execute("NOTIFY sillage_jobs").await;
    let mails = sink.wait_for(2).await;
    assert!(mails[1].text().contains("Un avis retardé."));
    settle(&app).await;
    assert_eq!(
        mails_to(&app, &sink, "suiveuse@example.org").await.len(),
        2,
        "sent once"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comment_notifications WHERE sent_at IS NOT NULL")
            .await,
        1
    );
}

#[tokio::test]
async fn a_browser_that_confirmed_the_address_is_trusted_with_its_comments() {
    let (app, sink) = app().await;
    // Léa's first comment, from her phone, was approved.
    let id = comment(
        &app,
        "lea@example.org",
        &[("body", "Depuis mon téléphone.")],
    )
    .await;
    app.execute(&format!(
        "UPDATE comments SET status = 'approved', approved_at = now() WHERE id = {id}"
    ))
    .await;
    // On her laptop she confirmed her address (a follow): that browser is hers.
    follow(&app, "lea@example.org", "replies").await;
    confirm(&app, &sink, "lea@example.org").await;
    let laptop = comment_from(
        &app,
        &app.client,
        "lea@example.org",
        &[("body", "Depuis mon ordinateur.")],
    )
    .await;
    assert_eq!(
        status(&app, laptop).await,
        1,
        "proved in this browser: at once"
    );
    let stranger = comment(&app, "lea@example.org", &[("body", "Quelqu’un d’autre.")]).await;
    assert_eq!(status(&app, stranger).await, 0, "anyone else waits");
}
