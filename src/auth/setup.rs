//! `GET|POST /admin/setup`: the first-run page that creates the author's account. It closes
//! for good once an account exists. No session exists yet, so the form carries a signed stamp
//! of its own in place of a CSRF token: a page of another site can neither read nor forge it
//! (and the host allow-list keeps a rebound DNS name from loading this page at all).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Duration, Utc};
use serde::Deserialize;

use crate::auth::author::{Author, NewAuthor};
use crate::auth::password::{self, Passwords};
use crate::auth::session;
use crate::db::DbPool;
use crate::domain::{DisplayName, EmailAddress};
use crate::error::{AppError, AppResult};
use crate::i18n::Messages;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::form_stamp::{StampCheck, forms};
use crate::web::layout::{Layout, PageContext};
use crate::web::reader_cookie::ReaderKey;
use crate::web::render::{render, see_other};

/// The setup page.
#[derive(Template)]
#[template(path = "admin/setup.html")]
pub struct SetupPage {
    layout: Layout,
    form: SetupForm,
    errors: FormErrors,
}

/// The setup form.
#[derive(Debug, Default, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default, skip_serializing)]
    password: String,
    #[serde(default)]
    password_confirm: String,
    #[serde(default)]
    form_ts: String,
}

/// Checks a new password and its confirmation.
pub fn check_new_password(
    t: &Messages,
    errors: &mut FormErrors,
    field: &'static str,
    password: &str,
    confirm: &str,
) {
    let length = password.chars().count();
    if length < password::MIN_LEN {
        errors.add(field, t.error_password_short);
    } else if length > password::MAX_LEN {
        errors.add(field, t.error_password_long);
    } else if password != confirm {
        errors.add(field, t.error_password_mismatch);
    }
}

/// `GET /admin/setup`.
pub async fn show_setup(pool: web::Data<DbPool>, page: PageContext) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    if Author::any_exists(&mut conn).await? {
        return Ok(see_other("/admin/login"));
    }
    let layout = page.layout(page.t().setup_title);
    render(
        StatusCode::OK,
        &SetupPage {
            layout,
            form: SetupForm::default(),
            errors: FormErrors::default(),
        },
    )
}

/// `POST /admin/setup`: creates the account and logs the author in.
pub async fn create_first_author(
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    key: web::Data<ReaderKey>,
    page: PageContext,
    form: web::Form<SetupForm>,
) -> AppResult<HttpResponse> {
    let mut form = form.into_inner();
    let t = page.t();
    let mut errors = FormErrors::default();
    let life = page.settings.form_stamp_life();
    match key.check_stamp(
        forms::SETUP,
        &form.form_ts,
        Utc::now(),
        Duration::zero(),
        life,
    ) {
        StampCheck::Fresh => {}
        StampCheck::Expired => errors.add("email", t.guards.form_expired),
        StampCheck::Robot => return Err(AppError::Forbidden("setup form without its stamp")),
    }
    let email = EmailAddress::parse(&form.email);
    if email.is_none() {
        errors.add("email", t.error_email_invalid);
    }
    let name = DisplayName::parse(&form.display_name);
    if name.is_none() {
        errors.add("display_name", t.error_name_invalid);
    }
    check_new_password(
        t,
        &mut errors,
        "password",
        &form.password,
        &form.password_confirm,
    );
    let (Some(email), Some(name), true) = (email, name, errors.is_empty()) else {
        form.password.clear();
        form.password_confirm.clear();
        let layout = page.layout(t.setup_title);
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SetupPage {
                layout,
                form,
                errors,
            },
        );
    };
    let hash = passwords.hash(form.password.clone()).await?;
    let mut conn = pool.get().await?;
    let new = NewAuthor {
        email: email.as_str(),
        display_name: name.as_str(),
        password_hash: &hash,
    };
    let Some(author) = Author::create_first(&mut conn, new).await? else {
        return Ok(see_other("/admin/login"));
    };
    tracing::info!(author_id = author.id, "first author account created");
    let token = session::open(&mut conn, &page.settings, author.id).await?;
    let mut response = redirect_with("/admin", Flash::Welcome);
    response
        .add_cookie(&session::session_cookie(&page.settings, token))
        .map_err(anyhow::Error::from)?;
    Ok(response)
}
