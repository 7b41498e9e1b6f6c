//! Articles the tests make for themselves, through the author's editor, so that no test depends
//! on the demo's content or slugs: here a plain discussed article (a heading and three
//! paragraphs); the richer ones are in [`crate::support::site`].

use reqwest::{Client, StatusCode};

use crate::support::{TestApp, new_client};

/// The slug of the article the comment tests discuss.
pub const DISCUSSED: &str = "une-chimie-en-debat";
/// Its title.
pub const DISCUSSED_TITLE: &str = "LFP ou NMC : une chimie en débat";
/// Its body: a heading and three paragraphs that readers can quote.
const DISCUSSED_BODY: &str = "## Le coût\n\n\
    Le LFP coûte moins cher par kilowattheure et supporte mieux les recharges complètes.\n\n\
    Le NMC garde l’avantage de la densité, donc de l’autonomie à masse égale.\n\n\
    ## La gamme\n\n\
    Les constructeurs réservent le LFP à l’entrée de gamme et le NMC à la grande autonomie.";

/// Publishes the discussed article (see [`publish_as_author`]).
pub async fn publish_discussed(app: &mut TestApp) {
    publish_as_author(app, DISCUSSED, DISCUSSED_TITLE, DISCUSSED_BODY).await;
}

/// Publishes an article as the author, from a client of its own: the test's client stays a
/// reader's, with no session. The author's account is made if there is none yet.
pub async fn publish_as_author(app: &mut TestApp, slug: &str, title: &str, body: &str) {
    let reader = as_author(app).await;
    let summary = "Ce que le choix de la chimie change pour la gamme.";
    let published = app
        .publish(title, body, &[("slug", slug), ("summary", summary)])
        .await;
    assert_eq!(
        published.status(),
        StatusCode::SEE_OTHER,
        "{slug} is published"
    );
    app.client = reader;
}

/// Gives `app` a client of its own logged in as the author (the account is made if there is
/// none yet); returns the test's client, to put back.
pub async fn as_author(app: &mut TestApp) -> Client {
    let reader = std::mem::replace(&mut app.client, new_client());
    app.set_up_author().await;
    reader
}
