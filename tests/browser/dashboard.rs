//! The author's dashboard and an article's stats page on a phone: nothing scrolls sideways,
//! the charts show at the width of the screen, and axe-core finds no violation on either.

use crate::body_images::log_in;
use crate::driver::Browser;
use crate::quality::axe_violations;
use crate::support::site::{RICH as ARTICLE, publish_site};
use crate::support::spawn_app;
use crate::support::tools::axe_js;

/// The page's width beyond the screen's (0 when nothing scrolls sideways), and each chart's
/// drawn width and height.
const LAYOUT: &str = r#"
const overflow = document.documentElement.scrollWidth - window.innerWidth;
const charts = Array.from(document.querySelectorAll('.chart svg')).map(svg => {
  const box = svg.getBoundingClientRect();
  return [Math.round(box.left), Math.round(box.right), Math.round(box.height)];
});
return [overflow, window.innerWidth, charts];
"#;

/// The elements reaching past the screen's right edge, to say what overflows.
const TOO_WIDE: &str = "return Array.from(document.querySelectorAll('body *')) \
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8) \
  .map(e => e.tagName + '.' + e.className + ' ' + (e.dataset.table || '') + ' ' + Math.round(e.getBoundingClientRect().left) + '..' + Math.round(e.getBoundingClientRect().right) + ' ' + getComputedStyle(e).position);";

#[tokio::test]
async fn the_dashboard_and_an_articles_stats_fit_a_phone_and_pass_axe() {
    let axe = std::fs::read_to_string(axe_js()).expect("axe-core's script reads");
    let mut app = spawn_app().await;
    publish_site(&mut app).await;
    app.set_up_author().await;
    let page = format!("/articles/{ARTICLE}");
    app.execute(&format!("INSERT INTO page_views (day, path, views, visitors) SELECT current_date - d, p, 40 + d, 20 + d FROM generate_series(0, 400) d, (VALUES ('*'), ('{page}')) AS v(p)")).await;
    app.execute(&format!("INSERT INTO page_sources (day, path, source, views) SELECT current_date - d, '{page}', s, 10 FROM generate_series(0, 400) d, (VALUES ('direct'), ('search:google.fr'), ('site:un-site-au-nom-tres-long-pour-voir.example.org')) AS v(s)")).await;
    app.execute("INSERT INTO page_views_monthly (month, path, views, visitors) SELECT date_trunc('month', day)::date, path, sum(views), sum(visitors) FROM page_views GROUP BY 1, 2").await;
    app.execute("INSERT INTO page_sources_monthly (month, path, source, views) SELECT date_trunc('month', day)::date, path, source, sum(views) FROM page_sources GROUP BY 1, 2, 3 UNION ALL SELECT date_trunc('month', day)::date, '*', source, sum(views) FROM page_sources GROUP BY 1, 3").await;
    app.execute(&format!("INSERT INTO ratings (article_id, reader_id, stars, client_network, created_at, updated_at) SELECT a.id, 'lecteur-' || lpad(r::text, 18, '0'), 1 + r % 5, '192.0.2.0/24', now() - (r * 3 || ' days')::interval, now() FROM articles a, generate_series(1, 30) r WHERE a.slug = '{ARTICLE}' ON CONFLICT DO NOTHING")).await;
    let id = app
        .count(&format!(
            "SELECT id AS n FROM articles WHERE slug = '{ARTICLE}'"
        ))
        .await;

    let browser = Browser::start().await;
    let c = &browser.client;
    c.set_window_size(390, 844).await.unwrap();
    log_in(c, &app.address).await;
    for (path, charts) in [
        ("/admin?days=365".to_owned(), 1),
        (format!("/admin/articles/{id}/stats?days=90"), 2),
    ] {
        c.goto(&format!("{}{path}", app.address)).await.unwrap();
        let (overflow, width, boxes): (i64, i64, Vec<(i64, i64, i64)>) =
            serde_json::from_value(c.execute(LAYOUT, vec![]).await.unwrap()).unwrap();
        assert!(width <= 420, "{path}: a phone's width, not {width}");
        let wide = c.execute(TOO_WIDE, vec![]).await.unwrap();
        // Below zero: the vertical scroll bar's width.
        assert!(overflow <= 0, "{path}: nothing scrolls sideways: {wide}");
        assert_eq!(boxes.len(), charts, "{path}");
        for (left, right, height) in boxes {
            assert!(
                left >= 0 && right <= width,
                "{path}: the chart fits ({left}..{right})"
            );
            assert!(
                right - left > width / 2 && height > 50,
                "{path}: the chart shows"
            );
        }
        let violations = axe_violations(c, &axe).await;
        assert!(violations.is_empty(), "{path}: {violations:#?}");
    }
}
