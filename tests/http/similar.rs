//! "Publications similaires": ranked by shared themes, series and text, computed once and
//! kept until an article changes.

use reqwest::StatusCode;

use crate::support::{TestApp, attrs, spawn_app};

const BATTERIES: &str = "Les batteries lithium des voitures électriques coûtent moins cher : \
    cellules, recyclage du lithium et autonomie des batteries.";

async fn published(app: &TestApp, title: &str, body: &str, extra: &[(&str, &str)]) {
    let response = app.publish(title, body, extra).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{title}");
}

fn similar(html: &str) -> Vec<String> {
    attrs(html, ".related .card__title a", "href")
}

async fn theme(app: &TestApp, slug: &str) -> String {
    app.count(&format!(
        "WITH t AS (INSERT INTO themes (slug, name, description, position) \
         VALUES ('{slug}', '{slug}', '', 0) RETURNING id) SELECT id AS n FROM t"
    ))
    .await
    .to_string()
}

#[tokio::test]
async fn an_article_on_the_same_topic_ranks_above_an_unrelated_one_and_drafts_never_show() {
    let app = spawn_app().await;
    app.set_up_author().await;
    let industry = theme(&app, "industrie").await;
    published(
        &app,
        "Le prix des batteries",
        BATTERIES,
        &[("themes", &industry)],
    )
    .await;
    published(
        &app,
        "Tarte aux pommes",
        "Beurre, farine, sucre et pommes du verger.",
        &[],
    )
    .await;
    published(
        &app,
        "Recyclage des cellules",
        "Le recyclage du lithium des batteries usagées de voitures électriques.",
        &[],
    )
    .await;
    published(
        &app,
        "Usines et emplois",
        "Les usines ferment, les emplois partent.",
        &[("themes", &industry)],
    )
    .await;
    let csrf = app.csrf().await;
    app.post_form(
        "/admin/articles/new",
        &[
            ("csrf_token", &csrf),
            ("title", "Brouillon sur les batteries"),
            ("body", BATTERIES),
            ("action", "draft"),
        ],
    )
    .await;

    let list = similar(&app.page("/articles/le-prix-des-batteries").await);
    assert!(list.len() <= 4);
    assert!(
        !list.contains(&"/articles/le-prix-des-batteries".to_owned()),
        "never itself"
    );
    assert!(
        !list.iter().any(|l| l.contains("brouillon")),
        "never a draft: {list:?}"
    );
    let at = |slug: &str| list.iter().position(|l| l == &format!("/articles/{slug}"));
    let same_topic = at("recyclage-des-cellules").expect("the same topic is similar");
    assert!(
        at("usines-et-emplois").is_some(),
        "a shared theme counts: {list:?}"
    );
    assert!(
        at("tarte-aux-pommes").is_none_or(|unrelated| unrelated > same_topic),
        "{list:?}"
    );
}

#[tokio::test]
async fn the_list_is_cached_until_an_article_changes() {
    let app = spawn_app().await;
    app.set_up_author().await;
    published(&app, "Le prix des batteries", BATTERIES, &[]).await;
    published(&app, "Recyclage des batteries", BATTERIES, &[]).await;
    let page = "/articles/le-prix-des-batteries";
    assert_eq!(
        similar(&app.page(page).await),
        vec!["/articles/recyclage-des-batteries"]
    );
    let source = "(SELECT id FROM articles WHERE slug = 'le-prix-des-batteries')";
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) AS n FROM similar_articles WHERE article_id = {source}"
        ))
        .await,
        1,
        "the list is stored"
    );
    app.execute(&format!(
        "UPDATE similar_articles SET similar_ids = '{{}}' WHERE article_id = {source}"
    ))
    .await;
    assert!(
        similar(&app.page(page).await).is_empty(),
        "the page reads the stored list"
    );

    published(&app, "Batteries solides", BATTERIES, &[]).await;
    let list = similar(&app.page(page).await);
    assert_eq!(list.len(), 2, "a new article empties the cache: {list:?}");

    let id = app
        .count("SELECT id AS n FROM articles WHERE slug = 'batteries-solides'")
        .await;
    let csrf = app.csrf().await;
    let response = app
        .post_form(
            &format!("/admin/articles/{id}/edit"),
            &[
                ("csrf_token", &csrf),
                ("title", "Batteries solides"),
                ("body", BATTERIES),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        similar(&app.page(page).await),
        vec!["/articles/recyclage-des-batteries"],
        "an article back to draft leaves the list at once"
    );
}
