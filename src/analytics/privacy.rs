//! `GET /confidentialite`: the public page that says what the site counts and keeps about its
//! readers. Its text comes from `templates/analytics/privacy.html` and the interface's
//! strings, so the author can edit either.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::error::AppResult;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::page;

/// The path of the privacy page, linked from every page's footer.
pub const PATH: &str = "/confidentialite";

/// The privacy page.
#[derive(Template)]
#[template(path = "analytics/privacy.html")]
pub struct PrivacyPage {
    layout: Layout,
    /// Whether newsletter link clicks are counted (then the page says so).
    clicks: bool,
}

/// `GET /confidentialite`.
pub async fn show_privacy(ctx: PageContext) -> AppResult<HttpResponse> {
    let t = ctx.t();
    let layout = ctx
        .layout(t.privacy.title)
        .described(t.privacy.intro)
        .canonical(&ctx.settings.site.base_url, PATH);
    page(&PrivacyPage {
        layout,
        clicks: ctx.settings.analytics.newsletter_clicks,
    })
}

/// Registers the privacy page.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(PATH, web::get().to(show_privacy));
}
