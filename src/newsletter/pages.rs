//! The author's newsletter pages: the list and a newsletter's page (preview, send form and
//! the progress of its send).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use crate::auth::session::AuthorSession;
use crate::auth::token::random_token;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::newsletter::clicks;
use crate::newsletter::compose::form::SendFields;
use crate::newsletter::model::{Newsletter, SendStatus};
use crate::newsletter::sending::live::LiveProgress;
use crate::newsletter::sending::results::{self, SendResults};
use crate::taxonomy::model::Theme;
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::{page, render};

/// A newsletter in the list.
pub struct NewsletterRow {
    id: i64,
    subject: String,
    status: &'static str,
    date_label: String,
    automatic: bool,
}

/// `GET /admin/newsletters`.
#[derive(Template)]
#[template(path = "newsletter/index.html")]
pub struct NewslettersPage {
    layout: Layout,
    session: AuthorSession,
    rows: Vec<NewsletterRow>,
}

/// A newsletter's page.
#[derive(Template)]
#[template(path = "newsletter/show.html")]
pub struct NewsletterPage {
    layout: Layout,
    session: AuthorSession,
    newsletter: Newsletter,
    status: SendStatus,
    audience: Vec<String>,
    recipients: i64,
    /// The send's figures and their summary, as the live view answers them.
    live: LiveProgress,
    failures: Vec<(i64, Option<String>)>,
    results: SendResults,
    /// Each counted link of the send and its clicks, in the body's order.
    clicks: Vec<(String, i64)>,
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
            automatic: newsletter.auto_key.is_some(),
            subject: newsletter.subject,
        });
    }
    page(&NewslettersPage {
        layout: ctx.layout(t.admin_newsletters),
        session,
        rows,
    })
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
    let results = results::of_send(&mut conn, id).await?;
    let clicks = clicks::store::clicks_of(&mut conn, id).await?;
    if send.idempotency_key.is_empty() {
        send.idempotency_key = random_token()?;
    }
    let (t, now) = (ctx.t(), Utc::now());
    let state = newsletter.status(&progress, now);
    let live = LiveProgress::of(&newsletter, &progress, t, now);
    render(
        status,
        &NewsletterPage {
            layout: ctx.layout(&newsletter.subject),
            session,
            status: state,
            newsletter,
            audience,
            recipients,
            live,
            failures,
            results,
            clicks,
            send,
            errors,
        },
    )
}
