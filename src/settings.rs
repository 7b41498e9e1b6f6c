//! Layered configuration: compiled-in defaults, then `config/<profile>.toml` and
//! `config/local.toml` from the working directory, then `SILLAGE_<SECTION>__<KEY>` variables
//! and `DATABASE_URL`. Everything is checked here, so that a value that exists is valid.

use std::net::IpAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono_tz::Tz;
use ipnet::IpNet;
use serde::Deserialize;

use crate::domain::network::parse_network;
use crate::i18n::Locale;

/// The defaults, compiled in so that the binary runs from any directory.
const DEFAULTS: &str = include_str!("../config/default.toml");

/// Every setting of a Sillage process.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// Where the private PostgreSQL cluster and other local files live.
    pub data_dir: PathBuf,
    /// The HTTP server.
    pub server: ServerSettings,
    /// What the site says about itself.
    pub site: SiteSettings,
    /// The PostgreSQL server to use.
    pub database: DatabaseSettings,
    /// Sessions and anti-abuse limits.
    pub security: SecuritySettings,
    /// How email leaves.
    pub mail: MailSettings,
    /// The SMTP server of the `smtp` transport.
    pub smtp: SmtpSettings,
    /// Newsletter signups.
    pub newsletter: NewsletterSettings,
    /// Comment moderation and anti-spam.
    pub comments: CommentSettings,
    /// The background worker.
    pub worker: WorkerSettings,
    /// Uploaded images.
    pub images: ImageSettings,
    /// Private audience counts.
    pub analytics: AnalyticsSettings,
    /// The rendered-page cache.
    pub cache: CacheSettings,
    /// The WordPress import of the admin panel.
    pub import: ImportSettings,
}

/// The WordPress import of the admin panel (`/admin/import`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSettings {
    /// Largest body of the import form (the export, the dump and the uploads' zip), in bytes.
    pub upload_limit_bytes: usize,
    /// The most bytes the uploads' zip may unpack to.
    pub max_unzipped_bytes: u64,
}

/// The rendered-page cache of the public pages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSettings {
    /// Whether public pages are served from memory.
    pub enabled: bool,
    /// The most bytes the cached pages (all their variants) take.
    pub max_bytes: u64,
}

/// Private audience counts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyticsSettings {
    /// Whether page views are counted.
    pub enabled: bool,
    /// Seconds between two writes of the counts gathered in memory.
    pub flush_seconds: u64,
    /// Whether a newsletter's links go through counted redirects (`/n/{token}`).
    pub newsletter_clicks: bool,
    /// Where a view is counted: as the server answers the page, or from the page's beacon.
    pub mode: CountingMode,
}

/// Where page views are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CountingMode {
    /// As the server answers the page (no JavaScript needed).
    Server,
    /// From the page's script (`POST /a` by `navigator.sendBeacon`), for a site whose pages a
    /// caching CDN serves without asking the server.
    Beacon,
}

/// Uploaded images.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSettings {
    /// The most pixels an uploaded image may declare (its decoded size is four bytes a pixel).
    pub max_pixels: u64,
}

/// Comment moderation and anti-spam limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentSettings {
    /// More links than this send a comment to moderation.
    pub max_links: usize,
    /// Words that send a comment to moderation.
    pub moderation_words: Vec<String>,
    /// Words that refuse a comment.
    pub block_words: Vec<String>,
    /// Comments accepted from one address range per 10 minutes.
    pub per_network_per_10_minutes: i64,
    /// Least time between showing the form and receiving it, in seconds.
    pub min_form_seconds: i64,
    /// How often an open article page asks for the comment count, in seconds.
    pub live_poll_seconds: u64,
    /// Top-level threads per page of comments (keyset pages).
    pub threads_per_page: i64,
    /// Mail the author about each comment that waits (`each`), once an hour (`hourly`) or not
    /// (`none`).
    pub notify_author: AuthorNotice,
    /// Comment notifications to one reader about one article within this many seconds go in
    /// one email.
    pub notify_window_seconds: i64,
}

/// Whether the author hears of comments that wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthorNotice {
    /// One email per comment that waits.
    Each,
    /// One digest an hour listing the comments that wait, none when nothing waits.
    Hourly,
    /// No email: the inbox tells.
    None,
}

/// The mail transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    /// Through the SMTP server.
    Smtp,
    /// Into `.eml` files under the data directory.
    File,
}

/// Transport security of the SMTP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text (a relay on the same machine).
    None,
    /// Upgrade with STARTTLS.
    Starttls,
    /// TLS from the first byte.
    Tls,
}

/// A secret that never prints.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How email leaves.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// `smtp` or `file`.
    pub transport: MailTransport,
    /// The sender, `Name <address>`.
    pub from: String,
}

/// The SMTP server.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// `none`, `starttls` or `tls`.
    pub tls: SmtpTls,
    /// Login, empty for none.
    pub username: String,
    /// Password.
    pub password: Secret,
    /// Messages per second at most.
    pub rate: u32,
    /// Connections kept open.
    pub connections: u32,
    /// Network timeout, in seconds.
    pub timeout_seconds: u64,
}

/// Newsletter signups and their anti-abuse limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsletterSettings {
    /// The consent text recorded with each subscription.
    pub consent_text: String,
    /// How long a confirmation link lasts, in hours.
    pub confirm_token_hours: i64,
    /// Least time between two confirmations to one pending address, in minutes.
    pub confirm_min_interval_minutes: i64,
    /// Most confirmations to one address a day.
    pub confirm_max_per_day: i64,
    /// Signups accepted from one address range per hour.
    pub signups_per_network_per_hour: i64,
    /// Least time between showing the form and receiving it, in seconds.
    pub min_form_seconds: i64,
    /// Permanent refusals (5xx) after which an address receives no more newsletters.
    pub max_hard_bounces: i32,
}

/// Where and how the web server listens.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address to bind.
    pub host: String,
    /// Port to bind; 0 picks a free one.
    pub port: u16,
    /// Reverse proxies whose `X-Forwarded-For` header is believed.
    #[serde(deserialize_with = "deserialize_networks")]
    pub trusted_proxies: Vec<IpNet>,
    /// Largest url-encoded form body, in bytes.
    pub form_limit_bytes: usize,
    /// Largest multipart body (article form with its image), in bytes.
    pub upload_limit_bytes: usize,
    /// Host names answered besides the base URL's (an internal name a health check uses).
    pub allowed_hosts: Vec<String>,
}

/// The public face of the site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// The site's name, shown in the header and titles.
    pub title: String,
    /// One line under the name.
    pub tagline: String,
    /// Absolute base URL of the site, without a trailing slash.
    pub base_url: String,
    /// The language of the interface.
    pub locale: Locale,
    /// The author's time zone: dates are shown and typed in it.
    #[serde(deserialize_with = "deserialize_timezone")]
    pub timezone: Tz,
    /// Articles on one page of the home page.
    pub articles_per_page: i64,
    /// Load the demo content into an empty database at start.
    pub demo_on_empty: bool,
}

/// How to reach PostgreSQL.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// Connection URL; empty runs the private cluster.
    pub url: String,
    /// Connections kept by the pool.
    pub pool_size: usize,
    /// How long to wait for a connection, in seconds.
    pub connect_timeout_seconds: u64,
}

/// Session lifetimes and login throttling.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecuritySettings {
    /// A session unused for this long ends.
    pub session_idle_minutes: i64,
    /// A session ends this long after login whatever its use.
    pub session_absolute_hours: i64,
    /// The window over which failed logins are counted.
    pub login_window_minutes: i64,
    /// Failed logins for one account within the window before it is held back.
    pub login_max_failures_per_account: i64,
    /// Failed logins from one address range within the window before it is held back.
    pub login_max_failures_per_network: i64,
    /// New ratings of one article accepted from one address range per day (changes are free).
    pub rating_new_votes_per_network_per_day: i64,
    /// How long the signed time stamp of a public form (and of the setup form) stays valid.
    pub form_stamp_minutes: i64,
}

/// The background worker's pace, and whether `sillage serve` runs one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerSettings {
    /// Longest sleep between two looks at the schedule, in seconds.
    pub poll_interval_seconds: u64,
    /// Whether the web server runs the worker in its own process (`false`: workers run apart,
    /// as `sillage worker`).
    pub embedded: bool,
    /// How long a claimed job stays reserved for its worker without a renewal, in seconds; a
    /// running job's lease is renewed every third of it, so only a stopped worker's job expires.
    pub job_lease_seconds: u64,
}

impl WorkerSettings {
    /// The lease of a claimed job.
    pub fn job_lease(&self) -> chrono::Duration {
        chrono::Duration::seconds(i64::try_from(self.job_lease_seconds).unwrap_or(i64::MAX))
    }
}

impl Settings {
    /// Reads the settings of `profile` (`SILLAGE_PROFILE`, `development` when unset).
    pub fn load() -> anyhow::Result<Self> {
        let profile = std::env::var("SILLAGE_PROFILE").unwrap_or_else(|_| "development".into());
        let raw = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .add_source(config::File::with_name(&format!("config/{profile}")).required(false))
            .add_source(config::File::with_name("config/local").required(false))
            .add_source(
                config::Environment::with_prefix("SILLAGE")
                    .prefix_separator("_")
                    .separator("__")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("server.trusted_proxies")
                    .with_list_parse_key("server.allowed_hosts")
                    .with_list_parse_key("comments.moderation_words")
                    .with_list_parse_key("comments.block_words"),
            )
            .build()
            .context("invalid configuration")?;
        let mut settings: Settings = raw.try_deserialize().context("invalid configuration")?;
        if settings.database.url.is_empty()
            && let Ok(url) = std::env::var("DATABASE_URL")
        {
            settings.database.url = url;
        }
        settings.validate()?;
        Ok(settings)
    }

    /// The compiled-in defaults alone, checked (tests start from these and change a copy).
    pub fn defaults() -> anyhow::Result<Self> {
        let mut settings: Settings = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .build()
            .and_then(config::Config::try_deserialize)
            .context("invalid default configuration")?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks what serde cannot: ranges, URLs and paths.
    pub fn validate(&mut self) -> anyhow::Result<()> {
        let base = self.site.base_url.trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) || base.len() < 10 {
            bail!(
                "invalid configuration: site.base_url must be an absolute http(s) URL, got `{}`",
                self.site.base_url
            );
        }
        self.site.base_url = base;
        if !(1..=100).contains(&self.site.articles_per_page) {
            bail!("invalid configuration: site.articles_per_page must be between 1 and 100");
        }
        if !(1..=500).contains(&self.comments.threads_per_page) {
            bail!("invalid configuration: comments.threads_per_page must be between 1 and 500");
        }
        if self.database.pool_size == 0 {
            bail!("invalid configuration: database.pool_size must be at least 1");
        }
        if self.server.host.parse::<IpAddr>().is_err() && self.server.host != "localhost" {
            bail!(
                "invalid configuration: server.host must be an IP address, got `{}`",
                self.server.host
            );
        }
        let positive = [
            (
                "security.session_idle_minutes",
                self.security.session_idle_minutes,
            ),
            (
                "security.session_absolute_hours",
                self.security.session_absolute_hours,
            ),
            (
                "security.login_window_minutes",
                self.security.login_window_minutes,
            ),
            (
                "security.login_max_failures_per_account",
                self.security.login_max_failures_per_account,
            ),
            (
                "security.login_max_failures_per_network",
                self.security.login_max_failures_per_network,
            ),
            (
                "security.rating_new_votes_per_network_per_day",
                self.security.rating_new_votes_per_network_per_day,
            ),
            (
                "security.form_stamp_minutes",
                self.security.form_stamp_minutes,
            ),
        ];
        if let Some((key, _)) = positive.iter().find(|(_, value)| *value <= 0) {
            bail!("invalid configuration: {key} must be a positive number");
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            bail!(
                "invalid configuration: mail.from must be an address such as `Name <me@example.org>`, got `{}`",
                self.mail.from
            );
        }
        if self.smtp.rate == 0 || self.smtp.connections == 0 {
            bail!("invalid configuration: smtp.rate and smtp.connections must be at least 1");
        }
        if self.import.upload_limit_bytes == 0 || self.import.max_unzipped_bytes == 0 {
            bail!(
                "invalid configuration: import.upload_limit_bytes and import.max_unzipped_bytes must be at least 1"
            );
        }
        let newsletter = [
            (
                "newsletter.confirm_token_hours",
                self.newsletter.confirm_token_hours,
            ),
            (
                "newsletter.confirm_max_per_day",
                self.newsletter.confirm_max_per_day,
            ),
            (
                "newsletter.signups_per_network_per_hour",
                self.newsletter.signups_per_network_per_hour,
            ),
        ];
        if let Some((key, _)) = newsletter.iter().find(|(_, value)| *value <= 0) {
            bail!("invalid configuration: {key} must be a positive number");
        }
        if self.newsletter.max_hard_bounces <= 0 {
            bail!("invalid configuration: newsletter.max_hard_bounces must be a positive number");
        }
        if !(0..=86_400).contains(&self.comments.notify_window_seconds) {
            bail!("invalid configuration: comments.notify_window_seconds must be 0 to 86400");
        }
        if self.cache.enabled && self.cache.max_bytes == 0 {
            bail!("invalid configuration: cache.max_bytes must be at least 1");
        }
        if self.analytics.flush_seconds == 0 {
            bail!("invalid configuration: analytics.flush_seconds must be at least 1");
        }
        if self.images.max_pixels == 0 {
            bail!("invalid configuration: images.max_pixels must be at least 1");
        }
        if self.worker.poll_interval_seconds == 0 {
            bail!("invalid configuration: worker.poll_interval_seconds must be at least 1");
        }
        if self.worker.job_lease_seconds < 3 || self.worker.job_lease_seconds > 86_400 {
            bail!("invalid configuration: worker.job_lease_seconds must be between 3 and 86400");
        }
        Ok(())
    }

    /// The address the web server binds.
    pub fn bind_address(&self) -> String {
        format!("{}:{}", self.server.host, self.server.port)
    }

    /// How long a form's signed time stamp stays valid.
    pub fn form_stamp_life(&self) -> chrono::Duration {
        chrono::Duration::minutes(self.security.form_stamp_minutes)
    }

    /// The base URL's host name, lowercase (empty if it has none).
    pub fn base_host(&self) -> String {
        url::Url::parse(&self.site.base_url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_lowercase))
            .unwrap_or_default()
    }

    /// Whether the site is served over https (then cookies are `Secure` and `__Host-`).
    pub fn is_https(&self) -> bool {
        self.site.base_url.starts_with("https://")
    }

    /// Whether `ip` belongs to one of the configured trusted proxies.
    pub fn is_trusted_proxy(&self, ip: IpAddr) -> bool {
        self.server
            .trusted_proxies
            .iter()
            .any(|net| net.contains(&ip))
    }
}

fn deserialize_networks<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Vec<IpNet>, D::Error> {
    let raw = Vec::<String>::deserialize(de)?;
    raw.iter()
        .map(|item| item.trim())
        .filter(|item| !item.is_empty())
        .map(|item| {
            parse_network(item).ok_or_else(|| {
                serde::de::Error::custom(format!("`{item}` is neither an IP address nor a CIDR"))
            })
        })
        .collect()
}

fn deserialize_timezone<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Tz, D::Error> {
    let raw = String::deserialize(de)?;
    raw.parse::<Tz>().map_err(|_| {
        serde::de::Error::custom(format!(
            "`{raw}` is not an IANA time zone such as Europe/Paris"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Settings {
        Settings::defaults().unwrap()
    }

    #[test]
    fn the_compiled_defaults_are_valid() {
        let mut settings = defaults();
        assert!(settings.validate().is_ok());
        assert_eq!(settings.bind_address(), "127.0.0.1:8080");
        assert!(!settings.is_https());
    }

    #[test]
    fn an_import_without_room_is_refused_with_its_key() {
        let mut settings = defaults();
        settings.import.max_unzipped_bytes = 0;
        let error = settings.validate().unwrap_err().to_string();
        assert!(error.contains("import.max_unzipped_bytes"), "{error}");
    }

    #[test]
    fn a_job_lease_too_short_to_renew_is_refused_with_its_key() {
        let mut settings = defaults();
        assert_eq!(settings.worker.job_lease(), chrono::Duration::minutes(5));
        settings.worker.job_lease_seconds = 2;
        let error = settings.validate().unwrap_err().to_string();
        assert!(error.contains("worker.job_lease_seconds"), "{error}");
    }

    #[test]
    fn a_relative_base_url_is_refused_with_its_key() {
        let mut settings = defaults();
        settings.site.base_url = "example.org".into();
        let error = settings.validate().unwrap_err().to_string();
        assert!(error.contains("site.base_url"), "{error}");
    }

    #[test]
    fn a_bad_timezone_names_its_key() {
        let error = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .set_override("site.timezone", "Mars/Olympus")
            .and_then(|b| b.build())
            .and_then(|raw| raw.try_deserialize::<Settings>())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("site.timezone") && error.contains("Mars/Olympus"),
            "{error}"
        );
    }

    #[test]
    fn trusted_proxies_accept_addresses_and_cidrs() {
        let settings = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .set_override("server.trusted_proxies", vec!["10.0.0.1", "192.168.0.0/16"])
            .and_then(|b| b.build())
            .and_then(|raw| raw.try_deserialize::<Settings>())
            .map_err(|e| e.to_string());
        let settings = settings.unwrap();
        assert!(settings.is_trusted_proxy("10.0.0.1".parse().unwrap()));
        assert!(settings.is_trusted_proxy("192.168.4.2".parse().unwrap()));
        assert!(!settings.is_trusted_proxy("10.0.0.2".parse().unwrap()));
    }
}
