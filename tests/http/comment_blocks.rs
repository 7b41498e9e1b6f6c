//! The block list: by email or address range (IPv4 and IPv6), enforced silently on guest
//! comments and follow requests, refused garbage, unblocking, and blocking from the inbox.

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::follows::{ARTICLE, app_with, mails_to};
use crate::moderation::{guest_comment, id_of};
use crate::support::smtp::SmtpSink;
use crate::support::{AUTHOR_EMAIL, TestApp, csrf_token_named, new_client, path_of, texts};

/// An app behind a trusted proxy on loopback (so tests choose the client address), whose
/// author is mailed about each comment that waits.
async fn app() -> (TestApp, SmtpSink) {
    let (app, sink) = app_with(|s| {
        s.server.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        s.comments.notify_author = sillage::settings::AuthorNotice::Each;
    })
    .await;
    app.set_up_author().await;
    (app, sink)
}

async fn block(app: &TestApp, kind: &str, value: &str, note: &str) -> reqwest::Response {
    let csrf = app.csrf().await;
    app.post_form(
        "/admin/comments/blocks",
        &[
            ("csrf_token", &csrf),
            ("kind", kind),
            ("value", value),
            ("note", note),
        ],
    )
    .await
}

async fn status_of(app: &TestApp, body: &str) -> String {
    let id = id_of(app, body).await;
    let n = app
        .count(&format!("SELECT CASE status WHEN 'pending' THEN 1 WHEN 'spam' THEN 2 ELSE 3 END::bigint AS n FROM comments WHERE id = {id}"))
        .await;
    ["", "pending", "spam", "other"][n as usize].to_owned()
}

/// A blocked comment is answered like a held one: same redirect shape, same notice.
async fn assert_held_answer(response: reqwest::Response) {
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("/articles/{ARTICLE}#comment-")),
        "{location}"
    );
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("comment-pending"), "{cookie}");
}

/// The blocked writer sees their comment waiting, like any held one, and nobody else sees it;
/// their own edit, with links that would hold it, leaves it in spam.
async fn assert_writer_sees_it_pending_and_cannot_edit_it(app: &TestApp) {
    let writer = new_client();
    let url = format!("{}/articles/{ARTICLE}", app.address);
    let page = writer.get(&url).send().await.unwrap().text().await.unwrap();
    let stamp = csrf_token_named(&page, "form_ts");
    let posted = writer
        .post(format!("{url}/comments"))
        .form(&[
            ("form_ts", stamp.as_str()),
            ("author_name", "Spam"),
            ("author_email", "spam@example.org"),
            ("body", "Encore moi"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);
    let id = id_of(app, "Encore moi").await;
    let shown = writer.get(&url).send().await.unwrap().text().await.unwrap();
    let mine = format!("#comment-{id}");
    assert_eq!(
        texts(&shown, &format!("{mine} .comment__pending")).len(),
        1,
        "shown to its writer as waiting"
    );
    assert!(texts(&shown, &format!("{mine} .comment__own")).is_empty());
    let other = app.page(&format!("/articles/{ARTICLE}")).await;
    assert!(texts(&other, &mine).is_empty(), "hidden from everyone else");
    let edited = writer
        .post(format!("{}/comments/{id}/edit", app.address))
        .form(&[(
            "body",
            "Voyez https://a.example https://b.example https://c.example",
        )])
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), StatusCode::FORBIDDEN);
    assert_eq!(status_of(app, "Encore moi").await, "spam");
}

#[tokio::test]
async fn a_blocked_address_sends_the_next_comment_to_spam_and_nobody_is_told() {
    let (app, sink) = app().await;
    let added = block(&app, "email", " Spam@Example.ORG ", "pourriel").await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comment_blocks WHERE email = 'spam@example.org' AND note = 'pourriel'").await,
        1,
        "stored lowercased"
    );
    let list = app.page("/admin/comments/blocks").await;
    assert!(texts(&list, ".flash").concat().contains("Ajouté"));
    assert_eq!(
        texts(&list, "table.blocks td code"),
        vec!["spam@example.org"]
    );

    let answer = guest_comment(&app, ARTICLE, "spam@example.org", "Achetez !", None).await;
    assert_held_answer(answer).await;
    assert_eq!(status_of(&app, "Achetez !").await, "spam");
    guest_comment(&app, ARTICLE, "lea@example.org", "Une vraie question", None).await;
    assert_eq!(status_of(&app, "Une vraie question").await, "pending");
    let to_author = mails_to(&app, &sink, AUTHOR_EMAIL).await;
    assert_eq!(
        to_author.len(),
        1,
        "the author hears of the held comment only"
    );
    assert!(to_author[0].text().contains("Une vraie question"));
    assert!(
        mails_to(&app, &sink, "spam@example.org").await.is_empty(),
        "no confirmation"
    );
    assert_writer_sees_it_pending_and_cannot_edit_it(&app).await;

    // A follow request from the blocked address is answered as usual and sends nothing.
    let page = app.page(&format!("/articles/{ARTICLE}")).await;
    let stamp = csrf_token_named(&page, "form_ts");
    let followed = app
        .post_form(
            &format!("/articles/{ARTICLE}/follow"),
            &[
                ("email", "SPAM@example.org"),
                ("mode", "all"),
                ("form_ts", &stamp),
            ],
        )
        .await;
    assert_eq!(followed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        followed.headers()[LOCATION],
        format!("/articles/{ARTICLE}#follow-answer").as_str(),
        "answered as any follow request is"
    );
    assert!(mails_to(&app, &sink, "spam@example.org").await.is_empty());
    assert_eq!(
        app.count("SELECT count(*) AS n FROM readers WHERE email = 'spam@example.org'")
            .await,
        0
    );
}

#[tokio::test]
async fn blocked_ranges_catch_ipv4_and_ipv6_clients_inside_them_only() {
    let (app, sink) = app().await;
    for range in ["203.0.113.0/24", "2001:db8:1::/48"] {
        assert_eq!(
            block(&app, "network", range, "").await.status(),
            StatusCode::SEE_OTHER
        );
    }
    for (from, body, expected) in [
        ("203.0.113.9", "Depuis la plage v4", "spam"),
        ("198.51.100.4", "Ailleurs en v4", "pending"),
        (
            "::ffff:203.0.113.10",
            "Depuis la plage v4 vue en v6",
            "spam",
        ),
        ("2001:db8:1:2::5", "Depuis la plage v6", "spam"),
        ("2001:db8:2::5", "Ailleurs en v6", "pending"),
    ] {
        let email = format!("{}@example.org", body.replace(' ', ".").to_lowercase());
        let answer = guest_comment(&app, ARTICLE, &email, body, Some(from)).await;
        assert_held_answer(answer).await;
        assert_eq!(status_of(&app, body).await, expected, "{from}");
    }
    let to_author = mails_to(&app, &sink, AUTHOR_EMAIL).await;
    assert_eq!(to_author.len(), 2, "only the comments outside the ranges");
    let told: String = to_author.iter().map(|m| m.text()).collect();
    assert!(!told.contains("Depuis la plage"));
    let stored = app.count("SELECT count(*) AS n FROM comments WHERE client_network IN ('203.0.113.0/24', '2001:db8:1::/48')").await;
    assert_eq!(stored, 3, "the addresses are stored truncated");
}

#[tokio::test]
async fn the_block_page_refuses_garbage_and_keeps_what_was_typed() {
    let (app, _sink) = app().await;
    let long = "n".repeat(201);
    for (kind, value, note, field) in [
        ("network", "banana", "", "#value-error"),
        ("network", "203.0.113.0/33", "", "#value-error"),
        ("network", "0.0.0.0/0", "", "#value-error"),
        ("network", "2001::/8", "", "#value-error"),
        ("email", "nobody", "", "#value-error"),
        ("email", "", "", "#value-error"),
        ("domain", "example.org", "", "#kind-error"),
        ("email", "ok@example.org", long.as_str(), "#note-error"),
    ] {
        let response = block(&app, kind, value, note).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{kind} {value}"
        );
        let page = response.text().await.unwrap();
        assert_eq!(texts(&page, field).len(), 1, "{kind} {value}");
        assert_eq!(csrf_token_named(&page, "value"), value, "what was typed");
    }
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comment_blocks").await,
        0
    );
    let page = block(&app, "network", "banana", "")
        .await
        .text()
        .await
        .unwrap();
    assert!(texts(&page, "#value-error")[0].contains("203.0.113.0/24"));
    // A bare address and a range with host bits are stored as ranges.
    block(&app, "network", "198.51.100.7", "").await;
    block(&app, "network", "2001:db8:1:2::9/48", "").await;
    block(&app, "network", "2001:db8:1::/48", "").await;
    let list = app.page("/admin/comments/blocks").await;
    assert_eq!(
        texts(&list, "table.blocks td code"),
        vec!["2001:db8:1::/48", "198.51.100.7/32"],
        "newest first, a range blocked twice listed once"
    );
}

#[tokio::test]
async fn unblocking_lets_the_sender_back_in() {
    let (app, _sink) = app().await;
    block(&app, "email", "marc@example.org", "").await;
    let list = app.page("/admin/comments/blocks").await;
    let action = crate::support::attrs(&list, "table.blocks form", "action");
    assert_eq!(action.len(), 1);
    let csrf = app.csrf().await;
    assert_eq!(
        app.post_form(&action[0], &[("csrf_token", "forged")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let removed = app.post_form(&action[0], &[("csrf_token", &csrf)]).await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    let list = app.page("/admin/comments/blocks").await;
    assert!(texts(&list, ".flash").concat().contains("Retiré"));
    assert!(texts(&list, "table.blocks td").is_empty());
    assert_eq!(
        app.post_form(&action[0], &[("csrf_token", &csrf)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    guest_comment(&app, ARTICLE, "marc@example.org", "De retour", None).await;
    assert_eq!(status_of(&app, "De retour").await, "pending");
}

#[tokio::test]
async fn blocking_the_sender_from_the_inbox_offers_their_range() {
    let (app, sink) = app().await;
    guest_comment(
        &app,
        ARTICLE,
        "troll@example.org",
        "Premier troll",
        Some("203.0.113.50"),
    )
    .await;
    let id = id_of(&app, "Premier troll").await;
    // The author hears of it while it waits (a notice is dropped once the comment has left).
    assert_eq!(mails_to(&app, &sink, AUTHOR_EMAIL).await.len(), 1);
    let inbox = app.page("/admin/comments").await;
    let forms = crate::support::attrs(&inbox, ".inbox form", "action");
    assert!(
        forms.contains(&format!("/admin/comments/{id}/block")),
        "{forms:?}"
    );
    let csrf = app.csrf().await;
    let blocked = app
        .post_form(
            &format!("/admin/comments/{id}/block"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(blocked.status(), StatusCode::SEE_OTHER);
    let location = blocked.headers()[LOCATION].to_str().unwrap().to_owned();
    assert_eq!(location, "/admin/comments/blocks?offer=203.0.113.0%2F24");
    assert_eq!(status_of(&app, "Premier troll").await, "spam");
    let page = app.page(&path_of(&format!("http://x{location}"))).await;
    assert!(
        texts(&page, ".flash")
            .concat()
            .contains("Expéditeur bloqué")
    );
    assert_eq!(
        texts(&page, "table.blocks td code"),
        vec!["troll@example.org"]
    );
    assert_eq!(texts(&page, ".block-offer code"), vec!["203.0.113.0/24"]);
    let offer = app
        .post_form(
            "/admin/comments/blocks",
            &[
                ("csrf_token", &csrf),
                ("kind", "network"),
                ("value", "203.0.113.0/24"),
            ],
        )
        .await;
    assert_eq!(offer.status(), StatusCode::SEE_OTHER);
    guest_comment(
        &app,
        ARTICLE,
        "autre@example.org",
        "Même plage",
        Some("203.0.113.77"),
    )
    .await;
    assert_eq!(status_of(&app, "Même plage").await, "spam");
    assert_eq!(
        mails_to(&app, &sink, AUTHOR_EMAIL).await.len(),
        1,
        "only the first troll"
    );
    assert_eq!(
        app.post_form("/admin/comments/999999/block", &[("csrf_token", &csrf)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    app.execute(&format!("INSERT INTO comments (article_id, author_name, author_email, by_author, body_markdown, body_html, status, client_network) SELECT id, 'Claire', 'claire@example.org', true, 'Mot de l’auteur', '<p>Mot de l’auteur</p>', 'approved', 'author' FROM articles WHERE slug = '{ARTICLE}'")).await;
    let own = id_of(&app, "Mot de l’auteur").await;
    let refused = app
        .post_form(
            &format!("/admin/comments/{own}/block"),
            &[("csrf_token", &csrf)],
        )
        .await;
    assert_eq!(
        refused.status(),
        StatusCode::BAD_REQUEST,
        "the author is never blocked"
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comment_blocks WHERE email = 'claire@example.org'")
            .await,
        0
    );
}
