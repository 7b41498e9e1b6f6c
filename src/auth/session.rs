//! Server-side sessions: the cookie holds a random token, Postgres holds its hash, the author
//! and a CSRF token. Sessions end when idle too long, at an absolute age, at logout, and all at
//! once on a password change or "log out everywhere".

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use futures_util::future::LocalBoxFuture;

use crate::auth::token::{hash_token, random_token, same_secret};
use crate::db::DbPool;
use crate::error::AppError;
use crate::schema::{authors, sessions};
use crate::settings::Settings;

/// The author behind a valid session, with the session's CSRF token.
#[derive(Debug, Clone)]
pub struct AuthorSession {
    /// The author's id.
    pub author_id: i64,
    /// The author's name.
    pub display_name: String,
    /// The token every state-changing form must send back as `csrf_token`.
    pub csrf_token: String,
    token_hash: Vec<u8>,
}

/// The name of the session cookie: `__Host-` prefixed when the site is served over https.
pub fn cookie_name(settings: &Settings) -> &'static str {
    if settings.is_https() {
        "__Host-sillage_session"
    } else {
        "sillage_session"
    }
}

/// The cookie carrying a new session token.
pub fn session_cookie(settings: &Settings, token: String) -> Cookie<'static> {
    Cookie::build(cookie_name(settings), token)
        .path("/")
        .http_only(true)
        .secure(settings.is_https())
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::hours(
            settings.security.session_absolute_hours,
        ))
        .finish()
}

/// The cookie that removes the session token from the browser.
pub fn removal_cookie(settings: &Settings) -> Cookie<'static> {
    let mut cookie = Cookie::build(cookie_name(settings), "")
        .path("/")
        .http_only(true)
        .secure(settings.is_https())
        .same_site(SameSite::Lax)
        .finish();
    cookie.make_removal();
    cookie
}

/// Opens a session for `author_id` and returns its token (for the cookie).
pub async fn open(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
    author_id: i64,
) -> anyhow::Result<String> {
    let token = random_token()?;
    let expires_at = Utc::now() + Duration::hours(settings.security.session_absolute_hours);
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(hash_token(&token)),
            sessions::author_id.eq(author_id),
            sessions::csrf_token.eq(random_token()?),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await?;
    Ok(token)
}

/// Ends the session of this token, if any.
pub async fn close(conn: &mut AsyncPgConnection, token: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.find(hash_token(token)))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Ends every session of the author.
pub async fn close_all(conn: &mut AsyncPgConnection, author_id: i64) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::author_id.eq(author_id)))
        .execute(conn)
        .await
}

impl AuthorSession {
    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, sent: &str) -> Result<(), AppError> {
        if same_secret(sent, &self.csrf_token) {
            Ok(())
        } else {
            Err(AppError::Forbidden("csrf token mismatch"))
        }
    }

    /// Ends this session.
    pub async fn close(&self, conn: &mut AsyncPgConnection) -> QueryResult<()> {
        diesel::delete(sessions::table.find(&self.token_hash))
            .execute(conn)
            .await
            .map(|_| ())
    }

    /// The live session of `token`, refreshing its idle clock.
    async fn find(
        conn: &mut AsyncPgConnection,
        settings: &Settings,
        token: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<Option<Self>> {
        let idle_limit = now - Duration::minutes(settings.security.session_idle_minutes);
        let token_hash = hash_token(token);
        let found = diesel::update(
            sessions::table
                .filter(sessions::token_hash.eq(&token_hash))
                .filter(sessions::expires_at.gt(now))
                .filter(sessions::last_seen_at.gt(idle_limit)),
        )
        .set(sessions::last_seen_at.eq(now))
        .returning((sessions::author_id, sessions::csrf_token))
        .get_result::<(i64, String)>(conn)
        .await
        .optional()?;
        let Some((author_id, csrf_token)) = found else {
            return Ok(None);
        };
        let display_name = authors::table
            .find(author_id)
            .select(authors::display_name)
            .first::<String>(conn)
            .await?;
        Ok(Some(Self {
            author_id,
            display_name,
            csrf_token,
            token_hash,
        }))
    }
}

/// Where an anonymous visitor of an admin page is sent.
fn login_location(req: &HttpRequest) -> String {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/admin");
    let next: String = path
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect();
    format!("/admin/login?next={next}")
}

impl FromRequest for AuthorSession {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let settings = req
                .app_data::<web::Data<Settings>>()
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("settings missing")))?;
            let pool = req
                .app_data::<web::Data<DbPool>>()
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("pool missing")))?;
            let Some(cookie) = req.cookie(cookie_name(settings)) else {
                return Err(AppError::LoginRequired(login_location(&req)));
            };
            let mut conn = pool.get().await?;
            AuthorSession::find(&mut conn, settings, cookie.value(), Utc::now())
                .await?
                .ok_or_else(|| AppError::LoginRequired(login_location(&req)))
        })
    }
}
