//! wpDiscuz's other mailed links, whose features Sillage has in its own way: following a member
//! (`/wpdiscuzsubscription/follow/`), managing every subscription of an address
//! (`/wpdiscuzsubscription/bulkmanagement/`) and deleting one's comments
//! (`/wpdiscuzsubscription/deletecomments/`). Each answers with a page saying that nothing was
//! done and how to do it here; whatever their parameters, they change nothing.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::error::AppResult;
use crate::readers::message::message;
use crate::web::layout::PageContext;

/// `GET /wpdiscuzsubscription/follow/`: Sillage follows discussions, not members (410).
pub async fn follow_old_link(ctx: PageContext) -> AppResult<HttpResponse> {
    let t = &ctx.t().old_links;
    message(&ctx, StatusCode::GONE, t.follow_title, t.follow_text, None)
}

/// `GET /wpdiscuzsubscription/bulkmanagement/`: the preferences page linked in every mail
/// lists the discussions followed.
pub async fn manage_old_link(ctx: PageContext) -> AppResult<HttpResponse> {
    let t = &ctx.t().old_links;
    message(&ctx, StatusCode::OK, t.manage_title, t.manage_text, None)
}

/// `GET /wpdiscuzsubscription/deletecomments/`: nothing is erased from a link; the preferences
/// page erases a reader's data.
pub async fn delete_comments_old_link(ctx: PageContext) -> AppResult<HttpResponse> {
    let t = &ctx.t().old_links;
    message(&ctx, StatusCode::OK, t.delete_title, t.delete_text, None)
}
