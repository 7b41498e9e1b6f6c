//! `POST /articles/{slug}/follow` (fields `email`, `mode` = `all|replies`): the "S'abonner"
//! bar of the comment section. A follow asked from the browser that proved it holds the
//! confirmed address takes effect at once; any other waits for a confirmation link, and the
//! answer, shown beside the bar, reveals nothing of the address but says what was sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use diesel::QueryResult;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::articles::public::article_page;
use crate::articles::published::PublishedArticle;
use crate::comments::moderation::blocks::list::CommentBlock;
use crate::comments::thread::section::{CommentQuery, CommentState};
use crate::db::DbPool;
use crate::domain::EmailAddress;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::readers::follow::store::{Follow, FollowMode};
use crate::readers::identity::{self, ConfirmationLink};
use crate::readers::model::{self, ConfirmLimits};
use crate::readers::proof;
use crate::settings::Settings;
use crate::web::bot_guard::{BotGuard, BotTraps, Sender};
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::PageContext;
use crate::web::render::render;
use crate::web::visitor::Visitor;

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

/// A follow request that passed its checks: who asks, and for what.
struct FollowRequest {
    email: EmailAddress,
    mode: FollowMode,
    sender: Sender,
}

impl FollowForm {
    /// Checks the bar's fields sent by `sender`: the request, or `None` with the errors added.
    fn check(&mut self, t: &Messages, sender: Sender) -> Option<FollowRequest> {
        let email = EmailAddress::parse(&self.email);
        if email.is_none() {
            self.errors.add("email", t.error_email_invalid);
        }
        let mode = FollowMode::parse(&self.mode);
        if mode.is_none() {
            self.errors.add("mode", t.error_follow_mode);
        }
        if sender == Sender::Late {
            self.errors.add("email", t.guards.form_expired);
        }
        let (email, mode) = (email?, mode?);
        self.errors.is_empty().then_some(FollowRequest {
            email,
            mode,
            sender,
        })
    }

    fn traps(&self) -> BotTraps<'_> {
        BotTraps {
            honeypot: &self.website,
            stamp: &self.form_ts,
        }
    }
}

/// Takes in a checked follow request on the article `article_id`: the answer to show, or
/// `None` when the visitor's network asked for too many links this hour. Robots and blocked
/// senders get the usual answer, and nothing is recorded or sent.
async fn take_follow(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
    article_id: i64,
    visitor: &Visitor,
    FollowRequest {
        email,
        mode,
        sender,
    }: FollowRequest,
    now: DateTime<Utc>,
) -> AppResult<Option<Flash>> {
    if sender == Sender::Robot {
        tracing::info!(network = %visitor.client.network(), "follow ignored as automated");
        return Ok(Some(Flash::FollowRequested));
    }
    if CommentBlock::blocks(conn, email.as_str(), visitor.client.ip()).await? {
        tracing::info!(article_id, "follow from a blocked sender ignored");
        return Ok(Some(Flash::FollowRequested));
    }
    let per_hour = settings.newsletter.signups_per_network_per_hour;
    if !model::allow_signup_from(conn, &visitor.client.network(), per_hour, now).await? {
        return Ok(None);
    }
    let limits = ConfirmLimits::from_settings(settings);
    let proven = proof::proves(conn, visitor.known(), &email).await?;
    let outcome = conn
        .transaction(async |conn| {
            follow_article(conn, &email, article_id, mode, proven, limits, now).await
        })
        .await?;
    tracing::info!(article_id, ?outcome, "follow requested");
    Ok(Some(outcome.flash()))
}

/// `POST /articles/{slug}/follow`.
pub async fn follow_comments(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    visitor: Visitor,
    published: PublishedArticle,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let mut fields = FollowForm::from_pairs(form.into_inner());
    let (t, now) = (ctx.t(), Utc::now());
    let sender = visitor.sender(BotGuard::newsletter(&ctx.settings), fields.traps(), now);
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let Some(request) = fields.check(t, sender) {
        let article_id = published.article.id;
        match take_follow(&mut conn, &ctx.settings, article_id, &visitor, request, now).await? {
            Some(flash) => {
                let done = format!("/articles/{}#{ANSWER_ID}", published.article.slug);
                return Ok(redirect_with(&done, flash));
            }
            None => {
                fields.errors.add("email", t.error_signup_limit);
                status = StatusCode::TOO_MANY_REQUESTS;
            }
        }
    }
    let state = CommentState::from_query(&CommentQuery::default());
    let mut page = article_page(&mut conn, &ctx, &published.slug, visitor.known(), state).await?;
    page.follow = fields;
    render(status, &page)
}
