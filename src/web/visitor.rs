//! Who sends a public form (a comment, a follow, a newsletter signup): the browser's reader id
//! from its signed cookie (or a new one), the address it came from, and the stamp cookie of a
//! page served from the page cache, read once before the handler runs.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use std::future::{Ready, ready};

use crate::error::{AppError, AppResult};
use crate::web::bot_guard::{BotGuard, BotTraps, Sender};
use crate::web::client_addr::ClientAddr;
use crate::web::form_stamp::STAMP_COOKIE;
use crate::web::reader_cookie::{ReaderId, ReaderKey};

/// The sender of a public form.
pub struct Visitor {
    /// The browser's reader id: its signed cookie's, or a new one (sent back by
    /// [`Visitor::remember`]).
    pub reader: ReaderId,
    /// The address the request came from.
    pub client: ClientAddr,
    key: web::Data<ReaderKey>,
    stamp_cookie: Option<String>,
}

impl Visitor {
    /// The reader id of a browser that already had one.
    pub fn known(&self) -> Option<&str> {
        (!self.reader.is_new).then_some(self.reader.id.as_str())
    }

    /// Whether a person sent the form, judged by `guard` on its `traps` at `now`.
    pub fn sender(&self, guard: BotGuard, traps: BotTraps<'_>, now: DateTime<Utc>) -> Sender {
        guard.judge(&self.key, traps, self.stamp_cookie.as_deref(), now)
    }

    /// Sends a new reader id back in its cookie with `response`, so the browser keeps it.
    pub fn remember(&self, response: &mut HttpResponse, secure: bool) -> AppResult<()> {
        if self.reader.is_new {
            response
                .add_cookie(&self.key.cookie(&self.reader, secure))
                .map_err(anyhow::Error::from)?;
        }
        Ok(())
    }

    fn of(req: &HttpRequest) -> AppResult<Self> {
        let key = req
            .app_data::<web::Data<ReaderKey>>()
            .cloned()
            .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("reader key missing")))?;
        let client = ClientAddr::from_request(req, &mut Payload::None).into_inner()?;
        Ok(Self {
            reader: key.reader(req)?,
            client,
            stamp_cookie: req.cookie(STAMP_COOKIE).map(|c| c.value().to_owned()),
            key,
        })
    }
}

impl FromRequest for Visitor {
    type Error = AppError;
    type Future = Ready<AppResult<Self>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::of(req))
    }
}
