//! Every button of the author's pages wears the house style (`button` or `link-button`, which
//! the stylesheet draws in light and dark mode), none is left a bare native button; the pages
//! this change touched are valid HTML.

use crate::follows::{ARTICLE, app};
use crate::moderation::guest_comment;
use crate::newsletter_delivery::{compose, due, send, subscriber};
use crate::support::tools::assert_valid_html;
use crate::support::{TestApp, texts};

/// The text of each button in the page's main part that has neither house class.
fn bare_buttons(html: &str) -> Vec<String> {
    texts(
        html,
        "main button:not(.button):not(.link-button), main input[type=submit]",
    )
}

async fn pages(app: &TestApp) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let id = compose(app, "Lettre", &[]).await;
    let scheduled = compose(app, "Programmée", &[]).await;
    send(app, scheduled, "scheduled", &due().1).await;
    for path in [
        format!("/admin/newsletters/{id}"),
        format!("/admin/newsletters/{scheduled}"),
        "/admin/newsletters/new".to_owned(),
        "/admin/subscribers".to_owned(),
        "/admin/subscribers/welcome".to_owned(),
        "/admin/comments?status=pending".to_owned(),
        "/admin/articles/new".to_owned(),
    ] {
        let html = app.page(&path).await;
        out.push((path, html));
    }
    out
}

#[tokio::test]
async fn no_admin_button_is_left_unstyled_and_the_pages_are_valid() {
    let (app, _sink) = app().await;
    app.set_up_author().await;
    subscriber(&app, "r0@example.org", "subscribed", &[]).await;
    guest_comment(&app, ARTICLE, "lea@example.org", "Une question", None).await;
    let pages = pages(&app).await;
    for (path, html) in &pages {
        assert_eq!(bare_buttons(html), Vec::<String>::new(), "{path}");
    }
    let scheduled = &pages[1].1;
    for label in ["Valider l’envoi", "M’envoyer un test", "Annuler l’envoi"] {
        assert!(
            texts(scheduled, "main button.button").contains(&label.to_owned()),
            "{label}"
        );
    }
    // page-N of the report is the N-th path above.
    assert_valid_html(&pages.into_iter().map(|(_, html)| html).collect::<Vec<_>>());
}
