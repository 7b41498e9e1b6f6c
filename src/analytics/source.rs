//! Where a view came from, kept as a group or a bare domain, never a full address: a search
//! engine, a social network, a feed reader, a newsletter, another site, or nothing (typed,
//! bookmarked, or a link from a mail client or an app, which send no referrer).

use url::Url;

/// Longest campaign name kept from `utm_source` or `ref`.
const MAX_CAMPAIGN: usize = 60;

const SEARCH: [&str; 12] = [
    "google.",
    "bing.com",
    "duckduckgo.com",
    "qwant.com",
    "ecosia.org",
    "yahoo.",
    "yandex.",
    "startpage.com",
    "search.brave.com",
    "kagi.com",
    "baidu.com",
    "lilo.org",
];
const SOCIAL: [&str; 14] = [
    "facebook.com",
    "t.co",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "lnkd.in",
    "reddit.com",
    "bsky.app",
    "mastodon.",
    "threads.net",
    "instagram.com",
    "youtube.com",
    "news.ycombinator.com",
    "lemmy.",
];
const FEEDS: [&str; 6] = [
    "feedly.com",
    "inoreader.com",
    "newsblur.com",
    "theoldreader.com",
    "feedbin.com",
    "netvibes.com",
];
const MAIL: [&str; 4] = ["outlook.", "mail.yahoo.", "webmail.", "mail."];

/// The source of a view of the site at `own_host`, from its `Referer` and its query (`utm_source`
/// or `ref`, which name a campaign).
pub fn source_of(referer: Option<&str>, query: &str, own_host: &str) -> String {
    if let Some(campaign) = campaign(query) {
        return campaign;
    }
    let Some(host) = referer.and_then(|r| Url::parse(r).ok()).and_then(|u| {
        u.host_str()
            .map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
    }) else {
        return "direct".into();
    };
    if host == own_host.trim_start_matches("www.") {
        return "internal".into();
    }
    // `google.` stands for every country's domain of it; `t.co` for itself and its subdomains.
    let known = |name: &&str| match name.strip_suffix('.') {
        Some(_) => host.starts_with(name) || host.contains(&format!(".{name}")),
        None => host == *name || host.ends_with(&format!(".{name}")),
    };
    let group = |list: &[&str]| list.iter().any(known);
    let kind = if group(&MAIL) {
        "newsletter"
    } else if group(&SEARCH) {
        "search"
    } else if group(&SOCIAL) {
        "social"
    } else if group(&FEEDS) {
        "feeds"
    } else {
        return format!("site:{host}");
    };
    format!("{kind}:{host}")
}

/// `utm_source` or `ref` of the query, cleaned to letters, digits, dots and dashes.
fn campaign(query: &str) -> Option<String> {
    let value = url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "utm_source" || key == "ref")
        .map(|(_, value)| value.into_owned())?;
    let clean: String = value
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(MAX_CAMPAIGN)
        .collect::<String>()
        .to_lowercase();
    if clean.is_empty() {
        return None;
    }
    let kind = if clean.contains("newsletter") || clean.contains("mail") {
        "newsletter"
    } else {
        "campaign"
    };
    Some(format!("{kind}:{clean}"))
}

/// The group of a stored source: `search`, `social`, `feeds`, `newsletter`, `campaign`,
/// `site`, `direct` or `internal`.
pub fn group_of(source: &str) -> &str {
    source.split(':').next().unwrap_or(source)
}

#[cfg(test)]
mod tests {
    use super::source_of;

    #[test]
    fn referrers_are_grouped_and_kept_as_their_domain() {
        let own = "blog.example.org";
        let cases = [
            (
                Some("https://www.google.fr/search?q=lfp"),
                "",
                "search:google.fr",
            ),
            (Some("https://duckduckgo.com/"), "", "search:duckduckgo.com"),
            (Some("https://t.co/abc"), "", "social:t.co"),
            (
                Some("https://mastodon.social/@claire/1"),
                "",
                "social:mastodon.social",
            ),
            (
                Some("https://feedly.com/i/subscription"),
                "",
                "feeds:feedly.com",
            ),
            (
                Some("https://mail.google.com/mail/u/0/"),
                "",
                "newsletter:mail.google.com",
            ),
            (
                Some("https://autoplus.fr/dossier?id=3"),
                "",
                "site:autoplus.fr",
            ),
            (Some("https://blog.example.org/articles/x"), "", "internal"),
            (None, "", "direct"),
            (Some("pas une adresse"), "", "direct"),
            (
                Some("https://t.co/abc"),
                "utm_source=Newsletter_Dec",
                "newsletter:newsletter_dec",
            ),
            (None, "ref=<script>Salon", "campaign:scriptsalon"),
        ];
        for (referer, query, expected) in cases {
            assert_eq!(
                source_of(referer, query, own),
                expected,
                "{referer:?} {query}"
            );
        }
    }
}
