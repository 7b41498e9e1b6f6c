//! Who asks: nobody the site knows (the shared page as it is), a reader known by their signed
//! cookie (the shared page with their own parts spliced in), or someone whose page is theirs
//! alone this once (the author's session, a flash message to show): rendered as before.

use actix_web::dev::ServiceRequest;
use actix_web::web;

use crate::auth::session;
use crate::settings::Settings;
use crate::web::flash;
use crate::web::reader_cookie::ReaderKey;

/// Who a request comes from, as far as the cache cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visitor {
    /// No cookie the page depends on.
    Anonymous,
    /// A reader's signed cookie: their id.
    Reader(String),
    /// The author's session or a flash message: rendered for them, not cached.
    Private,
}

impl Visitor {
    /// The visitor of `req`.
    pub fn of(req: &ServiceRequest) -> Self {
        let Some(settings) = req.app_data::<web::Data<Settings>>() else {
            return Self::Private;
        };
        if req.cookie(flash::COOKIE).is_some()
            || req.cookie(session::cookie_name(settings)).is_some()
        {
            return Self::Private;
        }
        req.app_data::<web::Data<ReaderKey>>()
            .and_then(|key| key.known_reader(req.request()))
            .map_or(Self::Anonymous, Self::Reader)
    }
}
