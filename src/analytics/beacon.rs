//! Counting from the page's beacon (`analytics.mode = "beacon"`), for a site whose pages a
//! caching CDN serves without asking the server: each counted page carries a token naming its
//! path, signed by the server that rendered it, and `site.js` posts it to `POST /a` with
//! `navigator.sendBeacon` once the page is shown (never for a prerender). The view is then
//! counted by the same rules as a page the server answers: readers only, never robots, on
//! public pages that exist (no page, no token).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::analytics::counter::ViewCounter;
use crate::analytics::middleware::{Seen, view_of};
use crate::analytics::visit::{counted_path, is_reader};
use crate::error::{AppError, AppResult};
use crate::settings::Settings;
use crate::web::client_addr::ClientAddr;
use crate::web::reader_cookie::ReaderKey;

/// The path the beacon posts to.
pub const PATH: &str = "/a";

/// Longest referrer or query string taken from a beacon; longer ones are cut.
const MAX_FIELD: usize = 2048;

/// Signs and checks the tokens of counted pages.
#[derive(Debug)]
pub struct Beacon {
    key: ReaderKey,
}

impl Beacon {
    /// Tokens signed with `key` (a secret of the installation's, kept for this use only).
    pub fn new(key: Vec<u8>) -> Self {
        Self {
            key: ReaderKey::new(key),
        }
    }

    /// The token of the page at `path`, when views of that page are counted.
    pub fn token(&self, path: &str) -> Option<String> {
        counted_path(path).map(|path| self.key.signed(path))
    }

    /// The counted path a token names, if this site signed it.
    fn path_of(&self, token: &str) -> Option<String> {
        let path = self.key.verify(token)?;
        counted_path(&path).is_some().then_some(path)
    }
}

/// What the beacon sends: the page's token, its referrer and its query string.
#[derive(Debug, Deserialize)]
pub struct BeaconForm {
    /// The token the page carried.
    v: String,
    /// `document.referrer`.
    #[serde(default)]
    r: String,
    /// `location.search`, without its `?`.
    #[serde(default)]
    q: String,
}

/// `POST /a`: counts the view a page's beacon reports. 204 when it is taken (a robot's is
/// taken and not counted, as a robot's page view is not), 400 for a token this site did not
/// sign, 403 when the request does not come from a page of the site, 404 when views are not
/// counted by beacon.
pub async fn count_beacon(
    req: HttpRequest,
    form: web::Form<BeaconForm>,
    node: Option<(web::Data<Beacon>, web::Data<ViewCounter>)>,
    settings: web::Data<Settings>,
) -> AppResult<HttpResponse> {
    let (beacon, counter) = node.ok_or(AppError::NotFound)?;
    // A beacon always names its page's origin; a foreign one is refused before this.
    if !req.headers().contains_key(header::ORIGIN) {
        return Err(AppError::Forbidden(
            "a page view comes from a page of the site",
        ));
    }
    let path = beacon
        .path_of(&form.v)
        .ok_or(AppError::BadRequest("unknown page token"))?;
    let client = ClientAddr::of(&req, &settings)
        .ok_or(AppError::BadRequest("the request's address is unknown"))?;
    if is_reader(req.headers()) {
        let view = view_of(
            &counter,
            Seen {
                path: &path,
                client,
                headers: req.headers(),
                referer: Some(cut(&form.r)).filter(|r| !r.is_empty()),
                query: cut(&form.q),
            },
        );
        counter.record(view);
    }
    Ok(HttpResponse::NoContent()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

/// At most [`MAX_FIELD`] bytes of `text`, cut on a character boundary.
fn cut(text: &str) -> &str {
    let mut end = text.len().min(MAX_FIELD);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Registers `POST /a` (its form is small: a token and two short fields).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource(PATH)
            .app_data(web::FormConfig::default().limit(3 * MAX_FIELD))
            .route(web::post().to(count_beacon)),
    );
}

#[cfg(test)]
mod tests {
    use super::{Beacon, cut};

    #[test]
    fn a_token_names_a_counted_page_and_only_this_site_signs_it() {
        let beacon = Beacon::new(b"one key".to_vec());
        let token = beacon.token("/articles/une-analyse").unwrap();
        assert_eq!(
            beacon.path_of(&token).as_deref(),
            Some("/articles/une-analyse")
        );
        assert_eq!(beacon.token("/admin"), None);
        let other = Beacon::new(b"another key".to_vec());
        assert_eq!(other.path_of(&token), None);
        assert_eq!(beacon.path_of("/articles/une-analyse"), None);
        assert_eq!(beacon.path_of(""), None);
    }

    #[test]
    fn long_fields_are_cut_on_a_character() {
        let long = "é".repeat(2000);
        let kept = cut(&long);
        assert!(kept.len() <= 2048 && kept.chars().all(|c| c == 'é'));
        assert_eq!(cut("https://www.google.fr/"), "https://www.google.fr/");
    }
}
