//! The published article that a `/articles/{slug}/…` route names, found before its handler
//! runs: a malformed, unknown or unpublished slug answers 404 and the handler never starts.

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;

use crate::articles::model::ArticleHead;
use crate::db::DbPool;
use crate::domain::Slug;
use crate::error::{AppError, AppResult};

/// The published article of the route's `{slug}`.
pub struct PublishedArticle {
    /// The article's id, slug, title and summary.
    pub article: ArticleHead,
    /// Its slug, as the route gave it.
    pub slug: Slug,
}

impl FromRequest for PublishedArticle {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, AppResult<Self>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let slug = req.match_info().get("slug").and_then(Slug::parse);
        let pool = req.app_data::<web::Data<DbPool>>().cloned();
        Box::pin(async move {
            let slug = slug.ok_or(AppError::NotFound)?;
            let pool = pool.ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("pool missing")))?;
            let mut conn = pool.get().await?;
            let article = ArticleHead::published_by_slug(&mut conn, &slug).await?;
            Ok(Self { article, slug })
        })
    }
}
