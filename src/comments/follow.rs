//! `POST /articles/{slug}/follow` (fields `email`, `mode` = `all|replies`): the "S'abonner"
//! bar of the comment section. The answer is the same whether the address is new, pending or
//! confirmed; an unconfirmed address gets a confirmation link and the follow waits for it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use diesel::QueryResult;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::articles::model::Article;
use crate::articles::public::article_page;
use crate::comments::block_model::CommentBlock;
use crate::comments::follow_model::{Follow, FollowMode};
use crate::comments::section::{CommentQuery, CommentState};
use crate::db::DbPool;
use crate::domain::{EmailAddress, Slug};
use crate::error::{AppError, AppResult};
use crate::newsletter::identity;
use crate::newsletter::model::{self, ConfirmLimits};
use crate::web::client_addr::ClientAddr;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::form_stamp::{StampCheck, forms};
use crate::web::layout::PageContext;
use crate::web::reader_cookie::ReaderKey;
use crate::web::render::render;

/// The follow bar as typed, with its errors.
#[derive(Debug, Clone)]
pub struct FollowForm {
    /// The address typed.
    pub email: String,
    /// The mode chosen.
    pub mode: String,
    /// What is wrong with them.
    pub errors: FormErrors,
    website: String,
    form_ts: String,
}

impl Default for FollowForm {
    fn default() -> Self {
        Self {
            email: String::new(),
            mode: "all".into(),
            errors: FormErrors::default(),
            website: String::new(),
            form_ts: String::new(),
        }
    }
}

impl FollowForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self {
            mode: String::new(),
            ..Self::default()
        };
        for (key, value) in pairs {
            match key.as_str() {
                "email" => form.email = value,
                "mode" => form.mode = value,
                "website" => form.website = value,
                "form_ts" => form.form_ts = value,
                _ => {}
            }
        }
        form
    }
}

/// Records that `email` follows the article (in the caller's transaction): at once for a
/// confirmed address; otherwise pending, with a confirmation link queued within the limits.
pub async fn follow_article(
    conn: &mut AsyncPgConnection,
    email: &EmailAddress,
    article_id: i64,
    mode: FollowMode,
    limits: ConfirmLimits,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    let reader = identity::record_reader(conn, email).await?;
    Follow::request(conn, reader.id, article_id, mode, reader.confirmed, now).await?;
    if !reader.confirmed {
        identity::queue_confirmation(conn, reader.id, limits, now).await?;
    }
    Ok(())
}

/// `POST /articles/{slug}/follow`.
pub async fn follow_comments(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<ReaderKey>,
    ctx: PageContext,
    client: ClientAddr,
    slug: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
    let mut conn = pool.get().await?;
    let (article, _) = Article::published_by_slug(&mut conn, &slug).await?;
    let mut fields = FollowForm::from_pairs(form.into_inner());
    let (t, settings, now) = (ctx.t(), &ctx.settings, Utc::now());
    let email = EmailAddress::parse(&fields.email);
    if email.is_none() {
        fields.errors.add("email", t.error_email_invalid);
    }
    let mode = FollowMode::parse(&fields.mode);
    if mode.is_none() {
        fields.errors.add("mode", t.error_follow_mode);
    }
    let least = Duration::seconds(settings.newsletter.min_form_seconds);
    let life = settings.form_stamp_life();
    let stamp = key.check_stamp(forms::PUBLIC, &fields.form_ts, now, least, life);
    if stamp == StampCheck::Expired {
        fields.errors.add("email", t.guards.form_expired);
    }
    let done = format!("/articles/{}#follow", article.slug);
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let (Some(email), Some(mode), true) = (email, mode, fields.errors.is_empty()) {
        // Robots fill the hidden field or answer faster than a person: the usual answer, and
        // nothing else.
        if !fields.website.is_empty() || stamp == StampCheck::Robot {
            tracing::info!(network = %client.network(), "follow ignored as automated");
            return Ok(redirect_with(&done, Flash::FollowRequested));
        }
        // A blocked sender gets the usual answer, and nothing is recorded or sent.
        if CommentBlock::blocks(&mut conn, email.as_str(), client.ip()).await? {
            tracing::info!(
                article_id = article.id,
                "follow from a blocked sender ignored"
            );
            return Ok(redirect_with(&done, Flash::FollowRequested));
        }
        let per_hour = settings.newsletter.signups_per_network_per_hour;
        if model::allow_signup_from(&mut conn, &client.network(), per_hour, now).await? {
            let limits = ConfirmLimits::from_settings(settings);
            conn.transaction(async |conn| {
                follow_article(conn, &email, article.id, mode, limits, now).await
            })
            .await?;
            tracing::info!(article_id = article.id, "follow requested");
            return Ok(redirect_with(&done, Flash::FollowRequested));
        }
        fields.errors.add("email", t.error_signup_limit);
        status = StatusCode::TOO_MANY_REQUESTS;
    }
    let known = key.known_reader(&req);
    let state = CommentState::from_query(&CommentQuery::default());
    let mut page = article_page(&mut conn, &ctx, &slug, known.as_deref(), state).await?;
    page.follow = fields;
    render(status, &page)
}
