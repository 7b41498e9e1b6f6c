//! The article page's accessibility: axe-core on the page with comments, its open comment
//! panel and dark mode; and what axe-core does not judge: the keyboard's focus order, and the
//! contrast of the pink bubble (an icon, so WCAG's 3:1 for graphics).

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::driver::Browser;
use crate::quality::axe_violations;
use crate::support::site::{RICH, RICH_PATH as ARTICLE, publish_rich, publish_site};
use crate::support::tools::axe_js;
use crate::support::{TestApp, spawn_app};

/// Where the focused element sits in document order, its class and its name (a simple take on
/// the accessible name: enough to catch a control left without one).
const FOCUSED: &str = r#"
const a = document.activeElement;
const label = a.labels && a.labels.length ? a.labels[0].textContent : '';
const labelled = a.getAttribute('aria-labelledby');
const byId = labelled ? document.getElementById(labelled).textContent : '';
return [Array.prototype.indexOf.call(document.querySelectorAll('*'), a), a.className,
  (a.getAttribute('aria-label') || byId || label || a.textContent || a.value || '').trim().slice(0, 40)];
"#;

/// A reader's approved comment on the article, and the author's reply with its badge.
async fn discuss(app: &TestApp) {
    app.execute(&format!(
        "INSERT INTO comments (article_id, depth, author_name, author_email, body_markdown, \
         body_html, status, notify, client_network, created_at, approved_at) \
         SELECT id, 0, 'Léa', 'lea@example.org', 'Très clair, merci.', '<p>Très clair, merci.</p>', \
         'approved', 'none', '192.0.2.0/24', now() - interval '2 minutes', now() \
         FROM articles WHERE slug = '{}'",
        RICH
    ))
    .await;
    app.set_up_author().await;
    let csrf = app.csrf().await;
    let parent = app.count("SELECT max(id) AS n FROM comments").await;
    let response = app
        .post_form(
            &format!("{ARTICLE}/comments"),
            &[
                ("csrf_token", csrf.as_str()),
                ("body", "Merci Léa !"),
                ("parent_id", &parent.to_string()),
                ("notify", "none"),
            ],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(
        app.count("SELECT count(*) AS n FROM comments WHERE by_author AND status = 'approved'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_article_with_comments_and_its_open_panel_pass_axe_in_light_and_dark() {
    let axe = std::fs::read_to_string(axe_js()).expect("axe-core's script reads");
    let mut app = spawn_app().await;
    publish_site(&mut app).await;
    discuss(&app).await;
    for (scheme, switches) in [("light", &[][..]), ("dark", &["--force-dark-mode"][..])] {
        let browser = Browser::start_with(switches).await;
        let c = &browser.client;
        c.goto(&format!("{}{ARTICLE}", app.address)).await.unwrap();
        let dark: bool = serde_json::from_value(
            c.execute(
                "return matchMedia('(prefers-color-scheme: dark)').matches;",
                vec![],
            )
            .await
            .unwrap(),
        )
        .unwrap();
        assert_eq!(dark, scheme == "dark");
        let violations = axe_violations(c, &axe).await;
        assert!(violations.is_empty(), "{scheme}, page: {violations:#?}");

        c.find(Locator::Css("a.bubble[role=button]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let badge = c
            .wait()
            .for_element(Locator::Css("#comments.comments--panel .badge"))
            .await
            .unwrap();
        assert!(badge.is_displayed().await.unwrap(), "{scheme}");
        let violations = axe_violations(c, &axe).await;
        assert!(
            violations.is_empty(),
            "{scheme}, open panel: {violations:#?}"
        );
    }
}

#[tokio::test]
async fn the_keyboard_goes_through_the_article_in_reading_order() {
    let mut app = spawn_app().await;
    publish_site(&mut app).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}{ARTICLE}", app.address)).await.unwrap();
    let tab = char::from(Key::Tab).to_string();
    let mut visited: Vec<(i64, String, String)> = Vec::new();
    for _ in 0..250 {
        c.active_element()
            .await
            .unwrap()
            .send_keys(&tab)
            .await
            .unwrap();
        let (at, class, name): (i64, String, String) =
            serde_json::from_value(c.execute(FOCUSED, vec![]).await.unwrap()).unwrap();
        if visited.last().is_some_and(|(last, _, _)| at <= *last) {
            break; // back to the top: the whole page was visited
        }
        visited.push((at, class, name));
    }
    assert_eq!(visited[0].1, "skip-link", "the skip link comes first");
    assert_eq!(
        (visited[1].1.as_str(), visited[1].2.as_str()),
        ("skip-link", "Aller aux commentaires"),
        "then the one to the comments"
    );
    assert!(
        visited.iter().all(|(_, class, _)| class != "inline-add"),
        "no paragraph's 💬 button is a Tab stop: {visited:#?}"
    );
    let to_the_stars = visited
        .iter()
        .position(|(_, class, _)| class.starts_with("rating__star"))
        .expect("the stars are reached with the keyboard");
    assert!(
        to_the_stars < 25,
        "the stars are {to_the_stars} Tab presses away: {visited:#?}"
    );
    let passage = visited
        .iter()
        .find(|(_, _, name)| name == "Passage commenté")
        .expect("one list in the comment form reaches a paragraph from the keyboard");
    assert!(passage.0 > 0);
    let bubble = visited
        .iter()
        .find(|(_, class, _)| class == "bubble")
        .expect("the bubble is reached with the keyboard, in document order");
    assert!(bubble.2.starts_with("Réagir à l’article"), "{}", bubble.2);
    let after_the_bubble = visited.iter().skip_while(|v| v.1 != "bubble").count();
    assert!(
        after_the_bubble > 1,
        "the footer follows the article: {visited:#?}"
    );
    assert!(
        visited.iter().all(|(_, _, name)| !name.is_empty()),
        "every stop has a name: {visited:#?}"
    );
}

#[tokio::test]
async fn the_pink_bubble_stands_out_from_the_page_and_its_icon_from_it() {
    let mut app = spawn_app().await;
    publish_rich(&mut app).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&format!("{}{ARTICLE}", app.address)).await.unwrap();
    let colours = c
        .execute(
            "const b = getComputedStyle(document.querySelector('.bubble'));
             return [getComputedStyle(document.body).backgroundColor, b.backgroundColor, b.color];",
            vec![],
        )
        .await
        .unwrap();
    let [page, bubble, icon]: [String; 3] = serde_json::from_value(colours).unwrap();
    let (page, bubble, icon) = (luminance(&page), luminance(&bubble), luminance(&icon));
    assert!(contrast(page, bubble) >= 3.0, "{}", contrast(page, bubble));
    assert!(contrast(bubble, icon) >= 3.0, "{}", contrast(bubble, icon));
}

/// WCAG relative luminance of a computed `rgb(r, g, b)` colour.
fn luminance(css: &str) -> f64 {
    let channels: Vec<f64> = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .map(|c| c.trim().parse::<f64>().expect(css) / 255.0)
        .map(|c| {
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        })
        .collect();
    0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
}

fn contrast(a: f64, b: f64) -> f64 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

#[tokio::test]
async fn a_table_wider_than_a_phone_says_that_it_scrolls_sideways() {
    let mut app = spawn_app().await;
    publish_rich(&mut app).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    let hints = "return Array.from(document.querySelectorAll('.article__body .table-hint')) \
        .map(h => [h.textContent, h.nextElementSibling.scrollWidth > h.nextElementSibling.clientWidth]);";
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{}{ARTICLE}", app.address)).await.unwrap();
    let on_a_phone: Vec<(String, bool)> =
        serde_json::from_value(c.execute(hints, vec![]).await.unwrap()).unwrap();
    assert!(
        !on_a_phone.is_empty(),
        "the article's table scrolls on a phone"
    );
    for (text, scrolls) in &on_a_phone {
        assert_eq!(text, "Faire défiler le tableau\u{a0}→");
        assert!(scrolls, "each hint stands before a table that scrolls");
    }
    c.set_window_size(1280, 900).await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let wide: Vec<(String, bool)> =
            serde_json::from_value(c.execute(hints, vec![]).await.unwrap()).unwrap();
        if wide.is_empty() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "on a wide screen the table fits and says nothing: {wide:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
