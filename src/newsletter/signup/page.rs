//! `GET /newsletter` and `POST /newsletter`: the signup form and its double opt-in. To a
//! stranger the answer reveals nothing of the address (new, pending and subscribed ones all
//! get a confirmation link), but it always says what happened: a link sent, one sent minutes
//! ago that still works, or none left today. A browser that proved it holds a confirmed
//! address is subscribed at once.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{Duration, Utc};
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
use crate::taxonomy::model::Theme;
use crate::web::client_addr::ClientAddr;
use crate::web::form_errors::FormErrors;
use crate::web::form_stamp::StampCheck;
use crate::web::layout::{Layout, PageContext};
use crate::web::reader_cookie::ReaderKey;
use crate::web::render::{render, see_other};

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

/// `POST /newsletter`.
pub async fn sign_up(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    ctx: PageContext,
    key: web::Data<ReaderKey>,
    client: ClientAddr,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let fields = SignupFields::from_pairs(form.into_inner());
    let t = ctx.t();
    let settings = &ctx.settings;
    let now = Utc::now();
    let mut errors = FormErrors::default();
    let email = EmailAddress::parse(&fields.email);
    if email.is_none() {
        errors.add("email", t.error_email_invalid);
    }
    let name = fields.name.trim().to_owned();
    if name.chars().count() > 100 || name.chars().any(char::is_control) {
        errors.add("name", t.error_name_invalid);
    }
    let mut conn = pool.get().await?;
    let known: Vec<i64> = Theme::all(&mut conn)
        .await?
        .iter()
        .map(|theme| theme.id)
        .collect();
    let theme_ids: Vec<i64> = fields
        .themes
        .iter()
        .filter_map(|raw| raw.trim().parse().ok())
        .filter(|id| known.contains(id))
        .collect();
    if theme_ids.len() != fields.themes.len() {
        errors.add("themes", t.error_theme_unknown);
    }
    let least = Duration::seconds(settings.newsletter.min_form_seconds);
    let life = settings.form_stamp_life();
    let stamp = key.check_public_stamp(&req, &fields.form_ts, now, least, life);
    if stamp == StampCheck::Expired {
        errors.add("email", t.guards.form_expired);
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        drop(conn);
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&pool, &ctx, fields, errors, None).await?,
        );
    };
    // Robots fill the hidden field or answer faster than a person: they get the usual answer
    // and nothing else.
    if !fields.website.is_empty() || stamp == StampCheck::Robot {
        tracing::info!(network = %client.network(), "newsletter signup ignored as automated");
        return Ok(see_other("/newsletter?sent=1"));
    }
    if !model::allow_signup_from(
        &mut conn,
        &client.network(),
        settings.newsletter.signups_per_network_per_hour,
        now,
    )
    .await?
    {
        let mut errors = FormErrors::default();
        errors.add("email", t.error_signup_limit);
        drop(conn);
        return render(
            StatusCode::TOO_MANY_REQUESTS,
            &page(&pool, &ctx, fields, errors, None).await?,
        );
    }
    let browser = key.known_reader(&req);
    let source_article_id = attribution::article_of_page(&mut conn, &fields.from).await?;
    let signup = Signup {
        email: &email,
        name: &name,
        theme_ids: &theme_ids,
        consent_text: &settings.newsletter.consent_text,
        network: &client.network(),
        proven: proof::proves(&mut conn, browser.as_deref(), &email).await?,
        source_article_id,
    };
    let limits = ConfirmLimits::from_settings(settings);
    let outcome = subscribe::sign_up(&mut conn, &signup, limits, now).await?;
    tracing::info!(?outcome, "newsletter signup");
    Ok(see_other(answer_to(outcome)))
}
