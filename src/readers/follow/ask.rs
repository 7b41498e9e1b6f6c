//! `POST /articles/{slug}/follow` (fields `email`, `mode` = `all|replies`): the "S'abonner"
//! bar of the comment section. A follow asked from the browser that proved it holds the
//! confirmed address takes effect at once; any other waits for a confirmation link, and the
//! answer, shown beside the bar, reveals nothing of the address but says what was sent.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use diesel::QueryResult;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::articles::public::article_page;
use crate::articles::published::PublishedArticle;
use crate::comments::moderation::blocks::list::CommentBlock;
use crate::comments::thread::section::{CommentQuery, CommentState};
use crate::db::DbPool;
use crate::domain::EmailAddress;
use crate::error::AppResult;
use crate::readers::follow::store::{Follow, FollowMode};
use crate::readers::identity::{self, ConfirmationLink};
use crate::readers::model::{self, ConfirmLimits};
use crate::readers::proof;
use crate::web::client_addr::ClientAddr;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::form_stamp::StampCheck;
use crate::web::layout::PageContext;
use crate::web::reader_cookie::ReaderKey;
use crate::web::render::render;

/// The id of the answer shown beside the follow bar, which the form's redirect targets.
pub const ANSWER_ID: &str = "follow-answer";

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

/// What a follow request led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowOutcome {
    /// The proven reader follows the article now.
    Active,
    /// The follow waits for the address's confirmation; what became of its link.
    Link(ConfirmationLink),
}

impl FollowOutcome {
    /// The answer shown beside the follow bar.
    pub fn flash(self) -> Flash {
        match self {
            Self::Active => Flash::FollowActive,
            Self::Link(ConfirmationLink::Queued) => Flash::FollowRequested,
            Self::Link(ConfirmationLink::Recent) => Flash::FollowLinkRecent,
            Self::Link(ConfirmationLink::DailyLimit) => Flash::FollowLinkLimit,
        }
    }
}

/// Records that `email` follows the article (in the caller's transaction): at once when the
/// browser proved it holds that confirmed address (`proven`); otherwise pending, with a
/// confirmation link queued within the limits. Without proof, a follow the reader has on stays
/// as it is, and one they stopped stays stopped until they confirm.
pub async fn follow_article(
    conn: &mut AsyncPgConnection,
    email: &EmailAddress,
    article_id: i64,
    mode: FollowMode,
    proven: bool,
    limits: ConfirmLimits,
    now: DateTime<Utc>,
) -> QueryResult<FollowOutcome> {
    let reader = identity::record_reader(conn, email).await?;
    if reader.confirmed && proven {
        Follow::request(conn, reader.id, article_id, mode, true, now).await?;
        return Ok(FollowOutcome::Active);
    }
    if !Follow::is_active(conn, reader.id, article_id).await? {
        Follow::request(conn, reader.id, article_id, mode, false, now).await?;
    }
    let link = identity::queue_confirmation(conn, reader.id, limits, now).await?;
    Ok(FollowOutcome::Link(link))
}

/// `POST /articles/{slug}/follow`.
pub async fn follow_comments(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    key: web::Data<ReaderKey>,
    ctx: PageContext,
    client: ClientAddr,
    PublishedArticle { article, slug }: PublishedArticle,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
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
    let stamp = key.check_public_stamp(&req, &fields.form_ts, now, least, life);
    if stamp == StampCheck::Expired {
        fields.errors.add("email", t.guards.form_expired);
    }
    let done = format!("/articles/{}#{ANSWER_ID}", article.slug);
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
            let known = key.known_reader(&req);
            let proven = proof::proves(&mut conn, known.as_deref(), &email).await?;
            let outcome = conn
                .transaction(async |conn| {
                    follow_article(conn, &email, article.id, mode, proven, limits, now).await
                })
                .await?;
            tracing::info!(article_id = article.id, ?outcome, "follow requested");
            return Ok(redirect_with(&done, outcome.flash()));
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
