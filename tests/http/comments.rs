//! Comments: posting, moderation policy, threads, anti-spam and the author's inbox.

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::follows::page_from;
use crate::support::articles::{DISCUSSED, publish_as_author, publish_discussed};
use crate::support::forms::post_comment;
use crate::support::{TestApp, attrs, csrf_token, new_client, spawn_app_with, texts};

const ARTICLE: &str = DISCUSSED;

async fn app() -> TestApp {
    let mut app = spawn_app_with(|s| {
        s.comments.min_form_seconds = 0;
        s.comments.moderation_words = vec!["casino".into()];
        s.comments.block_words = vec!["viagra".into()];
        s.comments.per_network_per_10_minutes = 100;
    })
    .await;
    publish_discussed(&mut app).await;
    app
}

async fn comment(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    post_comment(app, &app.client, ARTICLE, fields).await
}

#[tokio::test]
async fn a_first_comment_waits_and_only_its_writer_sees_it() {
    let app = app().await;
    let response = comment(&app, &[("body", "Très bonne analyse du LFP.")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        response.headers()[LOCATION]
            .to_str()
            .unwrap()
            .starts_with(&format!("/articles/{ARTICLE}#comment-"))
    );
    let mine = app.page(&format!("/articles/{ARTICLE}")).await;
    assert!(texts(&mine, ".comment__pending")[0].contains("En attente de modération"));
    assert_eq!(
        texts(&mine, "#comments-title"),
        vec!["0 Commentaires"],
        "a pending comment is not counted"
    );
    let stranger = page_from(&app, &new_client(), &format!("/articles/{ARTICLE}")).await;
    assert!(
        texts(&stranger, ".comment").is_empty(),
        "nobody else sees it"
    );
    assert!(
        !stranger.contains("lea@example.org"),
        "the address is never shown"
    );
}

#[tokio::test]
async fn a_known_address_appears_at_once_unless_links_or_words_hold_it() {
    let app = app().await;
    comment(&app, &[("body", "Premier commentaire.")]).await;
    app.approve_all().await;
    comment(&app, &[("body", "Deuxième, publié tout de suite.")]).await;
    comment(
        &app,
        &[(
            "body",
            "Liens https://a.example https://b.example https://c.example",
        )],
    )
    .await;
    comment(&app, &[("body", "Un mot de casino ici.")]).await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comments WHERE status = 'approved'")
            .await,
        2
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comments WHERE status = 'pending'")
            .await,
        2
    );
    let blocked = comment(&app, &[("body", "Achetez du viagra")]).await;
    assert_eq!(blocked.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        blocked
            .text()
            .await
            .unwrap()
            .contains("ne peut pas être publié")
    );
    let stranger = page_from(&app, &new_client(), &format!("/articles/{ARTICLE}")).await;
    assert_eq!(texts(&stranger, "#comments-title"), vec!["2 Commentaires"]);
}

#[tokio::test]
async fn knowing_an_address_does_not_skip_moderation() {
    let app = app().await;
    comment(&app, &[("body", "Premier commentaire.")]).await;
    app.approve_all().await;
    let impostor = new_client();
    let response = post_comment(
        &app,
        &impostor,
        ARTICLE,
        &[("body", "Signé du nom de Léa.")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comments WHERE status = 'pending' AND body_markdown = 'Signé du nom de Léa.'")
            .await,
        1,
        "another browser with her address waits as a first comment does"
    );
    let seen = impostor
        .get(format!("{}/articles/{ARTICLE}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(texts(&seen, ".comment__pending")[0].contains("En attente de modération"));
    comment(&app, &[("body", "Le deuxième de Léa.")]).await;
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comments WHERE status = 'approved'")
            .await,
        2,
        "her own browser is still trusted"
    );
}

#[tokio::test]
async fn replies_nest_and_deep_ones_say_whom_they_answer() {
    let app = app().await;
    comment(&app, &[("body", "Racine")]).await;
    app.approve_all().await;
    let mut parent = app.count("SELECT max(id) AS n FROM comments").await;
    for level in 1..=5 {
        let id = parent.to_string();
        let response = comment(
            &app,
            &[("body", &format!("Niveau {level}")), ("parent_id", &id)],
        )
        .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "level {level}");
        parent = app.count("SELECT max(id) AS n FROM comments").await;
    }
    let html = app.page(&format!("/articles/{ARTICLE}")).await;
    assert_eq!(
        texts(&html, ".comment--level-4").len(),
        2,
        "the fifth level is shown at the fourth"
    );
    assert!(
        texts(&html, ".comment__context")
            .iter()
            .any(|c| c == "en réponse à Léa")
    );
    assert_eq!(
        app.count("SELECT max(depth)::bigint AS n FROM comments")
            .await,
        5
    );
}

#[tokio::test]
async fn bad_input_comes_back_with_what_was_typed() {
    let app = app().await;
    let long = "x".repeat(5_001);
    for (field, value) in [
        ("body", ""),
        ("body", long.as_str()),
        ("author_email", "pas-une-adresse"),
        ("author_url", "javascript:alert(1)"),
        ("parent_id", "999999"),
        ("parent_id", "abc"),
        ("notify", "tout"),
    ] {
        let mut fields = vec![("body", "Un avis réfléchi.")];
        fields.retain(|(k, _)| *k != field);
        fields.push((field, value));
        let response = comment(&app, &fields).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value:?}"
        );
        let html = response.text().await.unwrap();
        assert!(
            !texts(&html, ".field-error").is_empty(),
            "{field}: a message beside the field"
        );
        assert!(html.contains("value=\"Léa\""), "{field}: the name is kept");
    }
    let unknown = app
        .post_form("/articles/inconnu/comments", &[("body", "x")])
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("SELECT count(*) AS n FROM comments").await, 0);
}

#[tokio::test]
async fn script_tags_and_javascript_links_are_stored_as_text_and_rendered_inert() {
    let app = app().await;
    comment(&app, &[("body", "<script>alert('x')</script> [clic](javascript:alert(1)) <b onmouseover=alert(1)>gras</b>")]).await;
    app.approve_all().await;
    let html = app.page(&format!("/articles/{ARTICLE}")).await;
    let body = &texts(&html, ".comment__body")[0];
    assert!(
        body.contains("<script>alert('x')</script>"),
        "shown as text: {body}"
    );
    assert!(
        !html.contains("<script>alert")
            && !html.contains("href=\"javascript")
            && !html.contains("<b onmouseover")
    );
}

#[tokio::test]
async fn robots_duplicates_and_floods_are_stopped() {
    let mut app = spawn_app_with(|s| {
        s.comments.min_form_seconds = 0;
        s.comments.per_network_per_10_minutes = 3;
    })
    .await;
    publish_discussed(&mut app).await;
    let honeypot = comment(
        &app,
        &[("body", "Spam"), ("website", "http://spam.example")],
    )
    .await;
    assert_eq!(honeypot.status(), StatusCode::SEE_OTHER, "the usual answer");
    let no_stamp = app
        .post_form(
            &format!("/articles/{ARTICLE}/comments"),
            &[
                ("body", "Spam"),
                ("author_name", "Bot"),
                ("author_email", "bot@example.org"),
            ],
        )
        .await;
    assert_eq!(no_stamp.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT count(*) AS n FROM comments").await, 0);
    comment(&app, &[("body", "Même texte")]).await;
    let duplicate = comment(&app, &[("body", "Même texte")]).await;
    assert_eq!(duplicate.status(), StatusCode::UNPROCESSABLE_ENTITY);
    comment(&app, &[("body", "Deux")]).await;
    comment(&app, &[("body", "Trois")]).await;
    let flood = comment(&app, &[("body", "Quatre")]).await;
    assert_eq!(flood.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comments WHERE client_network = '127.0.0.0/24'")
            .await,
        3
    );
}

#[tokio::test]
async fn the_author_moderates_and_replies_from_the_inbox() {
    let app = app().await;
    comment(&app, &[("body", "Une question sur le LFP ?")]).await;
    let author = TestApp {
        client: new_client(),
        ..app
    };
    author.set_up_author().await;
    let inbox = author.page("/admin/comments").await;
    assert!(texts(&inbox, ".tabs a")[0].contains("En attente (1)"));
    let csrf = csrf_token(&inbox);
    let id = author.count("SELECT id AS n FROM comments").await;
    let forged = author
        .post_form(
            &format!("/admin/comments/{id}/approve"),
            &[("csrf_token", "forged")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let reply = author
        .post_form(
            &format!("/admin/comments/{id}/reply"),
            &[
                ("csrf_token", &csrf),
                ("body", "Bonne question : voir la partie 2."),
            ],
        )
        .await;
    assert_eq!(reply.status(), StatusCode::SEE_OTHER);
    let html = author.page(&format!("/articles/{ARTICLE}")).await;
    assert_eq!(
        texts(&html, "#comments-title"),
        vec!["2 Commentaires"],
        "the question is approved with its answer"
    );
    assert_eq!(texts(&html, ".badge"), vec!["Auteur"]);
    // Each action leads back to the tab the comment was in, opened on what it did.
    for (action, back) in [
        ("spam", "approved"),
        ("restore", "spam"),
        ("trash", "approved"),
    ] {
        let response = author
            .post_form(
                &format!("/admin/comments/{id}/{action}"),
                &[("csrf_token", &csrf)],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{action}");
        assert_eq!(
            response.headers()["location"],
            format!("/admin/comments?status={back}&done={action}&comment={id}#moderated").as_str(),
            "{action}"
        );
    }
    assert_eq!(
        author
            .post_form("/admin/comments/999999/approve", &[("csrf_token", &csrf)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        author
            .count("SELECT count(*) AS n FROM comments WHERE status = 'trash'")
            .await,
        1
    );
    assert_eq!(
        author
            .post_form(
                &format!("/admin/comments/{id}/explode"),
                &[("csrf_token", &csrf)]
            )
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        author.get("/admin/comments?status=nope").await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn one_vote_per_reader_per_comment_changeable_and_the_best_first() {
    let app = app().await;
    comment(&app, &[("body", "Premier")]).await;
    comment(&app, &[("body", "Second")]).await;
    app.approve_all().await;
    let first = app.count("SELECT min(id) AS n FROM comments").await;
    for value in ["1", "1", "-1", "1"] {
        let response = app
            .post_form(&format!("/comments/{first}/vote"), &[("value", value)])
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            response.headers()[LOCATION],
            format!("/articles/{ARTICLE}#comment-{first}")
        );
    }
    new_client()
        .post(format!("{}/comments/{first}/vote", app.address))
        .form(&[("value", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comment_votes").await,
        2
    );
    assert_eq!(
        app.count("SELECT sum(value)::bigint AS n FROM comment_votes")
            .await,
        2
    );
    let top = app.page(&format!("/articles/{ARTICLE}?comments=top")).await;
    assert_eq!(
        texts(&top, ".comment__body")[0],
        "Premier",
        "the best-voted thread first"
    );
    assert_eq!(texts(&top, ".vote__score")[0], "2");
    let newest = app.page(&format!("/articles/{ARTICLE}")).await;
    assert_eq!(texts(&newest, ".comment__body")[0], "Second");
    for bad in ["0", "2", "abc", ""] {
        let response = app
            .post_form(&format!("/comments/{first}/vote"), &[("value", bad)])
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad:?}"
        );
    }
    assert_eq!(
        app.post_form("/comments/999999/vote", &[("value", "1")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_form("/comments/abc/vote", &[("value", "1")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comment_votes").await,
        2
    );
}

#[tokio::test]
async fn the_live_count_counts_approved_comments_only() {
    let app = app().await;
    let count = |app: &TestApp| {
        let url = format!("{}/articles/{ARTICLE}/comments/count", app.address);
        async move {
            reqwest::get(url)
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(count(&app).await["count"], 0);
    comment(&app, &[("body", "En attente")]).await;
    assert_eq!(
        count(&app).await["count"],
        0,
        "a pending comment is not counted"
    );
    app.approve_all().await;
    let answer = count(&app).await;
    assert_eq!(answer["count"], 1);
    assert_eq!(answer["label"], "1 Commentaire");
    assert_eq!(
        app.get("/articles/inconnu/comments/count").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_author_is_mailed_about_each_comment_that_waits_and_only_those() {
    let (mut app, sink) = crate::support::spawn_app_with_smtp(|s| {
        s.comments.min_form_seconds = 0;
    })
    .await;
    publish_discussed(&mut app).await;
    let reader = TestApp {
        client: new_client(),
        ..app
    };
    reader.set_up_author().await;
    let reader = TestApp {
        client: new_client(),
        ..reader
    };
    comment(&reader, &[("body", "Une première question ?")]).await;
    let mails = sink.wait_for(1).await;
    assert_eq!(mails[0].to, vec![crate::support::AUTHOR_EMAIL.to_owned()]);
    assert!(
        mails[0]
            .parsed()
            .subject()
            .unwrap()
            .starts_with("Commentaire à modérer")
    );
    assert!(mails[0].text().contains("Une première question ?"));
    assert!(mails[0].link("/admin/comments").contains("status=pending"));
    reader.approve_all().await;
    comment(&reader, &[("body", "Publié tout de suite.")]).await;
    assert_eq!(
        reader
            .count("SELECT count(*) AS n FROM jobs WHERE kind = 'comments.pending'")
            .await,
        1,
        "a comment shown at once mails nobody"
    );
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn a_writer_edits_or_deletes_their_comment_for_a_while_unless_answered() {
    let app = app().await;
    comment(&app, &[("body", "Premier jet")]).await;
    app.approve_all().await;
    let id = app.count("SELECT id AS n FROM comments").await;
    let page = app.page(&format!("/articles/{ARTICLE}")).await;
    assert_eq!(
        texts(&page, ".comment__own summary").len(),
        1,
        "the writer sees the edit form"
    );
    let stranger = new_client();
    let html = stranger
        .get(format!("{}/articles/{ARTICLE}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(texts(&html, ".comment__own").is_empty(), "nobody else does");
    for action in ["edit", "delete"] {
        let response = stranger
            .post(format!("{}/comments/{id}/{action}", app.address))
            .form(&[("body", "Piraté")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{action} by a stranger"
        );
    }
    let edited = app
        .post_form(
            &format!("/comments/{id}/edit"),
            &[("body", "Version revue")],
        )
        .await;
    assert_eq!(edited.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT count(*) AS n FROM comments WHERE body_markdown = 'Version revue' AND status = 'approved'").await, 1);
    let with_links = app
        .post_form(
            &format!("/comments/{id}/edit"),
            &[(
                "body",
                "https://a.example https://b.example https://c.example",
            )],
        )
        .await;
    assert_eq!(with_links.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comments WHERE status = 'pending'")
            .await,
        1,
        "links added after approval send it back to moderation"
    );
    app.approve_all().await;
    {
        use diesel_async::RunQueryDsl;
        let mut conn = app.pool.get().await.unwrap();
        diesel::sql_query(format!("INSERT INTO comments (article_id, parent_id, depth, author_name, author_email, body_markdown, body_html, status, client_network, approved_at) SELECT article_id, id, 1, 'Paul', 'paul@example.org', 'Réponse', '<p>Réponse</p>', 'approved', '10.0.0.0/24', now() FROM comments WHERE id = {id}"))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    assert_eq!(
        app.post_form(&format!("/comments/{id}/delete"), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "an answered comment stays"
    );
    comment(&app, &[("body", "Autre avis")]).await;
    let other = app
        .count("SELECT max(id) AS n FROM comments WHERE author_name = 'Léa'")
        .await;
    {
        use diesel_async::RunQueryDsl;
        let mut conn = app.pool.get().await.unwrap();
        diesel::sql_query(format!(
            "UPDATE comments SET created_at = now() - interval '16 minutes' WHERE id = {other}"
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    assert_eq!(
        app.post_form(&format!("/comments/{other}/delete"), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "15 minutes later it is too late"
    );
    diesel_reset_age(&app, other).await;
    assert_eq!(
        app.post_form(&format!("/comments/{other}/delete"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM comments WHERE id = {other}"
        ))
        .await,
        0
    );
}

async fn diesel_reset_age(app: &TestApp, id: i64) {
    use diesel_async::RunQueryDsl;
    let mut conn = app.pool.get().await.unwrap();
    diesel::sql_query(format!(
        "UPDATE comments SET created_at = now() WHERE id = {id}"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_comment_form_remembers_who_commented_from_this_browser() {
    let mut app = app().await;
    let other = "un-autre-article";
    publish_as_author(&mut app, other, "Un autre article", "Un paragraphe.").await;
    let lea = new_client();
    let fields = [
        ("author_url", "https://lea.example.org"),
        ("body", "Un premier avis."),
    ];
    let response = post_comment(&app, &lea, ARTICLE, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let value = |html: &str, name: &str| attrs(html, &format!("input[name={name}]"), "value");
    for slug in [ARTICLE, other] {
        for _ in 0..2 {
            let html = page_from(&app, &lea, &format!("/articles/{slug}")).await;
            assert_eq!(value(&html, "author_name"), ["Léa"], "{slug}");
            assert_eq!(value(&html, "author_email"), ["lea@example.org"], "{slug}");
            assert_eq!(value(&html, "author_url"), ["https://lea.example.org"]);
        }
    }
    let stranger = page_from(&app, &new_client(), &format!("/articles/{ARTICLE}")).await;
    assert_eq!(
        value(&stranger, "author_name"),
        [""],
        "another browser knows nothing"
    );
    assert_eq!(value(&stranger, "author_email"), [""]);
}
