//! What every page shares (site name, language, assets, flash message, metadata), built in
//! the handler from the [`PageContext`] extractor and handed to the template as `layout`.

use std::future::{Ready, ready};
use std::sync::OnceLock;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use crate::analytics::beacon::Beacon;
use crate::error::AppError;
use crate::i18n::Messages;
use crate::seo::meta::PageSeo;
use crate::settings::Settings;
use crate::web::assets::Assets;
use crate::web::flash::Flash;
use crate::web::reader_cookie::ReaderKey;

/// The frame of a page.
#[derive(Debug)]
pub struct Layout {
    /// The strings of the interface's language.
    pub t: &'static Messages,
    /// The `lang` attribute.
    pub lang: &'static str,
    /// The site's name.
    pub site_title: String,
    /// The site's one-line description.
    pub tagline: String,
    /// The `<title>` of the page, before the site's name.
    pub page_title: String,
    /// The meta description.
    pub description: String,
    /// The canonical absolute URL, when the page has one.
    pub canonical: Option<String>,
    /// The site path of the canonical URL: the page a signup form on it was filled in from.
    pub page_path: Option<String>,
    /// Versioned URL of the stylesheet.
    pub css_url: String,
    /// Versioned URL of the public script.
    pub js_url: String,
    /// Versioned URL of the rating widget's script.
    pub rating_js_url: String,
    /// Versioned URL of the comment bubble's script.
    pub bubble_js_url: String,
    /// Versioned URL of the comment section's script (inline comments, pages loaded in place).
    pub comments_js_url: String,
    /// Versioned URL of the admin script.
    pub admin_js_url: String,
    /// Versioned URL of the body image and media library script.
    pub media_js_url: String,
    /// Versioned URL of the icon.
    pub favicon_url: String,
    /// A message left by the previous request.
    pub flash: Option<&'static str>,
    /// Signs the time stamps of the public forms on this page.
    stamp_key: Option<web::Data<ReaderKey>>,
    /// Whether the page is everybody's (cached): its public forms' stamp is in a cookie.
    stamp_in_cookie: bool,
    /// The public forms' stamp, signed once for all of them on the page.
    public_stamp: OnceLock<String>,
    /// OpenGraph, Twitter card, feeds and JSON-LD.
    pub seo: PageSeo,
    /// The signed token the page's beacon reports its view with, when pages count themselves.
    pub view_token: Option<String>,
}

impl Layout {
    /// Sets the meta description (an empty one keeps the site's tagline).
    pub fn described(mut self, description: &str) -> Self {
        if !description.trim().is_empty() {
            self.description = description.to_owned();
        }
        self
    }

    /// The signed time stamp of the form named `form` (see [`crate::web::form_stamp::forms`]).
    pub fn form_stamp(&self, form: &str) -> String {
        let public = form == crate::web::form_stamp::forms::PUBLIC;
        if self.stamp_in_cookie && public {
            return crate::web::form_stamp::IN_COOKIE.to_owned();
        }
        let signed = || {
            self.stamp_key
                .as_ref()
                .map(|key| key.form_stamp(form, chrono::Utc::now()))
                .unwrap_or_default()
        };
        if public {
            self.public_stamp.get_or_init(signed).clone()
        } else {
            signed()
        }
    }

    /// Sets the canonical URL from a site path.
    pub fn canonical(mut self, base_url: &str, path: &str) -> Self {
        self.canonical = Some(format!("{base_url}{path}"));
        self.page_path = Some(path.to_owned());
        self
    }
}

/// What a handler needs to build a [`Layout`].
#[derive(Debug, Clone)]
pub struct PageContext {
    /// The settings of the process.
    pub settings: web::Data<Settings>,
    assets: web::Data<Assets>,
    reader_key: Option<web::Data<ReaderKey>>,
    flash: Option<Flash>,
    /// Rendered for the page cache: the same page for everyone.
    shared: bool,
    /// The token of this page's view, when pages count themselves (see [`Beacon`]).
    view_token: Option<String>,
}

impl PageContext {
    /// The strings of the interface's language.
    pub fn t(&self) -> &'static Messages {
        self.settings.site.locale.messages()
    }

    /// The message left by the previous request, if any.
    pub fn flash(&self) -> Option<Flash> {
        self.flash
    }

    /// The layout of a page titled `title`.
    pub fn layout(&self, title: &str) -> Layout {
        let t = self.t();
        Layout {
            t,
            lang: self.settings.site.locale.code(),
            site_title: self.settings.site.title.clone(),
            tagline: self.settings.site.tagline.clone(),
            page_title: title.to_owned(),
            description: self.settings.site.tagline.clone(),
            canonical: None,
            page_path: None,
            css_url: self.assets.url("style.css"),
            js_url: self.assets.url("site.js"),
            admin_js_url: self.assets.url("admin.js"),
            media_js_url: self.assets.url("media.js"),
            rating_js_url: self.assets.url("rating.js"),
            bubble_js_url: self.assets.url("bubble.js"),
            comments_js_url: self.assets.url("comments.js"),
            favicon_url: self.assets.url("favicon.svg"),
            flash: self.flash.map(|flash| flash.message(t)),
            stamp_key: self.reader_key.clone(),
            stamp_in_cookie: self.shared,
            public_stamp: OnceLock::new(),
            seo: PageSeo::new(
                self.settings.site.locale,
                &self.settings.site.base_url,
                &self.settings.site.title,
            ),
            view_token: self.view_token.clone(),
        }
    }

    /// Builds the context from the application's shared data.
    pub fn from_parts(req: &HttpRequest) -> Result<Self, AppError> {
        let settings = req
            .app_data::<web::Data<Settings>>()
            .cloned()
            .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("settings missing")))?;
        let assets = req
            .app_data::<web::Data<Assets>>()
            .cloned()
            .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("assets missing")))?;
        // A page rendered for the page cache is everybody's: no flash, and its forms' stamp
        // travels in a cookie (see `crate::web::form_stamp`).
        let shared = crate::page_cache::is_shared_render(req);
        Ok(Self {
            settings,
            assets,
            reader_key: req.app_data::<web::Data<ReaderKey>>().cloned(),
            flash: Flash::from_request(req).filter(|_| !shared),
            shared,
            view_token: req
                .app_data::<web::Data<Beacon>>()
                .and_then(|beacon| beacon.token(req.path())),
        })
    }
}

impl FromRequest for PageContext {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::from_parts(req))
    }
}
