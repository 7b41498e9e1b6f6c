//! `POST /articles/{slug}/rating`: a form of five submit buttons without JavaScript (answered
//! with a redirect back to the article), or a JSON call from the stars widget.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::articles::public::article_page;
use crate::articles::published::PublishedArticle;
use crate::comments::thread::section::{CommentQuery, CommentState};
use crate::db::DbPool;
use crate::error::AppResult;
use crate::ratings::model::{self, RatingSummary, Stars, VoteOutcome};
use crate::ratings::views::RatingView;
use crate::web::client_addr::ClientAddr;
use crate::web::flash::{Flash, redirect_with};
use crate::web::layout::PageContext;
use crate::web::reader_cookie::ReaderKey;
use crate::web::render::render;

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

/// Records the vote and answers with the new figures.
pub async fn rate_article(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<ReaderKey>,
    ctx: PageContext,
    client: ClientAddr,
    PublishedArticle { article, slug }: PublishedArticle,
    form: web::Form<RatingForm>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let t = ctx.t();
    let reader = key.reader(&req)?;
    let outcome = match Stars::parse(&form.stars) {
        None => Err((StatusCode::UNPROCESSABLE_ENTITY, t.error_stars_invalid)),
        Some(stars) => {
            let limit = ctx.settings.security.rating_new_votes_per_network_per_day;
            match model::vote(
                &mut conn,
                article.id,
                &reader.id,
                &client.network(),
                stars,
                limit,
            )
            .await?
            {
                VoteOutcome::Recorded => Ok(stars),
                VoteOutcome::NetworkLimit => {
                    Err((StatusCode::TOO_MANY_REQUESTS, t.error_rating_limit))
                }
            }
        }
    };
    let json = wants_json(&req);
    let mut response = match (outcome, json) {
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
            let known = (!reader.is_new).then_some(reader.id.as_str());
            let state = CommentState::from_query(&CommentQuery::default());
            let mut page = article_page(&mut conn, &ctx, &slug, known, state).await?;
            page.rating_error = Some(message);
            return render(status, &page);
        }
    };
    if reader.is_new {
        response
            .add_cookie(&key.cookie(&reader, ctx.settings.is_https()))
            .map_err(anyhow::Error::from)?;
    }
    Ok(response)
}
