//! `GET|POST /admin/login` and `POST /admin/logout`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::author::Author;
use crate::auth::author_form::AuthorForm;
use crate::auth::password::Passwords;
use crate::auth::session;
use crate::auth::throttle;
use crate::db::DbPool;
use crate::domain::EmailAddress;
use crate::error::AppResult;
use crate::web::client_addr::ClientAddr;
use crate::web::flash::{Flash, redirect_with};
use crate::web::layout::{Layout, PageContext};
use crate::web::render::{render, see_other};

/// The login page.
#[derive(Template)]
#[template(path = "admin/login.html")]
pub struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<&'static str>,
}

/// Where to go after login: `?next=`, kept to admin paths so it cannot send anyone away.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// The logout form; `everywhere` ends every session of the author.
#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    everywhere: Option<String>,
}

/// `next` when it is an admin path of visible ASCII (no control character that could split the
/// `Location` header, no backslash a browser reads as a slash), `/admin` otherwise.
fn safe_next(next: &str) -> String {
    let local = next.starts_with("/admin")
        && !next.starts_with("/admin/login")
        && !next.contains("//")
        && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    if local {
        next.to_owned()
    } else {
        "/admin".to_owned()
    }
}

/// `GET /admin/login`; the first-run setup page when no account exists yet.
pub async fn show_login(
    pool: web::Data<DbPool>,
    page: PageContext,
    query: web::Query<NextQuery>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    if !Author::any_exists(&mut conn).await? {
        return Ok(see_other("/admin/setup"));
    }
    let layout = page.layout(page.t().login_title);
    render(
        StatusCode::OK,
        &LoginPage {
            layout,
            email: String::new(),
            next: safe_next(&query.next),
            error: None,
        },
    )
}

/// `POST /admin/login`: checks the throttle, then the password, then opens a new session.
pub async fn log_in(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    page: PageContext,
    client: ClientAddr,
    form: web::Form<LoginForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let t = page.t();
    let settings = page.settings.clone();
    let refuse = |status, error| {
        let layout = page.layout(t.login_title);
        render(
            status,
            &LoginPage {
                layout,
                email: form.email.clone(),
                next: safe_next(&form.next),
                error: Some(error),
            },
        )
    };
    // PostgreSQL refuses a NUL in text: such an address is refused before any query.
    if form.email.chars().any(char::is_control) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, t.error_email_invalid);
    }
    let email_key = form.email.trim().to_lowercase();
    let mut conn = pool.get().await?;
    if !throttle::take_attempt(&mut conn, &settings.security, &email_key, &client.network()).await?
    {
        return refuse(StatusCode::TOO_MANY_REQUESTS, t.login_throttled);
    }
    let author = match EmailAddress::parse(&form.email) {
        Some(email) => Author::by_email(&mut conn, &email).await?,
        None => None,
    };
    let stored = author.as_ref().map(|a| a.password_hash.clone());
    let verified = passwords.verify(stored, form.password.clone()).await?;
    let Some(author) = author.filter(|_| verified) else {
        tracing::info!(network = %client.network(), "failed login");
        return refuse(StatusCode::UNAUTHORIZED, t.login_failed);
    };
    throttle::clear(&mut conn, &email_key).await?;
    // A new token at every login: a session fixed before login is worthless after it.
    if let Some(old) = req.cookie(session::cookie_name(&settings)) {
        session::close(&mut conn, old.value()).await?;
    }
    let token = session::open(&mut conn, &settings, author.id).await?;
    tracing::info!(author_id = author.id, "author logged in");
    let mut response = redirect_with(&safe_next(&form.next), Flash::Welcome);
    response
        .add_cookie(&session::session_cookie(&settings, token))
        .map_err(anyhow::Error::from)?;
    Ok(response)
}

/// `POST /admin/logout`: ends this session, or all of them with `everywhere`.
pub async fn log_out(
    pool: web::Data<DbPool>,
    page: PageContext,
    AuthorForm { session, form }: AuthorForm<LogoutForm>,
) -> AppResult<HttpResponse> {
    let mut conn = pool.get().await?;
    let flash = if form.everywhere.is_some() {
        session::close_all(&mut conn, session.author_id).await?;
        Flash::LoggedOutEverywhere
    } else {
        session.close(&mut conn).await?;
        Flash::LoggedOut
    };
    let mut response = redirect_with("/admin/login", flash);
    response
        .add_cookie(&session::removal_cookie(&page.settings))
        .map_err(anyhow::Error::from)?;
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_only_leads_to_admin_pages() {
        assert_eq!(safe_next("/admin/articles"), "/admin/articles");
        for foreign in [
            "https://evil.example",
            "//evil.example",
            "/admin//evil.example",
            "/",
            "/admin/login",
            "/admin\r\nSet-Cookie: a=b",
            "/admin/articles\n",
            "/admin\\evil.example",
            "/admin/é",
        ] {
            assert_eq!(safe_next(foreign), "/admin", "{foreign}");
        }
    }
}
