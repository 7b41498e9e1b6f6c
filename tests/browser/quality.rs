//! Accessibility checked in a real browser: no axe-core violations on the home and article pages.

use crate::driver::Browser;
use crate::support::site::{RICH_PATH as ARTICLE, publish_site};
use crate::support::spawn_app;
use crate::support::tools::axe_js;

/// Runs axe-core (already injected) and hands back its violations, one line each.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] }).then(
  (r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${
    v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)),
  (e) => done([`axe failed: ${e}`]));
"#;

/// The axe-core violations of the page `c` shows, one line each.
pub(crate) async fn axe_violations(c: &fantoccini::Client, axe: &str) -> Vec<String> {
    c.execute(axe, vec![]).await.expect("axe-core loads");
    let result = c.execute_async(RUN_AXE, vec![]).await.expect("axe runs");
    serde_json::from_value(result).unwrap()
}

#[tokio::test]
async fn the_home_and_article_pages_have_no_axe_violations() {
    let axe = std::fs::read_to_string(axe_js()).expect("axe-core's script reads");
    let mut app = spawn_app().await;
    publish_site(&mut app).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    for path in ["/", ARTICLE] {
        c.goto(&format!("{}{path}", app.address)).await.unwrap();
        let violations = axe_violations(c, &axe).await;
        assert!(violations.is_empty(), "{path}: {violations:#?}");
    }
}
