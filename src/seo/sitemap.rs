//! `GET /sitemap.xml` (the sitemaps.org protocol) and `GET /robots.txt`.

use std::io;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};
use chrono::{DateTime, SecondsFormat, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::seo::model::ArticleStamp;
use crate::settings::Settings;
use crate::taxonomy::model::{Series, Theme};

/// The sitemap protocol's namespace.
const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// One `<url>` of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    /// Last change, when known.
    pub lastmod: Option<DateTime<Utc>>,
}

/// The sitemap document of `urls`; quick-xml escapes every value.
pub fn sitemap_xml(urls: &[SitemapUrl]) -> io::Result<Vec<u8>> {
    let mut writer = Writer::new(Vec::new());
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("urlset")
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|w| {
            for url in urls {
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&url.loc))?;
                    if let Some(at) = url.lastmod {
                        let stamp = at.to_rfc3339_opts(SecondsFormat::Secs, true);
                        w.create_element("lastmod")
                            .write_text_content(BytesText::new(&stamp))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(writer.into_inner())
}

/// `GET /sitemap.xml`: the home page, every published article, every series and theme.
pub async fn show_sitemap(
    pool: web::Data<DbPool>,
    settings: web::Data<Settings>,
) -> AppResult<HttpResponse> {
    let base = &settings.site.base_url;
    let mut conn = pool.get().await?;
    let articles = ArticleStamp::all_published(&mut conn).await?;
    let series = Series::all(&mut conn).await?;
    let themes = Theme::all(&mut conn).await?;
    let at = |path: String| SitemapUrl {
        loc: format!("{base}{path}"),
        lastmod: None,
    };
    let home = SitemapUrl {
        lastmod: articles.iter().map(ArticleStamp::last_modified).max(),
        ..at("/".to_owned())
    };
    let urls: Vec<SitemapUrl> = std::iter::once(home)
        .chain(articles.iter().map(|a| SitemapUrl {
            lastmod: Some(a.last_modified()),
            ..at(format!("/articles/{}", a.slug))
        }))
        .chain(series.iter().map(|s| at(format!("/series/{}", s.slug))))
        .chain(themes.iter().map(|t| at(format!("/themes/{}", t.slug))))
        .collect();
    let xml = sitemap_xml(&urls)
        .map_err(|e| AppError::Unexpected(anyhow::Error::new(e).context("writing the sitemap")))?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/xml; charset=utf-8"),
        ))
        .body(xml))
}

/// `GET /robots.txt`: everything may be crawled but the admin, and the sitemap is announced.
pub async fn show_robots(settings: web::Data<Settings>) -> HttpResponse {
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /admin\n\nSitemap: {}/sitemap.xml\n",
        settings.site.base_url
    );
    HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        ))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_sitemap_escapes_its_values() {
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap();
        let xml = sitemap_xml(&[
            SitemapUrl {
                loc: "https://ex.org/?a=1&b=<2>".into(),
                lastmod: Some(at),
            },
            SitemapUrl {
                loc: "https://ex.org/series/x".into(),
                lastmod: None,
            },
        ])
        .unwrap();
        let xml = String::from_utf8(xml).unwrap();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(xml.contains("<loc>https://ex.org/?a=1&amp;b=&lt;2&gt;</loc>"));
        assert!(xml.contains("<lastmod>2026-11-02T09:30:00Z</lastmod>"));
        assert_eq!(xml.matches("<lastmod>").count(), 1);
    }
}
