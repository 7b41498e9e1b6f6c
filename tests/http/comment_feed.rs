//! The comment feed of an article: approved comments only, newest first, read back as Atom.

use atom_syndication::Feed;
use reqwest::StatusCode;

use crate::support::articles::{DISCUSSED, publish_discussed};
use crate::support::forms::post_comment;
use crate::support::{TestApp, attrs, spawn_app_with};

const BASE: &str = "https://sillage.example";
const ARTICLE: &str = DISCUSSED;

async fn app() -> TestApp {
    let mut app = spawn_app_with(|s| {
        s.site.base_url = BASE.to_owned();
        s.comments.min_form_seconds = 0;
        s.comments.per_network_per_10_minutes = 100;
    })
    .await;
    publish_discussed(&mut app).await;
    app
}

/// Posts a comment through the form; it is then given `status` and `created_at`.
async fn comment(app: &TestApp, name: &str, body: &str, status: &str, at: &str) -> i64 {
    let email = format!(
        "{}@example.org",
        app.count("SELECT count(*) AS n FROM comments").await
    );
    let fields = [
        ("author_name", name),
        ("author_email", email.as_str()),
        ("body", body),
    ];
    let response = post_comment(app, &app.client, ARTICLE, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{body}");
    let id = app.count("SELECT max(id) AS n FROM comments").await;
    app.execute(&format!(
        "UPDATE comments SET status = '{status}', created_at = '{at}', \
         approved_at = CASE WHEN '{status}' = 'approved' THEN '{at}'::timestamptz END WHERE id = {id}"
    ))
    .await;
    id
}

#[tokio::test]
async fn the_comment_feed_has_approved_comments_newest_first_with_links_names_and_dates() {
    let app = app().await;
    let older = comment(
        &app,
        "Léa",
        "Premier avis, bien argumenté.",
        "approved",
        "2026-11-02T09:00:00Z",
    )
    .await;
    let xss = "<script>alert('x')</script> [clic](javascript:alert(1)) second avis";
    let newer = comment(&app, "Zoé <b>", xss, "approved", "2026-11-03T10:30:00Z").await;
    comment(
        &app,
        "Paul",
        "Avis en attente de modération.",
        "pending",
        "2026-11-04T08:00:00Z",
    )
    .await;
    comment(
        &app,
        "Robot",
        "Achetez des indésirables.",
        "spam",
        "2026-11-05T08:00:00Z",
    )
    .await;

    let path = format!("/articles/{ARTICLE}/comments.xml");
    let response = app.get(&path).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let xml = response.text().await.unwrap();
    assert!(
        !xml.contains("attente") && !xml.contains("indésirables"),
        "no pending, no spam"
    );
    let feed: Feed = xml.parse().expect("the comment feed parses as Atom");
    assert_eq!(feed.id, format!("{BASE}{path}"));
    assert!(
        feed.title.as_str().contains("Commentaires"),
        "{}",
        feed.title.as_str()
    );

    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    let anchor = |id: i64| format!("{BASE}/articles/{ARTICLE}#comment-{id}");
    assert_eq!(ids, [anchor(newer), anchor(older)], "newest first");
    let first = &feed.entries[0];
    assert_eq!(first.links[0].href, anchor(newer));
    assert_eq!(
        first.authors[0].name, "Zoé <b>",
        "a name is text, never markup"
    );
    assert_eq!(
        first.published.unwrap().to_rfc3339(),
        "2026-11-03T10:30:00+00:00"
    );
    assert_eq!(feed.updated.to_rfc3339(), "2026-11-03T10:30:00+00:00");
    let html = first.content.as_ref().unwrap().value.as_deref().unwrap();
    assert!(html.contains("second avis"), "{html}");
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script") && !html.contains("href"),
        "the body stays inert: {html}"
    );
    assert_eq!(feed.entries[1].authors[0].name, "Léa");
}

#[tokio::test]
async fn the_article_page_announces_its_comment_feed_and_unknown_articles_have_none() {
    let app = app().await;
    let html = app.page(&format!("/articles/{ARTICLE}")).await;
    let feeds = attrs(
        &html,
        "link[rel=alternate][type='application/atom+xml']",
        "href",
    );
    assert!(
        feeds.contains(&format!("{BASE}/articles/{ARTICLE}/comments.xml")),
        "{feeds:?}"
    );
    let empty: Feed = app
        .page(&format!("/articles/{ARTICLE}/comments.xml"))
        .await
        .parse()
        .unwrap();
    assert!(empty.entries.is_empty());
    app.execute(&format!(
        "UPDATE articles SET status = 'draft' WHERE slug = '{ARTICLE}'"
    ))
    .await;
    for path in [
        format!("/articles/{ARTICLE}/comments.xml"),
        "/articles/inconnu/comments.xml".to_owned(),
        "/articles/%00/comments.xml".to_owned(),
    ] {
        assert_eq!(
            app.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
