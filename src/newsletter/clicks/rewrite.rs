//! A newsletter's links swapped for their redirects: the `href`s of its HTML body in order
//! (each address once, its position its index), then the same addresses where its text body
//! writes them. Pure text work, done once per send.

/// The body's `http(s)` links (unescaped), in order of first appearance, each once, and the
/// HTML with each `href` pointing to `redirect(index)`.
pub fn rewrite_html(html: &str, redirect: impl Fn(usize) -> String) -> (String, Vec<String>) {
    const HREF: &str = "href=\"";
    let mut links: Vec<String> = Vec::new();
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(HREF) {
        let (before, after) = rest.split_at(at + HREF.len());
        out.push_str(before);
        let Some(end) = after.find('"') else {
            rest = after;
            break;
        };
        let raw = &after[..end];
        let url = unescape(raw);
        if url.starts_with("https://") || url.starts_with("http://") {
            let index = links.iter().position(|l| *l == url).unwrap_or_else(|| {
                links.push(url);
                links.len() - 1
            });
            out.push_str(&redirect(index));
        } else {
            out.push_str(raw);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    (out, links)
}

/// The text body with each of `links` it writes replaced by `redirect(index)`; where several
/// start at the same place, the longest.
pub fn rewrite_text(text: &str, links: &[String], redirect: impl Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("http") {
        out.push_str(&rest[..at]);
        let here = &rest[at..];
        let found = links
            .iter()
            .enumerate()
            .filter(|(_, link)| here.starts_with(link.as_str()))
            .max_by_key(|(_, link)| link.len());
        match found {
            Some((index, link)) => {
                out.push_str(&redirect(index));
                rest = &here[link.len()..];
            }
            None => {
                out.push_str("http");
                rest = &here[4..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An attribute's value as written in HTML, its character references for `&`, `"`, `<`, `>`
/// and `'` turned back.
fn unescape(raw: &str) -> String {
    raw.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::{rewrite_html, rewrite_text};

    fn to(index: usize) -> String {
        format!("https://site.fr/n/{index}")
    }

    #[test]
    fn each_web_link_of_the_html_goes_through_its_redirect_once_numbered() {
        let html = r#"<p><a href="https://a.fr/x?b=1&amp;c=2">a</a> <a href="mailto:m@a.fr">m</a> <a href="https://b.fr">b</a> <a href="https://a.fr/x?b=1&amp;c=2">again</a></p>"#;
        let (out, links) = rewrite_html(html, to);
        assert_eq!(links, ["https://a.fr/x?b=1&c=2", "https://b.fr"]);
        assert_eq!(
            out,
            r#"<p><a href="https://site.fr/n/0">a</a> <a href="mailto:m@a.fr">m</a> <a href="https://site.fr/n/1">b</a> <a href="https://site.fr/n/0">again</a></p>"#
        );
    }

    #[test]
    fn the_text_body_uses_the_same_numbers_and_the_longest_link() {
        let links = vec!["https://a.fr".to_owned(), "https://a.fr/long".to_owned()];
        let text = "Lire https://a.fr/long et https://a.fr, pas https://c.fr.";
        assert_eq!(
            rewrite_text(text, &links, to),
            "Lire https://site.fr/n/1 et https://site.fr/n/0, pas https://c.fr."
        );
    }
}
