//! Composing a newsletter: the form, optionally filled in from a published article, and
//! saving it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::articles::model::{Article, ArticleListing};
use crate::auth::author_form::AuthorForm;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::newsletter::compose::form::NewsletterFields;
use crate::newsletter::compose::from_article::{self, ArticleMode};
use crate::newsletter::model::Newsletter;
use crate::taxonomy::model::Theme;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

/// The compose page.
#[derive(Template)]
#[template(path = "newsletter/new.html")]
pub struct NewNewsletterPage {
    layout: Layout,
    session: AuthorSession,
    fields: NewsletterFields,
    errors: FormErrors,
    themes: Vec<Theme>,
    articles: Vec<ArticleListing>,
    source: FromArticleQuery,
}

impl NewNewsletterPage {
    fn theme_checked(&self, id: &i64) -> bool {
        self.fields
            .themes
            .iter()
            .any(|t| t.trim() == id.to_string())
    }

    fn article_selected(&self, id: &i64) -> bool {
        self.source.article.as_deref().map(str::trim) == Some(id.to_string().as_str())
    }

    fn mode_checked(&self, mode: &str) -> bool {
        self.source.mode.as_deref().unwrap_or("teaser") == mode
    }
}

/// `?article=&mode=` of the compose page: the article to start from, as a teaser or in full.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FromArticleQuery {
    article: Option<String>,
    mode: Option<String>,
}

/// `GET /admin/newsletters/new`, filled in from `?article=` when given (422 with the choice
/// kept when the article is not a published one or the mode is unknown).
pub async fn new_newsletter(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    query: web::Query<FromArticleQuery>,
) -> AppResult<HttpResponse> {
    let source = query.into_inner();
    let Some(raw_id) = source.article.as_deref() else {
        let fields = NewsletterFields::default();
        return compose_page(&pool, &ctx, session, fields, source, FormErrors::default()).await;
    };
    let t = ctx.t();
    let mut errors = FormErrors::default();
    let mode = ArticleMode::parse(source.mode.as_deref().unwrap_or("teaser"));
    if mode.is_none() {
        errors.add("mode", t.nl_error_mode);
    }
    let mut conn = pool.get().await?;
    let found = match raw_id.trim().parse::<i64>() {
        Ok(id) => Article::by_id(&mut conn, id).await.ok(),
        Err(_) => None,
    };
    drop(conn);
    let found = found.filter(|(article, _)| article.status == "published");
    if found.is_none() {
        errors.add("article", t.nl_error_article);
    }
    let fields = match (found, mode) {
        (Some((article, hero)), Some(mode)) => {
            let base = &ctx.settings.site.base_url;
            from_article::fill(t, base, &article, hero.as_ref(), mode)
        }
        _ => NewsletterFields::default(),
    };
    compose_page(&pool, &ctx, session, fields, source, errors).await
}

async fn compose_page(
    pool: &DbPool,
    ctx: &PageContext,
    session: AuthorSession,
    fields: NewsletterFields,
    source: FromArticleQuery,
    errors: FormErrors,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let themes = Theme::all(&mut conn).await?;
    let articles = ArticleListing::published(&mut conn).await?;
    let layout = ctx.layout(ctx.t().admin_new_newsletter);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = NewNewsletterPage {
        layout,
        session,
        fields,
        errors,
        themes,
        articles,
        source,
    };
    render(status, &page)
}

/// `POST /admin/newsletters/new`: saves the newsletter, then shows its page.
pub async fn create_newsletter(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    AuthorForm { session, form }: AuthorForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let fields = NewsletterFields::from_pairs(form);
    let mut conn = pool.get().await?;
    let themes = Theme::all(&mut conn).await?;
    match fields.check(&themes, ctx.t()) {
        Ok((newsletter, theme_ids)) => {
            let id = Newsletter::create(&mut conn, &newsletter, &theme_ids).await?;
            tracing::info!(newsletter_id = id, "newsletter saved");
            Ok(redirect_with(
                &format!("/admin/newsletters/{id}"),
                Flash::NewsletterSaved,
            ))
        }
        Err(errors) => {
            drop(conn);
            let source = FromArticleQuery::default();
            compose_page(&pool, &ctx, session, fields, source, errors).await
        }
    }
}
