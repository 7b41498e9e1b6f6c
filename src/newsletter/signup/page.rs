//! `GET /newsletter` and `POST /newsletter`: the signup form and its double opt-in. To a
//! stranger the answer reveals nothing of the address (new, pending and subscribed ones all
//! get a confirmation link), but it always says what happened: a link sent, one sent minutes
//! ago that still works, or none left today. A browser that proved it holds a confirmed
//! address is subscribed at once.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::analytics::attribution;
use crate::db::DbPool;
use crate::domain::EmailAddress;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::newsletter::signup::subscribe::{self, Signup, SignupOutcome};
use crate::readers::identity::ConfirmationLink;
use crate::readers::model::{self, ConfirmLimits};
use crate::readers::proof;
use crate::settings::Settings;
use crate::taxonomy::model::Theme;
use crate::web::bot_guard::{BotGuard, BotTraps, Sender};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::{render, see_other};
use crate::web::visitor::Visitor;

/// The signup form as typed.
#[derive(Debug, Default, Clone)]
pub struct SignupFields {
    email: String,
    name: String,
    themes: Vec<String>,
    website: String,
    form_ts: String,
    /// The page the form sat on (its path), for attribution.
    from: String,
}

impl SignupFields {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut fields = Self::default();
        for (key, value) in pairs {
            match key.as_str() {
                "email" => fields.email = value,
                "name" => fields.name = value,
                "themes" => fields.themes.push(value),
                "website" => fields.website = value,
                "form_ts" => fields.form_ts = value,
                "from" => fields.from = value,
                _ => {}
            }
        }
        fields
    }
}

/// The newsletter page.
#[derive(Template)]
#[template(path = "newsletter/signup.html")]
pub struct SignupPage {
    layout: Layout,
    fields: SignupFields,
    errors: FormErrors,
    themes: Vec<Theme>,
    notice: Option<&'static str>,
    consent_text: String,
}

impl SignupPage {
    fn theme_checked(&self, id: &i64) -> bool {
        self.fields
            .themes
            .iter()
            .any(|t| t.trim() == id.to_string())
    }
}

/// `?sent=1` after a link was sent, `?signup=recent|limit|subscribed|already` otherwise.
#[derive(Debug, Deserialize)]
pub struct SentQuery {
    #[serde(default)]
    sent: Option<String>,
    #[serde(default)]
    signup: Option<String>,
}

impl SentQuery {
    fn notice(&self, t: &'static Messages) -> Option<&'static str> {
        if self.sent.is_some() {
            return Some(t.newsletter_sent);
        }
        Some(match self.signup.as_deref()? {
            "recent" => t.readers.signup_recent,
            "limit" => t.readers.signup_daily_limit,
            "subscribed" => t.readers.signup_subscribed,
            "already" => t.readers.signup_already,
            _ => return None,
        })
    }
}

/// Where the form's answer is shown.
fn answer_to(outcome: SignupOutcome) -> &'static str {
    match outcome {
        SignupOutcome::Link(ConfirmationLink::Queued) => "/newsletter?sent=1",
        SignupOutcome::Link(ConfirmationLink::Recent) => "/newsletter?signup=recent",
        SignupOutcome::Link(ConfirmationLink::DailyLimit) => "/newsletter?signup=limit",
        SignupOutcome::Subscribed => "/newsletter?signup=subscribed",
        SignupOutcome::AlreadySubscribed => "/newsletter?signup=already",
    }
}

async fn page(
    pool: &DbPool,
    ctx: &PageContext,
    fields: SignupFields,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> AppResult<SignupPage> {
    let mut conn = pool.get().await?;
    let t = ctx.t();
    Ok(SignupPage {
        layout: ctx.layout(t.newsletter_title),
        fields,
        errors,
        themes: Theme::all(&mut conn).await?,
        notice,
        consent_text: ctx.settings.newsletter.consent_text.clone(),
    })
}

/// `GET /newsletter`.
pub async fn show_signup(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    query: web::Query<SentQuery>,
) -> AppResult<HttpResponse> {
    let page = page(
        &pool,
        &ctx,
        SignupFields::default(),
        FormErrors::default(),
        query.notice(ctx.t()),
    )
    .await?;
    render(StatusCode::OK, &page)
}

/// A signup that passed its checks.
struct SignupRequest {
    email: EmailAddress,
    name: String,
    theme_ids: Vec<i64>,
    sender: Sender,
}

impl SignupFields {
    fn traps(&self) -> BotTraps<'_> {
        BotTraps {
            honeypot: &self.website,
            stamp: &self.form_ts,
        }
    }

    /// Checks the fields sent by `sender`: the request, or the errors to show.
    async fn check(
        &self,
        conn: &mut AsyncPgConnection,
        t: &Messages,
        sender: Sender,
    ) -> AppResult<Result<SignupRequest, FormErrors>> {
        let mut errors = FormErrors::default();
        let email = EmailAddress::parse(&self.email);
        if email.is_none() {
            errors.add("email", t.error_email_invalid);
        }
        let name = self.name.trim().to_owned();
        if name.chars().count() > 100 || name.chars().any(char::is_control) {
            errors.add("name", t.error_name_invalid);
        }
        let known: Vec<i64> = Theme::all(conn)
            .await?
            .iter()
            .map(|theme| theme.id)
            .collect();
        let theme_ids: Vec<i64> = self
            .themes
            .iter()
            .filter_map(|raw| raw.trim().parse().ok())
            .filter(|id| known.contains(id))
            .collect();
        if theme_ids.len() != self.themes.len() {
            errors.add("themes", t.error_theme_unknown);
        }
        if sender == Sender::Late {
            errors.add("email", t.guards.form_expired);
        }
        Ok(match email.filter(|_| errors.is_empty()) {
            Some(email) => Ok(SignupRequest {
                email,
                name,
                theme_ids,
                sender,
            }),
            None => Err(errors),
        })
    }
}

/// Takes in a checked signup made on the page `from`: where its answer is shown, or `None`
/// when the visitor's network asked for too many links this hour. A robot gets the usual
/// answer and nothing else.
async fn take_signup(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
    visitor: &Visitor,
    from: &str,
    request: SignupRequest,
    now: DateTime<Utc>,
) -> AppResult<Option<&'static str>> {
    let network = visitor.client.network();
    if request.sender == Sender::Robot {
        tracing::info!(%network, "newsletter signup ignored as automated");
        return Ok(Some("/newsletter?sent=1"));
    }
    let per_hour = settings.newsletter.signups_per_network_per_hour;
    if !model::allow_signup_from(conn, &network, per_hour, now).await? {
        return Ok(None);
    }
    let signup = Signup {
        email: &request.email,
        name: &request.name,
        theme_ids: &request.theme_ids,
        consent_text: &settings.newsletter.consent_text,
        network: &network,
        proven: proof::proves(conn, visitor.known(), &request.email).await?,
        source_article_id: attribution::article_of_page(conn, from).await?,
    };
    let limits = ConfirmLimits::from_settings(settings);
    let outcome = subscribe::sign_up(conn, &signup, limits, now).await?;
    tracing::info!(?outcome, "newsletter signup");
    Ok(Some(answer_to(outcome)))
}

/// `POST /newsletter`.
pub async fn sign_up(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    visitor: Visitor,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let fields = SignupFields::from_pairs(form.into_inner());
    let (t, now) = (ctx.t(), Utc::now());
    let sender = visitor.sender(BotGuard::newsletter(&ctx.settings), fields.traps(), now);
    let mut conn = pool.get().await?;
    let (errors, status) = match fields.check(&mut conn, t, sender).await? {
        Ok(request) => {
            let from = &fields.from;
            match take_signup(&mut conn, &ctx.settings, &visitor, from, request, now).await? {
                Some(answer) => return Ok(see_other(answer)),
                None => (
                    FormErrors::single("email", t.error_signup_limit),
                    StatusCode::TOO_MANY_REQUESTS,
                ),
            }
        }
        Err(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
    };
    drop(conn);
    render(status, &page(&pool, &ctx, fields, errors, None).await?)
}
