//! Answers only requests addressed to this site: the `Host` must be the base URL's host name,
//! one of `server.allowed_hosts`, or, while the base URL is a loopback one (a local install),
//! any loopback name. A page that rebinds its own DNS name to this machine then reaches
//! nothing: every route answers 400 to a foreign `Host`. Ports are not compared: a proxy may
//! publish the site on another port than the one it listens on.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};

use crate::error::AppError;
use crate::settings::Settings;

const LOOPBACK: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// The host names this site answers to.
#[derive(Debug, Clone)]
pub struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// The names of `settings`: the base URL's host, the extra allowed hosts, and the
    /// loopback names when the base URL is a loopback one.
    pub fn from_settings(settings: &Settings) -> Self {
        let base = settings.base_host();
        let mut names = vec![base.clone()];
        names.extend(settings.server.allowed_hosts.iter().map(|h| host_name(h)));
        if LOOPBACK.contains(&base.as_str()) {
            names.extend(LOOPBACK.iter().map(|name| (*name).to_owned()));
        }
        names.retain(|name| !name.is_empty());
        Self(names)
    }

    /// Whether a request whose `Host` header is `host` is for this site.
    pub fn allows(&self, host: &str) -> bool {
        let name = host_name(host);
        self.0.contains(&name)
    }
}

/// The host name of a `Host` value: lowercase, without its port or a final dot.
fn host_name(host: &str) -> String {
    let host = host.trim().to_lowercase();
    let name = match host.rsplit_once(':') {
        // `[::1]:8080` and `example.org:8080` lose their port; a bare `[::1]` keeps its colons.
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !name.ends_with(':') => {
            name.to_owned()
        }
        _ => host,
    };
    name.trim_end_matches('.').to_owned()
}

/// Middleware: 400 for a request whose `Host` is not one of this site's names.
pub async fn refuse_foreign_host(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or_default();
    let allowed = req
        .app_data::<web::Data<AllowedHosts>>()
        .is_some_and(|hosts| hosts.allows(host));
    if !allowed {
        let response = AppError::BadRequest("foreign host").error_response();
        return Ok(req.into_response(response).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(base_url: &str, extra: &[&str]) -> AllowedHosts {
        let mut settings = Settings::defaults().unwrap();
        settings.site.base_url = base_url.to_owned();
        settings.server.allowed_hosts = extra.iter().map(|h| (*h).to_owned()).collect();
        AllowedHosts::from_settings(&settings)
    }

    #[test]
    fn a_local_install_answers_to_every_loopback_name_on_any_port() {
        let local = hosts("http://127.0.0.1:8080", &[]);
        for host in [
            "127.0.0.1:8080",
            "127.0.0.1:41234",
            "localhost",
            "[::1]:8080",
            "LOCALHOST.",
        ] {
            assert!(local.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.2",
            "",
            "localhost.evil.example",
        ] {
            assert!(!local.allows(host), "{host}");
        }
    }

    #[test]
    fn a_public_site_answers_to_its_own_name_and_the_extra_ones_only() {
        let public = hosts("https://sillage.example", &["10.0.0.5"]);
        for host in ["sillage.example", "Sillage.Example:443", "10.0.0.5:8080"] {
            assert!(public.allows(host), "{host}");
        }
        for host in ["127.0.0.1:8080", "localhost", "www.sillage.example"] {
            assert!(!public.allows(host), "{host}");
        }
    }
}
