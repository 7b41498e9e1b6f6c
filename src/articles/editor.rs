//! The article editor: new and edit pages, and saving them (a draft, now, or on schedule).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use crate::articles::check::CheckContext;
use crate::articles::draft::{HeroChange, PublishAction, SaveError};
use crate::articles::form::{ArticleFields, ArticleSubmission};
use crate::articles::markdown;
use crate::articles::model::Article;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::images::model::ImageRef;
use crate::images::variants;
use crate::media;
use crate::taxonomy::model::{Series, Theme};
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::{page, render};

/// The article editor.
#[derive(Template)]
#[template(path = "admin/article_form.html")]
pub struct ArticleFormPage {
    layout: Layout,
    session: AuthorSession,
    action_url: String,
    article_id: Option<i64>,
    /// The public page of a published article, linked from its editor.
    public_url: Option<String>,
    fields: ArticleFields,
    errors: FormErrors,
    series: Vec<Series>,
    themes: Vec<Theme>,
    hero: Option<ImageRef>,
    preview_html: String,
    /// Whether a body image was just inserted (the article is not saved yet).
    image_inserted: bool,
}

impl ArticleFormPage {
    fn theme_checked(&self, id: &i64) -> bool {
        self.fields
            .themes
            .iter()
            .any(|t| t.trim() == id.to_string())
    }

    fn series_selected(&self, id: &i64) -> bool {
        self.fields.series.trim() == id.to_string()
    }
}

async fn form_page(
    pool: &DbPool,
    ctx: &PageContext,
    session: AuthorSession,
    article_id: Option<i64>,
    fields: ArticleFields,
    errors: FormErrors,
    hero: Option<ImageRef>,
) -> AppResult<ArticleFormPage> {
    let mut conn = pool.get().await?;
    let t = ctx.t();
    let title = if article_id.is_some() {
        fields.title.clone()
    } else {
        t.admin_new_article.to_owned()
    };
    Ok(ArticleFormPage {
        layout: ctx.layout(&title),
        session,
        action_url: article_id.map_or_else(
            || "/admin/articles/new".to_owned(),
            |id| format!("/admin/articles/{id}/edit"),
        ),
        article_id,
        public_url: None,
        preview_html: markdown::render(&fields.body, ctx.settings.site.locale).html,
        fields,
        errors,
        series: Series::all(&mut conn).await?,
        themes: Theme::all(&mut conn).await?,
        hero,
        image_inserted: false,
    })
}

/// `GET /admin/articles/new`.
pub async fn new_article(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
) -> AppResult<HttpResponse> {
    let fields = ArticleFields {
        action: "draft".into(),
        ..ArticleFields::default()
    };
    page(
        &form_page(
            &pool,
            &ctx,
            session,
            None,
            fields,
            FormErrors::default(),
            None,
        )
        .await?,
    )
}

/// `GET /admin/articles/{id}/edit`.
pub async fn edit_article(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let (article, hero) = Article::by_id(&mut conn, *id).await?;
    let theme_ids = Article::theme_ids(&mut conn, article.id).await?;
    let timezone = ctx.settings.site.timezone;
    let fields = ArticleFields {
        title: article.title,
        slug: article.slug,
        summary: article.summary,
        body: article.body_markdown,
        series: article
            .series_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        themes: theme_ids.iter().map(ToString::to_string).collect(),
        source_url: article.source_url.unwrap_or_default(),
        hero_alt: article.hero_alt,
        action: article.status,
        publish_at: article
            .publish_at
            .map(|at| {
                at.with_timezone(&timezone)
                    .format("%Y-%m-%dT%H:%M")
                    .to_string()
            })
            .unwrap_or_default(),
        ..ArticleFields::default()
    };
    let public_url = (fields.action == "published").then(|| format!("/articles/{}", fields.slug));
    let mut editor = form_page(
        &pool,
        &ctx,
        session,
        Some(article.id),
        fields,
        FormErrors::default(),
        hero,
    )
    .await?;
    editor.public_url = public_url;
    page(&editor)
}

/// `POST /admin/articles/new`.
pub async fn create_article(
    submission: ArticleSubmission,
    pool: web::Data<DbPool>,
    ctx: PageContext,
) -> AppResult<HttpResponse> {
    save_article(submission, pool, ctx, None).await
}

/// `POST /admin/articles/{id}/edit`.
pub async fn update_article(
    submission: ArticleSubmission,
    pool: web::Data<DbPool>,
    ctx: PageContext,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    save_article(submission, pool, ctx, Some(*id)).await
}

async fn save_article(
    submission: ArticleSubmission,
    pool: web::Data<DbPool>,
    ctx: PageContext,
    id: Option<i64>,
) -> AppResult<HttpResponse> {
    let ArticleSubmission {
        session,
        mut fields,
        uploads,
    } = submission;
    let mut conn = pool.get().await?;
    let existing_hero = match id {
        Some(id) => Article::by_id(&mut conn, id).await?.1,
        None => None,
    };
    let t = ctx.t();
    if media::editor::wants_insert(&fields, &uploads) {
        let max_pixels = ctx.settings.images.max_pixels;
        let errors =
            media::editor::insert_into(&mut conn, &mut fields, uploads.body_image, max_pixels, t)
                .await?;
        drop(conn);
        let status = if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let inserted = errors.is_empty();
        let mut form = form_page(&pool, &ctx, session, id, fields, errors, existing_hero).await?;
        form.image_inserted = inserted;
        return render(status, &form);
    }
    let now = Utc::now();
    let check = CheckContext {
        t,
        timezone: ctx.settings.site.timezone,
        now,
        has_hero: existing_hero.is_some(),
        max_pixels: ctx.settings.images.max_pixels,
    };
    let errors = match fields.check(uploads.hero, check) {
        Ok(draft) => match draft.save(&mut conn, id, now).await {
            Ok(saved_id) => {
                tracing::info!(article_id = saved_id, action = ?draft.action, "article saved");
                // The article is saved: a failure here only leaves the variants to the worker.
                if let HeroChange::Replace(image) = &draft.hero
                    && let Err(error) = variants::make_for(&mut conn, &image.sha256).await
                {
                    tracing::warn!(error = ?error, "image variants left to the worker");
                }
                let flash = match draft.action {
                    PublishAction::Draft => Flash::Saved,
                    PublishAction::Publish => Flash::Published,
                    PublishAction::Schedule(_) => Flash::Scheduled,
                };
                return Ok(redirect_with(
                    &format!("/admin/articles/{saved_id}/edit"),
                    flash,
                ));
            }
            Err(error) => save_error_to_form(t, error)?,
        },
        Err(errors) => errors,
    };
    drop(conn);
    let form = form_page(&pool, &ctx, session, id, fields, errors, existing_hero).await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &form)
}

fn save_error_to_form(t: &crate::i18n::Messages, error: SaveError) -> AppResult<FormErrors> {
    let mut errors = FormErrors::default();
    match error {
        SaveError::SlugTaken => errors.add("slug", t.error_slug_taken),
        SaveError::UnknownSeries => errors.add("series", t.error_series_unknown),
        SaveError::UnknownTheme => errors.add("themes", t.error_theme_unknown),
        SaveError::NotFound => return Err(AppError::NotFound),
        SaveError::Database(e) => return Err(e.into()),
    }
    Ok(errors)
}
