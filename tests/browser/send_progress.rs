//! A newsletter's page left open follows its send: it says "Programmée", then, while the worker
//! delivers to a real SMTP server, "Envoyée" with its counts in words and its bar full, without
//! being reloaded; axe-core finds nothing wrong with it at either moment.

use fantoccini::{Client, Locator};

use crate::body_images::log_in;
use crate::driver::Browser;
use crate::quality::axe_violations;
use crate::support::newsletters::{compose, due, send, subscriber};
use crate::support::smtp::SmtpSink;
use crate::support::tools::axe_js;
use crate::support::{eventually, mail_to, spawn_app_with};

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// An app whose mail goes to a real SMTP sink, its worker driven by the test, the author
/// logged in.
async fn author_app() -> (crate::support::TestApp, SmtpSink) {
    let sink = SmtpSink::start();
    let app = spawn_app_with(|s| {
        mail_to(s, &sink);
        s.worker.embedded = false;
    })
    .await;
    app.set_up_author().await;
    (app, sink)
}

#[tokio::test]
async fn a_send_s_page_left_open_changes_from_scheduled_to_sent_without_reload() {
    let axe = std::fs::read_to_string(axe_js()).expect("axe-core's script reads");
    let (app, sink) = author_app().await;
    for n in 0..3 {
        subscriber(&app, &format!("r{n}@example.org"), "subscribed", &[]).await;
    }
    let id = compose(&app, "Lettre de décembre", &[]).await;
    let (at, local) = due();
    assert_eq!(send(&app, id, "scheduled", &local).await.status(), 303);

    let browser = Browser::start().await;
    let c = &browser.client;
    log_in(c, &app.address).await;
    c.goto(&format!("{}/admin/newsletters/{id}", app.address))
        .await
        .unwrap();
    assert_eq!(text_of(c, "[data-live-status]").await, "Programmée");
    assert_eq!(
        text_of(c, "#progress-summary").await,
        "L’envoi n’a pas encore commencé."
    );
    let violations = axe_violations(c, &axe).await;
    assert!(violations.is_empty(), "scheduled: {violations:#?}");
    // A mark on this document: a reload would lose it.
    c.execute("window.sillageMark = 'kept'; return null;", vec![])
        .await
        .unwrap();

    assert!(app.drain(at).await > 0, "the worker delivers the send");
    assert_eq!(sink.messages().len(), 3);

    eventually("the page says the send ended", async || {
        text_of(c, "[data-live-status]").await == "Envoyée"
    })
    .await;
    assert_eq!(
        text_of(c, "#progress-summary").await,
        "3 messages envoyés sur 3, 0 en échec, 0 en attente."
    );
    assert_eq!(text_of(c, "[data-count=sent]").await, "3");
    let shown = c
        .execute(
            "const bar = document.querySelector('progress[data-live-bar]'); \
             return [window.sillageMark, bar.value, bar.max, \
             document.querySelector('form[action$=\"/cancel\"]').hidden, \
             document.querySelector('[data-live-when=\"draft scheduled overdue\"]').hidden];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        shown,
        serde_json::json!(["kept", 3, 3, true, true]),
        "not reloaded; the bar full; cancelling and the send form gone"
    );
    let violations = axe_violations(c, &axe).await;
    assert!(violations.is_empty(), "sent: {violations:#?}");
}

/// Each named button's background and text colours as the browser computed them.
const BUTTON_COLOURS: &str = r#"
return Array.from(document.querySelectorAll('main button')).filter(b => !b.closest('[hidden]'))
  .map(b => { const s = getComputedStyle(b); return [b.textContent.trim(), s.backgroundColor, s.color, s.borderTopStyle]; });
"#;

#[tokio::test]
async fn the_send_s_buttons_wear_the_house_style_in_light_and_dark_mode() {
    let axe = std::fs::read_to_string(axe_js()).expect("axe-core's script reads");
    let (app, _sink) = author_app().await;
    subscriber(&app, "r0@example.org", "subscribed", &[]).await;
    let id = compose(&app, "Lettre de décembre", &[]).await;
    // (scheme, Chromium's switches, the primary button's background, the danger one's)
    let schemes = [
        ("light", &[][..], "rgb(11, 60, 93)", "rgb(179, 38, 30)"),
        (
            "dark",
            &["--force-dark-mode"][..],
            "rgb(159, 211, 240)",
            "rgb(255, 143, 134)",
        ),
    ];
    for (scheme, switches, primary, danger) in schemes {
        let browser = Browser::start_with(switches).await;
        let c = &browser.client;
        log_in(c, &app.address).await;
        c.goto(&format!("{}/admin/newsletters/{id}", app.address))
            .await
            .unwrap();
        let buttons: Vec<(String, String, String, String)> =
            serde_json::from_value(c.execute(BUTTON_COLOURS, vec![]).await.unwrap()).unwrap();
        let colour = |label: &str| {
            buttons
                .iter()
                .find(|b| b.0 == label)
                .unwrap_or_else(|| panic!("{scheme}: no button {label}: {buttons:?}"))
                .clone()
        };
        assert_eq!(colour("Valider l’envoi").1, primary, "{scheme}");
        assert_eq!(colour("Annuler l’envoi").1, danger, "{scheme}");
        let test = colour("M’envoyer un test");
        assert_eq!(
            (test.1.as_str(), test.3.as_str()),
            ("rgba(0, 0, 0, 0)", "solid"),
            "{scheme}: the secondary style, outlined"
        );
        let violations = axe_violations(c, &axe).await;
        assert!(violations.is_empty(), "{scheme}: {violations:#?}");
    }
}
