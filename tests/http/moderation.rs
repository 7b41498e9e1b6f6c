//! The moderation inbox: editing a comment, bulk actions, search and keyset pages.

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::follows::{ARTICLE, app, confirm, follow, mails_to};
use crate::support::{TestApp, csrf_token, csrf_token_named, new_client, texts};

/// Posts a guest comment from a fresh browser, the client address forwarded as `from` when
/// given; returns the answer.
pub async fn guest_comment(
    app: &TestApp,
    slug: &str,
    email: &str,
    body: &str,
    from: Option<&str>,
) -> reqwest::Response {
    let guest = new_client();
    let url = format!("{}/articles/{slug}", app.address);
    let page = guest.get(&url).send().await.unwrap().text().await.unwrap();
    let stamp = csrf_token_named(&page, "form_ts");
    let name = email.split('@').next().unwrap();
    let form = [
        ("form_ts", stamp.as_str()),
        ("author_name", name),
        ("author_email", email),
        ("body", body),
        ("notify", "all"),
    ];
    let mut request = guest.post(format!("{url}/comments")).form(&form);
    if let Some(from) = from {
        request = request.header("X-Forwarded-For", from);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{email}: {body}");
    response
}

/// The id of the comment whose body is `body`.
pub async fn id_of(app: &TestApp, body: &str) -> i64 {
    app.count(&format!(
        "SELECT id AS n FROM comments WHERE body_markdown = '{body}'"
    ))
    .await
}

/// How many comments have `status`.
pub async fn in_tab(app: &TestApp, status: &str) -> i64 {
    app.count(&format!(
        "SELECT count(*) AS n FROM comments WHERE status = '{status}'"
    ))
    .await
}

async fn bulk(app: &TestApp, status: &str, action: &str, ids: &[String]) -> reqwest::Response {
    let csrf = app.csrf().await;
    let mut form = vec![
        ("csrf_token", csrf.as_str()),
        ("status", status),
        ("q", ""),
        ("action", action),
    ];
    form.extend(ids.iter().map(|id| ("ids", id.as_str())));
    app.post_form("/admin/comments/bulk", &form).await
}

#[tokio::test]
async fn the_moderator_edits_a_comment_within_the_guest_limits() {
    let (app, _sink) = app().await;
    app.set_up_author().await;
    guest_comment(&app, ARTICLE, "lea@example.org", "Premier jet.", None).await;
    let id = id_of(&app, "Premier jet.").await;
    let path = format!("/admin/comments/{id}/edit");
    let form = app.page(&path).await;
    assert_eq!(texts(&form, "textarea#body"), vec!["Premier jet."]);
    assert_eq!(csrf_token_named(&form, "name"), "lea");
    let csrf = csrf_token(&form);

    let long = "x".repeat(5_001);
    let refused = app
        .post_form(
            &path,
            &[
                ("csrf_token", &csrf),
                ("name", "Léa M."),
                ("website", "javascript:alert(1)"),
                ("body", &long),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let shown = refused.text().await.unwrap();
    assert_eq!(csrf_token_named(&shown, "name"), "Léa M.", "what was typed");
    assert_eq!(csrf_token_named(&shown, "website"), "javascript:alert(1)");
    assert_eq!(texts(&shown, "#body-error").len(), 1);
    assert_eq!(texts(&shown, "#website-error").len(), 1);
    let blank = app
        .post_form(
            &path,
            &[("csrf_token", &csrf), ("name", " "), ("body", "Texte")],
        )
        .await;
    assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(texts(&blank.text().await.unwrap(), "#name-error").len(), 1);
    assert_eq!(id_of(&app, "Premier jet.").await, id, "nothing saved");

    let forged = app
        .post_form(&path, &[("csrf_token", "x"), ("name", "A"), ("body", "B")])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    let body = "Corrigé : **gras** <script>alert('x')</script>";
    let saved = app
        .post_form(
            &path,
            &[
                ("csrf_token", &csrf),
                ("name", "Léa M."),
                ("website", "https://lea.example.org"),
                ("body", body),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        saved.headers()[LOCATION],
        format!("/admin/comments?status=pending#comment-{id}").as_str()
    );
    let inbox = app.page("/admin/comments?status=pending").await;
    assert!(
        texts(&inbox, ".flash")
            .concat()
            .contains("Commentaire modifié")
    );
    assert!(texts(&inbox, ".inbox__meta strong").contains(&"Léa M.".to_owned()));
    let item = format!("#comment-{id} .comment__body");
    assert!(texts(&inbox, &format!("{item} strong")).contains(&"gras".to_owned()));
    assert!(texts(&inbox, &format!("{item} script")).is_empty(), "inert");
    assert!(texts(&inbox, &item).concat().contains("alert('x')"));
    assert_eq!(
        app.count(&format!("SELECT count(*) AS n FROM comments WHERE id = {id} AND author_url = 'https://lea.example.org' AND body_html NOT LIKE '%<script%'")).await,
        1
    );
    assert_eq!(
        app.get("/admin/comments/999999/edit").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bulk_approval_notifies_followers_once_per_comment() {
    let (app, sink) = app().await;
    app.set_up_author().await;
    follow(&app, "suiveuse@example.org", "all").await;
    confirm(&app, &sink, "suiveuse@example.org").await;
    guest_comment(&app, ARTICLE, "lea@example.org", "Question un", None).await;
    guest_comment(&app, ARTICLE, "marc@example.org", "Question deux", None).await;
    let ids = [
        id_of(&app, "Question un").await.to_string(),
        id_of(&app, "Question deux").await.to_string(),
    ];
    assert_eq!(mails_to(&app, &sink, "suiveuse@example.org").await.len(), 1);

    let response = bulk(&app, "pending", "approve", &ids).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[LOCATION],
        "/admin/comments?status=pending"
    );
    assert_eq!(in_tab(&app, "approved").await, 2);
    let inbox = app.page("/admin/comments?status=pending").await;
    assert!(
        texts(&inbox, ".flash")
            .concat()
            .contains("Commentaires mis à jour")
    );
    assert_eq!(
        texts(&inbox, ".tabs a"),
        vec![
            "En attente (0)",
            "Approuvés (2)",
            "Indésirables (0)",
            "Corbeille (0)"
        ]
    );
    let mails = mails_to(&app, &sink, "suiveuse@example.org").await;
    let told: String = mails[1..].iter().map(|m| m.text()).collect();
    assert_eq!(told.matches("Question un").count(), 1, "{told}");
    assert_eq!(told.matches("Question deux").count(), 1, "{told}");
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comment_notifications")
            .await,
        2,
        "one notification per comment and follower"
    );

    // Approved ones left the pending tab: a second post is refused and tells nobody again.
    let again = bulk(&app, "pending", "approve", &ids).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let restored = bulk(&app, "approved", "trash", &ids).await;
    assert_eq!(restored.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        bulk(&app, "trash", "restore", &ids).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        mails_to(&app, &sink, "suiveuse@example.org").await.len(),
        mails.len(),
        "a comment is announced once, however often it is approved"
    );
    assert_eq!(
        mails_to(&app, &sink, "lea@example.org").await.len(),
        1,
        "only a confirmation"
    );
}

#[tokio::test]
async fn bulk_actions_with_bad_input_change_nothing() {
    let (app, _sink) = app().await;
    app.set_up_author().await;
    guest_comment(&app, ARTICLE, "lea@example.org", "Un", None).await;
    guest_comment(&app, ARTICLE, "marc@example.org", "Deux", None).await;
    let one = id_of(&app, "Un").await.to_string();
    let two = id_of(&app, "Deux").await.to_string();
    let cases: [(&str, &str, Vec<String>, &str); 7] = [
        (
            "pending",
            "approve",
            vec![],
            "Cochez au moins un commentaire",
        ),
        (
            "pending",
            "explode",
            vec![one.clone()],
            "Choisissez une action",
        ),
        ("pending", "", vec![one.clone()], "Choisissez une action"),
        (
            "pending",
            "approve",
            vec![one.clone(), "999999".into()],
            "n’existent plus",
        ),
        (
            "pending",
            "approve",
            vec![one.clone(), "abc".into()],
            "n’existent plus",
        ),
        (
            "spam",
            "restore",
            vec![one.clone(), two.clone()],
            "quitté cet onglet",
        ),
        ("pending", "delete", vec![one.clone()], "corbeille"),
    ];
    for (status, action, ids, message) in cases {
        let response = bulk(&app, status, action, &ids).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{action} {ids:?}"
        );
        let page = response.text().await.unwrap();
        assert!(
            texts(&page, "#inbox-error")[0].contains(message),
            "{action} {ids:?}"
        );
        assert!(
            texts(&page, ".tabs a")[0].contains("(2)"),
            "the inbox is shown again"
        );
    }
    assert_eq!(
        bulk(&app, "nowhere", "trash", std::slice::from_ref(&one))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    let forged = app
        .post_form(
            "/admin/comments/bulk",
            &[
                ("csrf_token", "x"),
                ("status", "pending"),
                ("action", "trash"),
                ("ids", &one),
            ],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(in_tab(&app, "pending").await, 2, "nothing changed");

    // Delete for good: from the trash only, replies not left behind.
    app.execute(&format!("INSERT INTO comments (article_id, parent_id, depth, author_name, author_email, body_markdown, body_html, status, client_network) SELECT article_id, id, 1, 'Paul', 'paul@example.org', 'Réponse', '<p>Réponse</p>', 'pending', '10.0.0.0/24' FROM comments WHERE id = {one}")).await;
    let both = [one.clone(), two.clone()];
    assert_eq!(
        bulk(&app, "pending", "trash", &both).await.status(),
        StatusCode::SEE_OTHER
    );
    let orphaning = bulk(&app, "trash", "delete", std::slice::from_ref(&one)).await;
    assert_eq!(orphaning.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(in_tab(&app, "trash").await, 2);
    let deleted = bulk(&app, "trash", "delete", std::slice::from_ref(&two)).await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    let trash = app.page("/admin/comments?status=trash").await;
    assert!(
        texts(&trash, ".flash")
            .concat()
            .contains("supprimés définitivement")
    );
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comments").await,
        2,
        "the answered comment and its reply stay"
    );
}

#[tokio::test]
async fn search_finds_by_name_address_text_and_title_whatever_the_case_and_accents() {
    let (app, _sink) = app().await;
    app.set_up_author().await;
    let published = app.publish("Un été à Grenoble", "Texte.", &[]).await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let slug = "un-ete-a-grenoble";
    guest_comment(
        &app,
        ARTICLE,
        "elodie@example.org",
        "Sûr à 100% du sodium",
        None,
    )
    .await;
    guest_comment(
        &app,
        ARTICLE,
        "marc@courriel.example",
        "Sur à 1000 près",
        None,
    )
    .await;
    guest_comment(&app, slug, "zoe@example.org", "Belle ville", None).await;
    app.execute("UPDATE comments SET author_name = 'Élodie Dupré' WHERE author_email = 'elodie@example.org'").await;
    let found = |html: String| texts(&html, ".inbox__meta strong");
    for (q, who) in [
        ("ELODIE", vec!["Élodie Dupré"]),
        ("dupre", vec!["Élodie Dupré"]),
        ("courriel", vec!["marc"]),
        ("SODIUM", vec!["Élodie Dupré"]),
        ("sûr", vec!["marc", "Élodie Dupré"]),
        ("100%", vec!["Élodie Dupré"]),
        ("1_0", vec![]),
        ("été à grenoble", vec!["zoe"]),
    ] {
        let path = format!("/admin/comments?status=pending&q={}", urlencode(q));
        assert_eq!(found(app.page(&path).await), who, "{q}");
    }
    let page = app.page("/admin/comments?status=pending&q=sodium").await;
    let boxes = crate::support::attrs(&page, "#inbox-q, #bulk input[name=q]", "value");
    assert_eq!(
        boxes,
        vec!["sodium", "sodium"],
        "the search box and bulk form keep it"
    );
    let tabs = crate::support::attrs(&page, ".tabs a", "href");
    assert!(
        tabs.iter().all(|href| href.contains("q=sodium")),
        "{tabs:?}"
    );
    assert!(
        texts(&page, ".tabs a")[0].contains("(1)"),
        "counts follow the search"
    );
    assert!(texts(&page, "a").iter().any(|a| a == "Liste de blocage"));
    let long = "a".repeat(101);
    assert_eq!(
        app.get(&format!("/admin/comments?q={long}")).await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_inbox_pages_by_keyset_and_keeps_the_search() {
    let (app, _sink) = app().await;
    app.set_up_author().await;
    app.execute(&format!("INSERT INTO comments (article_id, author_name, author_email, body_markdown, body_html, status, client_network, created_at) SELECT a.id, 'Lecteur ' || n, 'l' || n || '@example.org', 'Avis ' || n, '<p>Avis ' || n || '</p>', 'pending', '10.0.0.0/24', now() - (n % 3) * interval '1 minute' FROM articles a, generate_series(1, 55) n WHERE a.slug = '{ARTICLE}'")).await;
    let first = app.page("/admin/comments?status=pending&q=avis").await;
    let mut seen = texts(&first, ".inbox__meta strong");
    assert_eq!(seen.len(), 50);
    let next = crate::support::attrs(&first, "a[rel=next]", "href");
    assert_eq!(next.len(), 1);
    assert!(
        next[0].contains("q=avis") && next[0].contains("before="),
        "{next:?}"
    );
    let second = app.page(&next[0].replace("&amp;", "&")).await;
    assert!(crate::support::attrs(&second, "a[rel=next]", "href").is_empty());
    seen.extend(texts(&second, ".inbox__meta strong"));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 55, "every comment once");
    assert_eq!(
        app.get("/admin/comments?before=nonsense").await.status(),
        StatusCode::BAD_REQUEST
    );
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
