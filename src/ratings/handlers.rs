//! `POST /articles/{slug}/rating`: a form of five submit buttons without JavaScript (answered
//! with a redirect back to the article), or a JSON call from the stars widget.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use diesel_async::AsyncPgConnection;
use serde::{Deserialize, Serialize};

use crate::articles::public::article_page;
use crate::articles::published::PublishedArticle;
use crate::comments::thread::section::{CommentQuery, CommentState};
use crate::db::DbPool;
use crate::error::AppResult;
use crate::page_cache::wrote_article;
use crate::ratings::model::{self, RatingSummary, Stars, VoteOutcome};
use crate::ratings::views::RatingView;
use crate::web::flash::{Flash, redirect_with};
use crate::web::layout::PageContext;
use crate::web::render::render;
use crate::web::visitor::Visitor;

/// The rating form.
#[derive(Debug, Deserialize)]
pub struct RatingForm {
    #[serde(default)]
    stars: String,
}

/// The JSON answer of the widget.
#[derive(Debug, Serialize)]
struct RatingAnswer<'a> {
    rating: Option<&'a RatingView>,
    error: Option<&'static str>,
}

fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Why a vote was not recorded: the status and what the reader is told.
type Refusal = (StatusCode, &'static str);

/// Records the vote of `visitor` on the article `article_id`, or says why not.
async fn record(
    conn: &mut AsyncPgConnection,
    ctx: &PageContext,
    article_id: i64,
    visitor: &Visitor,
    stars: &str,
) -> AppResult<Result<Stars, Refusal>> {
    let t = ctx.t();
    let Some(stars) = Stars::parse(stars) else {
        return Ok(Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            t.error_stars_invalid,
        )));
    };
    let limit = ctx.settings.security.rating_new_votes_per_network_per_day;
    let (reader, network) = (&visitor.reader.id, visitor.client.network());
    Ok(
        match model::vote(conn, article_id, reader, &network, stars, limit).await? {
            VoteOutcome::Recorded => Ok(stars),
            VoteOutcome::NetworkLimit => Err((StatusCode::TOO_MANY_REQUESTS, t.error_rating_limit)),
        },
    )
}

/// Records the vote and answers with the new figures.
pub async fn rate_article(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    ctx: PageContext,
    visitor: Visitor,
    published: PublishedArticle,
    form: web::Form<RatingForm>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let (t, article) = (ctx.t(), &published.article);
    let outcome = record(&mut conn, &ctx, article.id, &visitor, &form.stars).await?;
    let recorded = outcome.is_ok();
    let mut response = match (outcome, wants_json(&req)) {
        (Ok(stars), true) => {
            let summary = RatingSummary::of_article(&mut conn, article.id).await?;
            let view = RatingView::new(t, &summary, Some(stars.get()));
            HttpResponse::Ok().json(RatingAnswer {
                rating: Some(&view),
                error: None,
            })
        }
        (Ok(_), false) => {
            redirect_with(&format!("/articles/{}#rating", article.slug), Flash::Rated)
        }
        (Err((status, message)), true) => HttpResponse::build(status).json(RatingAnswer {
            rating: None,
            error: Some(message),
        }),
        (Err((status, message)), false) => {
            let state = CommentState::from_query(&CommentQuery::default());
            let known = visitor.known();
            let mut page = article_page(&mut conn, &ctx, &published.slug, known, state).await?;
            page.rating_error = Some(message);
            return render(status, &page);
        }
    };
    if recorded {
        wrote_article(&mut response, &article.slug);
    }
    visitor.remember(&mut response, ctx.settings.is_https())?;
    Ok(response)
}
