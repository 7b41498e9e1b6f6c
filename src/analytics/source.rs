//! Where a view came from, kept as a group or a bare domain, never a full address: a search
//! engine, a social network, a feed reader, a newsletter, another site, or nothing (typed,
//! bookmarked, or a link from a mail client or an app, which send no referrer).

use std::borrow::Cow;

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
/// or `ref`, which name a campaign). A view with neither, the most common, costs no allocation.
pub fn source_of(referer: Option<&str>, query: &str, own_host: &str) -> Cow<'static, str> {
    if !query.is_empty()
        && let Some(campaign) = campaign(query)
    {
        return campaign.into();
    }
    let Some(host) = referer.and_then(host_of) else {
        return "direct".into();
    };
    let host = trim_www(host);
    if host.eq_ignore_ascii_case(trim_www(own_host)) {
        return "internal".into();
    }
    let host = host.to_ascii_lowercase();
    let group = |list: &[&str]| list.iter().any(|name| is_of(&host, name));
    let kind = if group(&MAIL) {
        "newsletter"
    } else if group(&SEARCH) {
        "search"
    } else if group(&SOCIAL) {
        "social"
    } else if group(&FEEDS) {
        "feeds"
    } else {
        return format!("site:{host}").into();
    };
    format!("{kind}:{host}").into()
}

/// The host a referrer names: what follows its scheme's `//`, without a user, a port, a path, a
/// query or a fragment. Browsers send a referrer as an ASCII URL (an international name in its
/// `xn--` form), so a host of other characters is no referrer at all. Found by hand rather
/// than by parsing the whole URL: a view names its referrer on every page, and only the host
/// of it is kept.
fn host_of(referer: &str) -> Option<&str> {
    let (scheme, rest) = referer.split_once("://")?;
    let scheme_ok = scheme
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return None;
    }
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
    let server = authority.rsplit_once('@').map_or(authority, |(_, s)| s);
    let host = match server.strip_prefix('[') {
        Some(v6) => {
            let end = v6.find(']')?;
            let inside = &v6[..end];
            let ok = !inside.is_empty()
                && inside
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'));
            ok.then(|| &server[..end + 2])?
        }
        None => {
            let name = server.split(':').next().unwrap_or_default();
            let ok = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
            ok.then_some(name)?
        }
    };
    Some(host)
}

/// `host` without its leading `www.`.
fn trim_www(host: &str) -> &str {
    match host.get(..4) {
        Some(www) if www.eq_ignore_ascii_case("www.") => &host[4..],
        _ => host,
    }
}

/// Whether `host` is one of `name`'s: `google.` stands for every country's domain of it (and
/// their subdomains), `t.co` for itself and its subdomains.
fn is_of(host: &str, name: &str) -> bool {
    let below = |at: usize| host[..at].ends_with('.');
    match name.ends_with('.') {
        true => {
            host.starts_with(name) || host.match_indices(name).any(|(at, _)| at > 0 && below(at))
        }
        false => {
            host == name
                || host
                    .strip_suffix(name)
                    .is_some_and(|rest| rest.ends_with('.'))
        }
    }
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
            (
                Some("https://news.google.com/read/x"),
                "",
                "search:news.google.com",
            ),
            (Some("https://fox.com/x"), "", "site:fox.com"),
            (Some("https://notgoogle.com/"), "", "site:notgoogle.com"),
            (Some("https://x.com.evil.org/"), "", "site:x.com.evil.org"),
            (Some("https://m.facebook.com/"), "", "social:m.facebook.com"),
            (Some("https://blog.example.org/articles/x"), "", "internal"),
            (Some("https://WWW.Blog.Example.org/"), "", "internal"),
            (
                Some("https://user:pw@Autoplus.FR:8443/x?y#z"),
                "",
                "site:autoplus.fr",
            ),
            (Some("http://[2001:db8::1]:8080/"), "", "site:[2001:db8::1]"),
            (
                Some("android-app://org.joinmastodon.android/"),
                "",
                "site:org.joinmastodon.android",
            ),
            (Some("https://exa mple.org/"), "", "direct"),
            (Some("https:///nohost"), "", "direct"),
            (Some("https://[zz]/"), "", "direct"),
            (Some("javascript:alert(1)"), "", "direct"),
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
