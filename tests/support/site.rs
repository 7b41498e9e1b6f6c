//! A small site the tests publish for themselves through the author's editor, around a *rich*
//! article: the one with everything a reader's page can hold (hero image, callout, figure, wide
//! table, quote, lists, a series, themes, a source), its body read from
//! `tests/fixtures/articles`, its pictures from `tests/fixtures/images`.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::support::TestApp;
use crate::support::articles::as_author;

/// The series of the rich article and its companion.
pub const SERIES: &str = "recharger-sans-se-ruiner";
/// Its name.
pub const SERIES_NAME: &str = "Recharger sans se ruiner";
/// The site's themes, slug and name: the rich article has the first two, the companion the
/// second, the standalone article the third.
pub const THEMES: [(&str, &str); 3] = [
    ("energie", "Énergie"),
    ("usages", "Usages"),
    ("technique", "Technique"),
];

/// The rich article's slug, as a literal for `concat!`.
macro_rules! rich_slug {
    () => {
        "recharge-a-domicile-le-vrai-cout"
    };
}
/// The slug of the rich article.
pub const RICH: &str = rich_slug!();
/// Its page.
pub const RICH_PATH: &str = concat!("/articles/", rich_slug!());
/// Its title.
pub const RICH_TITLE: &str = "Recharge à domicile : ce que coûte vraiment un kilomètre électrique";
/// Its body, where `{figure}` stands for the figure uploaded to the media library.
const RICH_BODY: &str = include_str!("../fixtures/articles/recharge-a-domicile.md");
/// The figure's picture: 1000 × 560 pixels.
pub const FIGURE_PNG: &[u8] = include_bytes!("../fixtures/images/figure-bars.png");
/// The rich article's hero: 1200 × 675 pixels, a drawing whose lossless WebPs would be heavier
/// than its PNGs.
pub const HERO_PNG: &[u8] = include_bytes!("../fixtures/images/hero-network.png");

/// The slug of the rich article's companion in its series.
pub const COMPANION: &str = "bornes-publiques-le-prix-de-la-vitesse";
/// Its title.
pub const COMPANION_TITLE: &str = "Bornes publiques : le prix de la vitesse";
const COMPANION_BODY: &str = "## Le prix affiché\n\n\
    Sur une borne rapide, le kilowattheure coûte deux à trois fois plus cher qu’à domicile.\n\n\
    ## Le prix réel\n\n\
    Les frais de session et la facturation à la minute alourdissent encore la note.";
const COMPANION_HERO: &[u8] = include_bytes!("../fixtures/images/hero-batteries.png");

/// The slug of the site's article outside the series.
pub const STANDALONE: &str = "l-hiver-et-l-autonomie";
/// Its title.
pub const STANDALONE_TITLE: &str = "L’hiver et l’autonomie : ce que mesure le thermomètre";
const STANDALONE_BODY: &str = "## Le froid\n\n\
    Par temps froid, la batterie chauffe l’habitacle et se chauffe elle-même.\n\n\
    ## La parade\n\n\
    Préchauffer la voiture branchée rend l’autonomie perdue.";
const STANDALONE_HERO: &[u8] = include_bytes!("../fixtures/images/hero-city-car.png");

/// Publishes the rich article ([`RICH`]) with its series and themes, as the author (see
/// [`publish_as_author`]).
pub async fn publish_rich(app: &mut TestApp) {
    let reader = as_author(app).await;
    let taxonomy = Taxonomy::create(app).await;
    publish_rich_article(app, &taxonomy).await;
    app.client = reader;
}

/// Publishes a small site, as the author: the standalone article first, then the companion,
/// then the rich article (the newest), every one with a hero; the series holds the last two.
pub async fn publish_site(app: &mut TestApp) {
    let reader = as_author(app).await;
    let taxonomy = Taxonomy::create(app).await;
    Illustrated {
        slug: STANDALONE,
        title: STANDALONE_TITLE,
        body: STANDALONE_BODY,
        themes: &[&taxonomy.themes[2]],
        series: "",
        hero: STANDALONE_HERO,
        hero_alt: "Une petite voiture blanche sur une route, au crépuscule.",
    }
    .publish(app)
    .await;
    Illustrated {
        slug: COMPANION,
        title: COMPANION_TITLE,
        body: COMPANION_BODY,
        themes: &[&taxonomy.themes[1]],
        series: &taxonomy.series,
        hero: COMPANION_HERO,
        hero_alt: "Deux batteries stylisées côte à côte, séparées par un éclair rose.",
    }
    .publish(app)
    .await;
    publish_rich_article(app, &taxonomy).await;
    app.client = reader;
}

/// The ids of the site's themes and series, as the editor's form sends them.
struct Taxonomy {
    themes: Vec<String>,
    series: String,
}

/// Writes the site's [`THEMES`] straight in the database (no form makes a theme); returns
/// their ids, as the forms send them.
pub async fn create_themes(app: &TestApp) -> Vec<String> {
    let mut themes = Vec::new();
    for (position, (slug, name)) in THEMES.iter().enumerate() {
        let id = app
            .count(&format!(
                "WITH t AS (INSERT INTO themes (slug, name, description, position) \
                 VALUES ('{slug}', '{name}', 'Les articles sur le thème {name}.', {position}) \
                 RETURNING id) SELECT id AS n FROM t"
            ))
            .await;
        themes.push(id.to_string());
    }
    themes
}

impl Taxonomy {
    /// Writes the themes and the series straight in the database.
    async fn create(app: &TestApp) -> Self {
        let themes = create_themes(app).await;
        let series = app
            .count(&format!(
                "WITH s AS (INSERT INTO series (slug, name, description) \
                 VALUES ('{SERIES}', '{SERIES_NAME}', 'Ce que coûte l’énergie d’une voiture électrique, \
                 de la prise du garage à la borne d’autoroute.') RETURNING id) SELECT id AS n FROM s"
            ))
            .await
            .to_string();
        Self { themes, series }
    }
}

/// Uploads the figure to the media library, then publishes the rich article around it.
async fn publish_rich_article(app: &TestApp, taxonomy: &Taxonomy) {
    let csrf = app.csrf().await;
    let figure = Form::new()
        .text("csrf_token", csrf)
        .text(
            "alt",
            "Graphique en barres du coût de 100 kilomètres selon le mode de recharge",
        )
        .text(
            "caption",
            "Coût de 100 kilomètres en euros, de la prise domestique à la borne rapide.",
        )
        .part(
            "image",
            Part::bytes(FIGURE_PNG.to_vec()).file_name("figure.png"),
        );
    let uploaded = app.post_multipart("/admin/media", figure).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED, "the figure uploads");
    let uploaded: serde_json::Value = uploaded.json().await.expect("the upload's answer");
    let markdown = uploaded["markdown"]
        .as_str()
        .expect("the figure's Markdown");
    let body = RICH_BODY.replace("{figure}", markdown);
    Illustrated {
        slug: RICH,
        title: RICH_TITLE,
        body: &body,
        themes: &[&taxonomy.themes[0], &taxonomy.themes[1]],
        series: &taxonomy.series,
        hero: HERO_PNG,
        hero_alt: "Un cercle rose relié par des traits fins à des points plus petits, sur fond bleu nuit.",
    }
    .publish(app)
    .await;
}

/// An article with a hero, as the editor's multipart form sends it.
struct Illustrated<'a> {
    slug: &'a str,
    title: &'a str,
    body: &'a str,
    /// Theme ids.
    themes: &'a [&'a str],
    /// The series id, empty for none.
    series: &'a str,
    hero: &'static [u8],
    hero_alt: &'a str,
}

impl Illustrated<'_> {
    /// Publishes the article through the editor, from the author's session.
    async fn publish(self, app: &TestApp) {
        let mut form = Form::new()
            .text("csrf_token", app.csrf().await)
            .text("title", self.title.to_owned())
            .text("slug", self.slug.to_owned())
            .text(
                "summary",
                "Ce que coûte l’énergie d’une voiture électrique, et comment payer moins.",
            )
            .text("body", self.body.to_owned())
            .text("series", self.series.to_owned())
            .text(
                "source_url",
                "https://observatoire-recharge.example/rapport-2024.pdf",
            )
            .part(
                "hero_image",
                Part::bytes(self.hero.to_vec()).file_name("hero.png"),
            )
            .text("hero_alt", self.hero_alt.to_owned())
            .text("action", "publish")
            .text("publish_at", "");
        for theme in self.themes {
            form = form.text("themes", theme.to_string());
        }
        let published = app.post_multipart("/admin/articles/new", form).await;
        assert_eq!(
            published.status(),
            StatusCode::SEE_OTHER,
            "{} is published: {}",
            self.slug,
            published.text().await.unwrap_or_default()
        );
    }
}
