//! The author's series pages: `GET /admin/series`, `GET|POST /admin/series/new` and
//! `GET|POST /admin/series/{id}/edit` (fields `name`, `slug`, `description`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::author_form::AuthorForm;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::domain::Slug;
use crate::error::AppResult;
use crate::taxonomy::model::{Series, SeriesSave};
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

/// The series list with the form of one series.
#[derive(Template)]
#[template(path = "admin/series.html")]
pub struct SeriesPage {
    layout: Layout,
    session: AuthorSession,
    all: Vec<Series>,
    editing: Option<i64>,
    form: SeriesForm,
    errors: FormErrors,
}

/// The series form.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SeriesForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    description: String,
}

async fn series_page(
    pool: &DbPool,
    ctx: &PageContext,
    session: AuthorSession,
    editing: Option<i64>,
    form: SeriesForm,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let layout = ctx.layout(ctx.t().admin_series);
    let all = Series::all(&mut conn).await?;
    render(
        status,
        &SeriesPage {
            layout,
            session,
            all,
            editing,
            form,
            errors,
        },
    )
}

/// `GET /admin/series` and `GET /admin/series/new`: the list and an empty form.
pub async fn list_series(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
) -> AppResult<HttpResponse> {
    series_page(
        &pool,
        &ctx,
        session,
        None,
        SeriesForm::default(),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `GET /admin/series/{id}/edit`.
pub async fn edit_series(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let series = Series::by_id(&mut conn, *id).await?;
    drop(conn);
    let form = SeriesForm {
        name: series.name,
        slug: series.slug,
        description: series.description,
    };
    series_page(
        &pool,
        &ctx,
        session,
        Some(series.id),
        form,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /admin/series/new`.
pub async fn create_series(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    AuthorForm { session, form }: AuthorForm<SeriesForm>,
) -> AppResult<HttpResponse> {
    save(pool, ctx, session, None, form).await
}

/// `POST /admin/series/{id}/edit`.
pub async fn update_series(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    id: web::Path<i64>,
    AuthorForm { session, form }: AuthorForm<SeriesForm>,
) -> AppResult<HttpResponse> {
    save(pool, ctx, session, Some(*id), form).await
}

async fn save(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    id: Option<i64>,
    form: SeriesForm,
) -> AppResult<HttpResponse> {
    let t = ctx.t();
    let mut errors = FormErrors::default();
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        errors.add("name", t.error_title_required);
    }
    let slug = if form.slug.trim().is_empty() {
        Slug::from_title(name)
    } else {
        Slug::parse(form.slug.trim())
    };
    if slug.is_none() && !name.is_empty() {
        errors.add("slug", t.error_slug_invalid);
    }
    if form.description.chars().count() > 2_000 {
        errors.add("description", t.error_summary_long);
    }
    if let (Some(slug), true) = (&slug, errors.is_empty()) {
        let mut conn = pool.get().await?;
        let values = SeriesSave {
            name,
            slug: slug.as_str(),
            description: form.description.trim(),
        };
        match Series::save(&mut conn, id, values).await? {
            Some(_) => return Ok(redirect_with("/admin/series", Flash::Saved)),
            None => errors.add("slug", t.error_slug_taken),
        }
    }
    series_page(
        &pool,
        &ctx,
        session,
        id,
        form,
        errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
