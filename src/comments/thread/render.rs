//! Markdown-lite for comments: paragraphs, emphasis, links, quotes, code and lists, nothing
//! else; links get `rel="nofollow ugc noopener"`. Raw HTML is shown as text.

use pulldown_cmark::{Event, Options, Parser, html};

/// Renders a comment body to safe HTML.
pub fn render(markdown: &str) -> String {
    let events =
        Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
            // Typed HTML is kept as text, not dropped: the reader sees what they wrote.
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            other => other,
        });
    let mut raw = String::new();
    html::push_html(&mut raw, events);
    ammonia::Builder::default()
        .tags(
            [
                "p",
                "br",
                "em",
                "strong",
                "del",
                "a",
                "blockquote",
                "code",
                "pre",
                "ul",
                "ol",
                "li",
            ]
            .into(),
        )
        .link_rel(Some("nofollow ugc noopener"))
        .url_schemes(["http", "https", "mailto"].into())
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn scripts_handlers_and_javascript_links_are_inert() {
        let html = render(
            "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(
            !html.contains("<script")
                && !html.contains("href=\"javascript")
                && !html.contains("<img"),
            "{html}"
        );
        let link = render("[x](javascript:alert(1)) and <b onmouseover=alert(1)>b</b>");
        assert!(
            !link.contains("href=\"javascript") && !link.contains("<b "),
            "{link}"
        );
        assert!(
            html.contains("&lt;script&gt;"),
            "typed HTML stays visible as text: {html}"
        );
    }

    #[test]
    fn links_are_nofollow_ugc() {
        let html = render("Voir [le rapport](https://example.org/r.pdf) et *surtout* `le code`.");
        assert!(
            html.contains(r#"<a href="https://example.org/r.pdf" rel="nofollow ugc noopener">"#),
            "{html}"
        );
        assert!(html.contains("<em>surtout</em>") && html.contains("<code>le code</code>"));
    }

    #[test]
    fn headings_and_images_are_not_allowed() {
        let html = render("# Titre\n\n![x](https://example.org/x.png)");
        assert!(!html.contains("<h1") && !html.contains("<img"), "{html}");
    }
}
