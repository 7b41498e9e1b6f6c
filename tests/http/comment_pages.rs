//! Pages of comment threads (keyset pagination in every order) and the author commenting from
//! the article page.

use reqwest::StatusCode;

use crate::support::articles::{DISCUSSED, publish_discussed};
use crate::support::{TestApp, attrs, csrf_token, new_client, spawn_app_with, texts};

const ARTICLE: &str = DISCUSSED;

async fn app(per_page: i64) -> TestApp {
    let mut app = spawn_app_with(|s| {
        s.comments.min_form_seconds = 0;
        s.comments.threads_per_page = per_page;
    })
    .await;
    publish_discussed(&mut app).await;
    app
}

/// Eight approved threads, two by two posted at the same instant (so ids break ties), a reply
/// under the second, and votes: the third +2, the sixth +1, the first -1. Returns their ids.
async fn eight_threads(app: &TestApp) -> Vec<i64> {
    app.page(&format!("/articles/{ARTICLE}")).await;
    for i in 1..=8 {
        app.execute(&format!(
            "INSERT INTO comments (article_id, author_name, author_email, body_markdown, body_html, status, client_network, created_at, approved_at) \
             SELECT id, 'T{i}', 't@example.org', 'Fil {i}', '<p>Fil {i}</p>', 'approved', '127.0.0.0/24', \
             timestamptz '2026-11-01 10:00:00+00' + interval '1 minute' * {}, now() FROM articles WHERE slug = '{ARTICLE}'",
            i / 2
        ))
        .await;
    }
    let first = app.count("SELECT min(id) AS n FROM comments").await;
    let ids: Vec<i64> = (first..first + 8).collect();
    app.execute(&format!(
        "INSERT INTO comments (article_id, parent_id, depth, author_name, author_email, body_markdown, body_html, status, client_network, approved_at) \
         SELECT article_id, id, 1, 'R', 'r@example.org', 'Réponse', '<p>Réponse</p>', 'approved', '127.0.0.0/24', now() FROM comments WHERE id = {}",
        ids[1]
    ))
    .await;
    for (id, readers, value) in [(ids[2], 2, 1), (ids[5], 1, 1), (ids[0], 1, -1)] {
        for r in 0..readers {
            app.execute(&format!(
                "INSERT INTO comment_votes (comment_id, reader_id, value, client_network) VALUES ({id}, 'reader-{r}-aaaaaaaaaaaaaaaaaaaa', {value}, '127.0.0.0/24')"
            ))
            .await;
        }
    }
    ids
}

/// Follows "Afficher tous les commentaires" from `start` as the script does, a page at a time
/// (its `data-next`); the thread ids of each page.
async fn pages(app: &TestApp, start: &str) -> Vec<Vec<i64>> {
    let mut pages = Vec::new();
    let mut next = Some(start.to_owned());
    while let Some(url) = next {
        let html = app.page(&url).await;
        let threads = attrs(&html, ".comment-list > li.comment--level-0", "id")
            .iter()
            .map(|id| id.trim_start_matches("comment-").parse().unwrap())
            .collect();
        pages.push(threads);
        next = attrs(&html, "a.comments__more", "data-next")
            .first()
            .map(|href| href.trim_end_matches("#comments").to_owned());
        assert!(pages.len() < 10, "the pages end");
    }
    pages
}

#[tokio::test]
async fn threads_come_in_keyset_pages_without_duplicates_or_gaps_in_every_order() {
    let app = app(3).await;
    let ids = eight_threads(&app).await;
    let pick = |order: &[usize]| order.iter().map(|i| ids[*i]).collect::<Vec<_>>();
    for (order, expected) in [
        ("newest", pick(&[7, 6, 5, 4, 3, 2, 1, 0])),
        ("oldest", pick(&[0, 1, 2, 3, 4, 5, 6, 7])),
        ("top", pick(&[2, 5, 7, 6, 4, 3, 1, 0])),
    ] {
        let found = pages(&app, &format!("/articles/{ARTICLE}?comments={order}")).await;
        assert_eq!(
            found.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![3, 3, 2],
            "{order}"
        );
        assert_eq!(
            found.concat(),
            expected,
            "{order}: every thread once, in order"
        );
    }
    let html = app
        .page(&format!("/articles/{ARTICLE}?comments=oldest"))
        .await;
    assert_eq!(
        texts(&html, ".comment-list > li")[..3]
            .iter()
            .map(|t| t.contains("Réponse"))
            .collect::<Vec<_>>(),
        vec![false, false, true],
        "a reply follows its thread on the thread's page"
    );
    assert_eq!(texts(&html, "#comments-title"), vec!["9 Commentaires"]);
    assert_eq!(
        texts(&html, "a.comments__more"),
        vec!["Afficher tous les commentaires"]
    );
    let later = app
        .page(&attrs(&html, "a.comments__more", "data-next")[0])
        .await;
    assert_eq!(
        attrs(&later, ".comments__page a", "href")[0],
        format!("/articles/{ARTICLE}?comments=oldest#comments"),
        "a later page links back to the first"
    );
}

#[tokio::test]
async fn show_all_comments_without_javascript_shows_every_thread_from_the_first() {
    let app = app(3).await;
    let ids = eight_threads(&app).await;
    let first = app
        .page(&format!("/articles/{ARTICLE}?comments=oldest"))
        .await;
    let all = app
        .page(&attrs(&first, "a.comments__more", "href")[0])
        .await;
    let threads: Vec<i64> = attrs(&all, ".comment-list > li.comment--level-0", "id")
        .iter()
        .map(|id| id.trim_start_matches("comment-").parse().unwrap())
        .collect();
    assert_eq!(
        threads, ids,
        "every thread, the first page's included, in order"
    );
    assert!(
        attrs(&all, "a.comments__more", "href").is_empty(),
        "nothing is left to show"
    );
    crate::support::tools::assert_valid_html(&[all]);
}

#[tokio::test]
async fn a_bad_cursor_shows_the_first_page() {
    let app = app(3).await;
    let ids = eight_threads(&app).await;
    let first = vec![ids[7], ids[6], ids[5]];
    for cursor in [
        "garbage",
        "oldest.0.1764500000000000.4",
        "newest.0.99999999999999999999999.4",
        "newest.0.1764500000000000.-1",
        "newest.x.1.1",
        "%00%ff",
    ] {
        let found = pages(
            &app,
            &format!("/articles/{ARTICLE}?comments=newest&comments_after={cursor}"),
        )
        .await;
        assert_eq!(found[0], first, "{cursor}");
    }
}

#[tokio::test]
async fn the_logged_in_author_comments_and_replies_from_the_page() {
    let app = app(20).await;
    app.set_up_author().await;
    let html = app.page(&format!("/articles/{ARTICLE}")).await;
    assert!(texts(&html, ".comment-form__as-author")[0].contains("Claire Martin"));
    assert!(attrs(&html, "#comment-form input[name=author_email]", "name").is_empty());
    let csrf = csrf_token(&html);
    let forged = app
        .post_form(
            &format!("/articles/{ARTICLE}/comments"),
            &[("csrf_token", "forged"), ("body", "Faux")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let empty = app
        .post_form(
            &format!("/articles/{ARTICLE}/comments"),
            &[("csrf_token", &csrf), ("body", "  ")],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(texts(&empty.text().await.unwrap(), "#body-error")[0].contains("1 à 5 000"));
    assert_eq!(app.count("SELECT count(*) AS n FROM comments").await, 0);

    let posted = app
        .post_form(
            &format!("/articles/{ARTICLE}/comments"),
            &[("csrf_token", &csrf), ("body", "Merci de votre lecture.")],
        )
        .await;
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);
    let id = app.count("SELECT max(id) AS n FROM comments").await;
    let reply = app
        .post_form(
            &format!("/articles/{ARTICLE}/comments"),
            &[
                ("csrf_token", &csrf),
                ("body", "Et une précision."),
                ("parent_id", &id.to_string()),
            ],
        )
        .await;
    assert_eq!(reply.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(
            "SELECT count(*) AS n FROM comments WHERE by_author AND status = 'approved' AND author_name = 'Claire Martin'"
        )
        .await,
        2
    );
    let reader = new_client()
        .get(format!("{}/articles/{ARTICLE}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(texts(&reader, "#comments-title"), vec!["2 Commentaires"]);
    assert_eq!(texts(&reader, ".comment .badge"), vec!["Auteur", "Auteur"]);
    assert_eq!(
        texts(&reader, ".comment--level-1 .comment__body"),
        vec!["Et une précision."]
    );
    assert!(
        attrs(&reader, "#comment-form input[name=author_email]", "name").len() == 1,
        "readers still give their name and address"
    );
}

#[tokio::test]
async fn a_comment_link_leads_to_the_page_that_shows_it() {
    let app = app(3).await;
    let ids = eight_threads(&app).await;
    // Newest first, three threads a page: ids 7 6 5 | 4 3 2 | 1 0; the reply is under ids[1].
    let reply = app.count("SELECT max(id) AS n FROM comments").await;
    for (comment, on_first_page) in [(reply, false), (ids[1], false), (ids[6], true)] {
        let response = app.get(&format!("/comments/{comment}")).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let to = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.ends_with(&format!("#comment-{comment}")), "{to}");
        assert_eq!(!to.contains("comments_after="), on_first_page, "{to}");
        let page = app.page(to.split('#').next().unwrap()).await;
        assert_eq!(
            attrs(&page, &format!("#comment-{comment}"), "id").len(),
            1,
            "comment {comment} is on {to}"
        );
    }
    // Hidden, unknown or malformed: nothing to show.
    app.execute(&format!(
        "UPDATE comments SET status = 'pending' WHERE id = {}",
        ids[3]
    ))
    .await;
    for path in [
        format!("/comments/{}", ids[3]),
        "/comments/999999".to_owned(),
        "/comments/abc".to_owned(),
        "/comments/-1".to_owned(),
    ] {
        assert_eq!(
            app.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
