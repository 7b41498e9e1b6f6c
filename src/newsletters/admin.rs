//! The author's newsletter pages: the list, composing one, and its page (preview, send form
//! and the progress of its send).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use crate::auth::session::AuthorSession;
use crate::auth::token::random_token;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::newsletters::form::{NewsletterFields, SendFields};
use crate::newsletters::model::{Newsletter, Progress, SendStatus};
use crate::taxonomy::model::Theme;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::{page, render};

/// A newsletter in the list.
pub struct NewsletterRow {
    id: i64,
    subject: String,
    status: &'static str,
    date_label: String,
}

/// `GET /admin/newsletters`.
#[derive(Template)]
#[template(path = "newsletters/index.html")]
pub struct NewslettersPage {
    layout: Layout,
    session: AuthorSession,
    rows: Vec<NewsletterRow>,
}

/// The compose page.
#[derive(Template)]
#[template(path = "newsletters/new.html")]
pub struct NewNewsletterPage {
    layout: Layout,
    session: AuthorSession,
    fields: NewsletterFields,
    errors: FormErrors,
    themes: Vec<Theme>,
}

impl NewNewsletterPage {
    fn theme_checked(&self, id: &i64) -> bool {
        self.fields
            .themes
            .iter()
            .any(|t| t.trim() == id.to_string())
    }
}

/// A newsletter's page.
#[derive(Template)]
#[template(path = "newsletters/show.html")]
pub struct NewsletterPage {
    layout: Layout,
    session: AuthorSession,
    newsletter: Newsletter,
    status: SendStatus,
    status_label: &'static str,
    audience: Vec<String>,
    recipients: i64,
    progress: Progress,
    failures: Vec<(i64, Option<String>)>,
    send: SendFields,
    errors: FormErrors,
}

/// `GET /admin/newsletters`.
pub async fn list_newsletters(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let (t, now) = (ctx.t(), Utc::now());
    let mut rows = Vec::new();
    for newsletter in Newsletter::all(&mut conn).await? {
        let progress = Newsletter::progress(&mut conn, newsletter.id).await?;
        let date = newsletter.started_at.or(newsletter.scheduled_at);
        rows.push(NewsletterRow {
            id: newsletter.id,
            status: newsletter.status(&progress, now).label(t),
            date_label: date
                .map(|d| t.date_time(d, ctx.settings.site.timezone))
                .unwrap_or_default(),
            subject: newsletter.subject,
        });
    }
    page(&NewslettersPage {
        layout: ctx.layout(t.admin_newsletters),
        session,
        rows,
    })
}

/// `GET /admin/newsletters/new`.
pub async fn new_newsletter(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
) -> AppResult<HttpResponse> {
    compose_page(
        &pool,
        &ctx,
        session,
        NewsletterFields::default(),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn compose_page(
    pool: &DbPool,
    ctx: &PageContext,
    session: AuthorSession,
    fields: NewsletterFields,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let themes = Theme::all(&mut conn).await?;
    let layout = ctx.layout(ctx.t().admin_new_newsletter);
    render(
        status,
        &NewNewsletterPage {
            layout,
            session,
            fields,
            errors,
            themes,
        },
    )
}

/// `POST /admin/newsletters/new`: saves the newsletter, then shows its page.
pub async fn create_newsletter(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let fields = NewsletterFields::from_pairs(form.into_inner());
    session.check_csrf(&fields.csrf_token)?;
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
            compose_page(
                &pool,
                &ctx,
                session,
                fields,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// `GET /admin/newsletters/{id}`.
pub async fn show_newsletter(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let send = SendFields {
        when: "now".into(),
        ..SendFields::default()
    };
    newsletter_page(
        &pool,
        &ctx,
        session,
        *id,
        send,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// Renders a newsletter's page with the send form as given; a new idempotency key is drawn
/// when the form has none.
pub async fn newsletter_page(
    pool: &DbPool,
    ctx: &PageContext,
    session: AuthorSession,
    id: i64,
    mut send: SendFields,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let newsletter = Newsletter::by_id(&mut conn, id).await?;
    let progress = Newsletter::progress(&mut conn, id).await?;
    let theme_ids = Newsletter::theme_ids(&mut conn, id).await?;
    let audience = Theme::all(&mut conn)
        .await?
        .into_iter()
        .filter(|t| theme_ids.contains(&t.id))
        .map(|t| t.name)
        .collect();
    let recipients =
        Newsletter::audience_size(&mut conn, id, ctx.settings.newsletter.max_hard_bounces).await?;
    let failures = Newsletter::failures(&mut conn, id).await?;
    if send.idempotency_key.is_empty() {
        send.idempotency_key = random_token()?;
    }
    let t = ctx.t();
    let state = newsletter.status(&progress, Utc::now());
    render(
        status,
        &NewsletterPage {
            layout: ctx.layout(&newsletter.subject),
            session,
            status: state,
            status_label: state.label(t),
            newsletter,
            audience,
            recipients,
            progress,
            failures,
            send,
            errors,
        },
    )
}
