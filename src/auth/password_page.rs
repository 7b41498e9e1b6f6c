//! `GET|POST /admin/password`: changing the password ends every session of the author.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Deserialize;

use crate::auth::author::Author;
use crate::auth::author_form::AuthorForm;
use crate::auth::password::Passwords;
use crate::auth::session::{self, AuthorSession};
use crate::auth::setup::check_new_password;
use crate::auth::throttle;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::schema::authors;
use crate::web::client_addr::ClientAddr;
use crate::web::flash::{Flash, redirect_with};
use crate::web::form_errors::FormErrors;
use crate::web::layout::{Layout, PageContext};
use crate::web::render::render;

/// The password page.
#[derive(Template)]
#[template(path = "admin/password.html")]
pub struct PasswordPage {
    layout: Layout,
    session: AuthorSession,
    errors: FormErrors,
}

/// The password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_confirm: String,
}

/// `GET /admin/password`.
pub async fn show_password(page: PageContext, session: AuthorSession) -> AppResult<HttpResponse> {
    let layout = page.layout(page.t().admin_password);
    render(
        StatusCode::OK,
        &PasswordPage {
            layout,
            session,
            errors: FormErrors::default(),
        },
    )
}

/// `POST /admin/password`.
pub async fn change_password(
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    page: PageContext,
    client: ClientAddr,
    AuthorForm { session, form }: AuthorForm<PasswordForm>,
) -> AppResult<HttpResponse> {
    let t = page.t();
    let mut conn = pool.get().await?;
    let (email, stored): (String, String) = authors::table
        .find(session.author_id)
        .select((authors::email, authors::password_hash))
        .first(&mut conn)
        .await?;
    let mut errors = FormErrors::default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    // The current password is guessed under the login's throttle: a stolen session cannot try
    // passwords faster than the login page allows.
    let limits = &page.settings.security;
    if !throttle::take_attempt(&mut conn, limits, &email, &client.network()).await? {
        errors.add("current_password", t.guards.password_throttled);
        status = StatusCode::TOO_MANY_REQUESTS;
    } else if passwords
        .verify(Some(stored), form.current_password.clone())
        .await?
    {
        throttle::clear(&mut conn, &email).await?;
    } else {
        errors.add("current_password", t.error_password_wrong);
    }
    check_new_password(
        t,
        &mut errors,
        "new_password",
        &form.new_password,
        &form.new_password_confirm,
    );
    if !errors.is_empty() {
        let layout = page.layout(t.admin_password);
        return render(
            status,
            &PasswordPage {
                layout,
                session,
                errors,
            },
        );
    }
    let hash = passwords.hash(form.new_password.clone()).await?;
    Author::set_password(&mut conn, session.author_id, &hash).await?;
    let closed = session::close_all(&mut conn, session.author_id).await?;
    tracing::info!(
        author_id = session.author_id,
        closed,
        "password changed, sessions ended"
    );
    let mut response = redirect_with("/admin/login", Flash::PasswordChanged);
    response
        .add_cookie(&session::removal_cookie(&page.settings))
        .map_err(anyhow::Error::from)?;
    Ok(response)
}
