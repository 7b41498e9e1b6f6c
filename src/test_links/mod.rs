//! The links of a test newsletter. A test goes to the author, not to a reader: its
//! preferences and unsubscribe links carry [`TEST_TOKEN`] instead of a reader's token, and
//! open a page saying so rather than "expired or invalid link". The token cannot be a
//! reader's: theirs are `{id}.{signature}`.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::error::AppResult;
use crate::readers::message::{dead_link, message};
use crate::web::layout::PageContext;

/// The token of a test newsletter's management links.
pub const TEST_TOKEN: &str = "test";

/// Which management link was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `/newsletter/preferences/{token}`.
    Preferences,
    /// `/newsletter/unsubscribe/{token}`.
    Unsubscribe,
}

/// The answer to a management link that opens no reader: the test page for a test
/// newsletter's link, the dead link page otherwise.
pub fn dead_or_test(ctx: &PageContext, token: &str, kind: LinkKind) -> AppResult<HttpResponse> {
    if token != TEST_TOKEN {
        return dead_link(ctx);
    }
    let t = &ctx.t().test_links;
    let text = match kind {
        LinkKind::Preferences => t.preferences,
        LinkKind::Unsubscribe => t.unsubscribe,
    };
    message(ctx, StatusCode::OK, t.title, text, None)
}
