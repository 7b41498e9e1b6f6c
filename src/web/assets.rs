//! The stylesheet and scripts, compiled into the binary and served under a content hash so
//! browsers may keep them forever.

use actix_web::http::header::{self, CacheControl, CacheDirective, ContentType};
use actix_web::{HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};

/// One static file.
#[derive(Debug)]
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    version: String,
}

/// The static files and their versioned URLs.
#[derive(Debug)]
pub struct Assets {
    files: Vec<Asset>,
}

impl Assets {
    /// Loads the compiled-in files and hashes them.
    pub fn load() -> Self {
        let files = [
            (
                "style.css",
                "text/css; charset=utf-8",
                include_bytes!("../../static/style.css").as_slice(),
            ),
            (
                "site.js",
                "text/javascript; charset=utf-8",
                include_bytes!("../../static/site.js").as_slice(),
            ),
            (
                "rating.js",
                "text/javascript; charset=utf-8",
                include_bytes!("../../static/rating.js").as_slice(),
            ),
            (
                "bubble.js",
                "text/javascript; charset=utf-8",
                include_bytes!("../../static/bubble.js").as_slice(),
            ),
            (
                "comments.js",
                "text/javascript; charset=utf-8",
                include_bytes!("../../static/comments.js").as_slice(),
            ),
            (
                "admin.js",
                "text/javascript; charset=utf-8",
                include_bytes!("../../static/admin.js").as_slice(),
            ),
            (
                "media.js",
                "text/javascript; charset=utf-8",
                include_bytes!("../../static/media.js").as_slice(),
            ),
            (
                "favicon.svg",
                "image/svg+xml",
                include_bytes!("../../static/favicon.svg").as_slice(),
            ),
        ]
        .into_iter()
        .map(|(name, content_type, body)| Asset {
            name,
            content_type,
            body,
            version: hex_prefix(&Sha256::digest(body)),
        })
        .collect();
        Self { files }
    }

    /// The versioned URL of `name`, e.g. `/static/3f2a…/style.css`.
    pub fn url(&self, name: &str) -> String {
        self.files
            .iter()
            .find(|asset| asset.name == name)
            .map(|asset| format!("/static/{}/{}", asset.version, asset.name))
            .unwrap_or_else(|| format!("/static/missing/{name}"))
    }
}

fn hex_prefix(digest: &[u8]) -> String {
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// `GET /static/{version}/{name}`: immutable when the version matches, revalidated otherwise.
pub async fn serve_asset(
    assets: web::Data<Assets>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (version, name) = path.into_inner();
    let asset = assets
        .files
        .iter()
        .find(|asset| asset.name == name)
        .ok_or(AppError::NotFound)?;
    let cache = if asset.version == version {
        vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(31_536_000),
            CacheDirective::Extension("immutable".into(), None),
        ]
    } else {
        vec![CacheDirective::NoCache]
    };
    Ok(HttpResponse::Ok()
        .insert_header(ContentType(asset.content_type.parse().map_err(|_| {
            AppError::Unexpected(anyhow::anyhow!("bad content type of {name}"))
        })?))
        .insert_header(CacheControl(cache))
        .insert_header((header::ETAG, format!("\"{}\"", asset.version)))
        .body(asset.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_the_pages_link_is_served_under_its_hash() {
        let assets = Assets::load();
        for name in [
            "style.css",
            "site.js",
            "rating.js",
            "bubble.js",
            "comments.js",
            "admin.js",
            "favicon.svg",
        ] {
            let url = assets.url(name);
            assert!(!url.contains("missing"), "{name} is not compiled in");
            assert!(
                url.ends_with(name) && url.len() == "/static/".len() + 12 + 1 + name.len(),
                "{url}"
            );
        }
    }
}
