//! The one-message pages of the newsletter links (confirm, unsubscribe, erased, dead link):
//! a heading, a sentence, and a button to press or a link to follow.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use crate::error::AppResult;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

/// A message page.
#[derive(Template)]
#[template(path = "readers/message.html")]
pub struct MessagePage {
    /// The page frame.
    pub layout: Layout,
    /// The heading.
    pub heading: &'static str,
    /// The explanation.
    pub text: &'static str,
    /// A form to press: (action URL, button label).
    pub button: Option<(String, &'static str)>,
    /// A link to follow: (URL, label).
    pub link: Option<(String, &'static str)>,
}

/// Renders a message page; without a button it links back to the home page.
pub fn message(
    ctx: &PageContext,
    status: StatusCode,
    heading: &'static str,
    text: &'static str,
    button: Option<(String, &'static str)>,
) -> AppResult<HttpResponse> {
    let link = button
        .is_none()
        .then(|| ("/".to_owned(), ctx.t().back_home));
    render(
        status,
        &MessagePage {
            layout: ctx.layout(heading),
            heading,
            text,
            button,
            link,
        },
    )
}

/// The 404 page of an unknown, tampered or expired link, pointing to the signup page.
pub fn dead_link(ctx: &PageContext) -> AppResult<HttpResponse> {
    let t = ctx.t();
    let page = MessagePage {
        layout: ctx.layout(t.newsletter_link_dead_title),
        heading: t.newsletter_link_dead_title,
        text: t.newsletter_link_dead_text,
        button: None,
        link: Some(("/newsletter".into(), t.newsletter_title)),
    };
    render(StatusCode::NOT_FOUND, &page)
}
