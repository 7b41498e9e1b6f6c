//! `GET|POST /admin/subscribers/new`: the author adds one subscriber by hand.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use diesel_async::AsyncConnection;

use crate::auth::author_form::AuthorForm;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::settings::Settings;
use crate::subscribers::admit::{self, Admission, Admitted, Candidate};
use crate::subscribers::form::{ConsentChoice, SubscriberFields};
use crate::taxonomy::model::Theme;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

/// The `consent_network` recorded for the subscribers the author adds by hand.
const NETWORK: &str = "admin";

/// The add form.
#[derive(Template)]
#[template(path = "subscribers/new.html")]
pub struct NewSubscriberPage {
    layout: Layout,
    session: AuthorSession,
    fields: SubscriberFields,
    errors: FormErrors,
    themes: Vec<Theme>,
}

impl NewSubscriberPage {
    fn theme_checked(&self, id: &i64) -> bool {
        self.fields
            .themes
            .iter()
            .any(|t| t.trim() == id.to_string())
    }
}

/// The admission a consent choice leads to.
pub fn admission<'a>(choice: &'a ConsentChoice, settings: &'a Settings) -> Admission<'a> {
    match choice {
        ConsentChoice::Elsewhere(consent_text) => Admission::Consented { consent_text },
        ConsentChoice::Confirm => Admission::Confirm {
            consent_text: &settings.newsletter.consent_text,
            limits: crate::readers::model::ConfirmLimits::from_settings(settings),
        },
    }
}

async fn form_page(
    pool: &DbPool,
    ctx: &PageContext,
    session: AuthorSession,
    fields: SubscriberFields,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let themes = Theme::all(&mut conn).await?;
    render(
        status,
        &NewSubscriberPage {
            layout: ctx.layout(ctx.t().subscribers.add),
            session,
            fields,
            errors,
            themes,
        },
    )
}

/// `GET /admin/subscribers/new`.
pub async fn new_subscriber(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    session: AuthorSession,
) -> AppResult<HttpResponse> {
    let fields = SubscriberFields {
        mode: "confirm".into(),
        ..SubscriberFields::default()
    };
    form_page(
        &pool,
        &ctx,
        session,
        fields,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /admin/subscribers/new`: subscribes the address, or shows the form again.
pub async fn create_subscriber(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    AuthorForm { session, form }: AuthorForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let fields = SubscriberFields::from_pairs(form);
    let t = ctx.t();
    let mut conn = pool.get().await?;
    let themes = Theme::all(&mut conn).await?;
    let checked = match fields.check(&themes, t) {
        Ok(checked) => checked,
        Err(errors) => {
            drop(conn);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return form_page(&pool, &ctx, session, fields, errors, status).await;
        }
    };
    let candidate = Candidate {
        email: &checked.email,
        name: &checked.name,
        theme_ids: &checked.theme_ids,
    };
    let admission = admission(&checked.consent, &ctx.settings);
    let now = Utc::now();
    let outcome = conn
        .transaction(async |conn| admit::admit(conn, candidate, admission, NETWORK, now).await)
        .await?;
    let refused = match outcome {
        Admitted::Subscribed => {
            return Ok(redirect_with("/admin/subscribers", Flash::SubscriberAdded));
        }
        Admitted::ConfirmationQueued | Admitted::ConfirmationHeldBack => {
            return Ok(redirect_with("/admin/subscribers", Flash::ConfirmationSent));
        }
        Admitted::AlreadySubscribed => t.subscribers.error_already_subscribed,
        Admitted::Unsubscribed => t.subscribers.error_unsubscribed,
    };
    drop(conn);
    let errors = FormErrors::single("email", refused);
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    form_page(&pool, &ctx, session, fields, errors, status).await
}
