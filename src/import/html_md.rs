//! HTML (as WordPress stores it once paragraphs are added) to the Markdown Sillage stores:
//! headings, paragraphs, emphasis, links, lists, quotes, tables, code, figures with captions
//! (`![alt](src "caption")`) and callout boxes (`> [!NOTE]`). A walk over html5ever's tree
//! (through `scraper`, already the test suite's HTML parser); anything else keeps its text.

use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::import::md_blocks;

/// Converts an HTML fragment to Markdown.
pub fn to_markdown(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut out = Vec::new();
    blocks(*fragment.root_element(), &mut out);
    out.join("\n\n")
}

/// The tag name of an element node.
pub(crate) fn element_name(node: NodeRef<'_, Node>) -> Option<&str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

/// An attribute of an element node.
pub(crate) fn attr<'a>(node: NodeRef<'a, Node>, name: &str) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => e.attr(name),
        _ => None,
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "table"
            | "pre"
            | "hr"
            | "div"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "main"
            | "details"
            | "dl"
    )
}

fn is_callout(node: NodeRef<'_, Node>) -> bool {
    attr(node, "class").is_some_and(|class| {
        ["callout", "notice", "alert", "has-background", "encadre"]
            .iter()
            .any(|k| class.contains(k))
    })
}

/// Appends the blocks of `node`'s children; runs of inline content become paragraphs.
pub(crate) fn blocks(node: NodeRef<'_, Node>, out: &mut Vec<String>) {
    let mut inline = String::new();
    for child in node.children() {
        match element_name(child) {
            Some(name) if is_block(name) => {
                flush(&mut inline, out);
                block(child, name, out);
            }
            _ => inline_into(child, &mut inline),
        }
    }
    flush(&mut inline, out);
}

fn flush(inline: &mut String, out: &mut Vec<String>) {
    let lines: Vec<String> = inline
        .split('\n')
        .map(|line| line.trim().to_owned())
        .collect();
    let text = lines.join("\n");
    let text = text.trim_matches(|c: char| c == '\n' || c == '\\' || c == ' ');
    if !text.is_empty() {
        out.push(guard_line_start(text));
    }
    inline.clear();
}

/// Text that would start a heading, quote or list is escaped so it stays a paragraph.
fn guard_line_start(text: &str) -> String {
    let starts_like_list = text.split_once(['.', ')']).is_some_and(|(n, rest)| {
        !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && rest.starts_with(' ')
    });
    if starts_like_list || text.starts_with(['#', '>', '-', '+', '=']) {
        format!("\\{text}")
    } else {
        text.to_owned()
    }
}

fn block(node: NodeRef<'_, Node>, name: &str, out: &mut Vec<String>) {
    match name {
        "p" | "figcaption" | "dl" => blocks(node, out),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = name[1..].parse::<usize>().unwrap_or(2);
            let text = inline_of(node).replace('\n', " ");
            if !text.trim().is_empty() {
                out.push(format!("{} {}", "#".repeat(level), text.trim()));
            }
        }
        "ul" | "ol" => {
            let list = md_blocks::list(node, name == "ol");
            if !list.is_empty() {
                out.push(list);
            }
        }
        "blockquote" => md_blocks::quote(node, is_callout(node), out),
        "figure" => md_blocks::figure(node, out),
        "table" => {
            let table = md_blocks::table(node);
            if !table.is_empty() {
                out.push(table);
            }
        }
        "pre" => {
            let code: String = scraper::ElementRef::wrap(node)
                .map(|e| e.text().collect())
                .unwrap_or_default();
            let fence = if code.contains("```") { "~~~" } else { "```" };
            out.push(format!("{fence}\n{}\n{fence}", code.trim_end()));
        }
        "hr" => out.push("---".into()),
        _ if is_callout(node) => md_blocks::quote(node, true, out),
        _ => blocks(node, out),
    }
}

/// The inline Markdown of the children of `node`.
pub(crate) fn inline_of(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for child in node.children() {
        inline_into(child, &mut out);
    }
    out
}

fn inline_into(node: NodeRef<'_, Node>, out: &mut String) {
    match node.value() {
        Node::Text(text) => out.push_str(&escape(&collapse(text))),
        Node::Element(e) => match e.name() {
            "strong" | "b" => wrap(out, &inline_of(node), "**"),
            "em" | "i" => wrap(out, &inline_of(node), "*"),
            "del" | "s" | "strike" => wrap(out, &inline_of(node), "~~"),
            "code" | "kbd" => {
                let text: String = scraper::ElementRef::wrap(node)
                    .map(|e| e.text().collect())
                    .unwrap_or_default();
                let tick = if text.contains('`') { "`` " } else { "`" };
                let end = if text.contains('`') { " ``" } else { "`" };
                out.push_str(&format!("{tick}{text}{end}"));
            }
            "a" => {
                let text = inline_of(node);
                match e.attr("href").filter(|h| !h.trim().is_empty()) {
                    Some(href) if !text.trim().is_empty() => {
                        out.push_str(&format!("[{}](<{}>)", text.trim(), href.trim()));
                    }
                    _ => out.push_str(&text),
                }
            }
            "img" => out.push_str(&md_blocks::image(node, "")),
            "br" => out.push_str("\\\n"),
            "script" | "style" | "noscript" | "iframe" => {}
            name if is_block(name) || name == "li" => {
                let mut parts = Vec::new();
                blocks(node, &mut parts);
                out.push_str(&parts.join(" "));
            }
            _ => out.push_str(&inline_of(node)),
        },
        _ => {}
    }
}

/// Emphasis markers go around the words, the spaces outside: `** x **` is not emphasis.
fn wrap(out: &mut String, inner: &str, marker: &str) {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        out.push_str(inner);
        return;
    }
    if inner.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push_str(marker);
    out.push_str(trimmed);
    out.push_str(marker);
    if inner.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Escapes what Markdown would read as syntax in running text.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn paragraphs_emphasis_and_links() {
        assert_eq!(
            to_markdown(
                "<p>Un <strong>gros </strong>mot et <a href=\"https://ex.org/a_b\">un lien</a>.</p><p>Deux<br>lignes</p>"
            ),
            "Un **gros** mot et [un lien](<https://ex.org/a_b>).\n\nDeux\\\nlignes"
        );
    }

    #[test]
    fn headings_lists_and_quotes() {
        let md = to_markdown(
            "<h2>Titre</h2><ul><li>un<ul><li>sous</li></ul></li><li>deux</li></ul><ol start=\"3\"><li>trois</li></ol><blockquote><p>Cité</p><cite>Quelqu’un</cite></blockquote>",
        );
        assert_eq!(
            md,
            "## Titre\n\n- un\n  - sous\n- deux\n\n3. trois\n\n> Cité\n>\n> Quelqu’un"
        );
    }

    #[test]
    fn figures_tables_and_callouts() {
        let md = to_markdown(
            "<figure class=\"wp-block-image\"><img src=\"/a.jpg\" alt=\"Une Zoé\"/><figcaption>La \"Zoé\"</figcaption></figure>\
             <figure class=\"wp-block-table\"><table><thead><tr><th>Marque</th><th>Part</th></tr></thead><tbody><tr><td>A | B</td><td>12 %</td></tr></tbody></table></figure>\
             <div class=\"wp-block-group has-background\"><p>📌 <strong>À retenir</strong></p><ul><li>un</li></ul></div>",
        );
        assert_eq!(
            md,
            "![Une Zoé](</a.jpg> \"La \\\"Zoé\\\"\")\n\n| Marque | Part |\n| --- | --- |\n| A \\| B | 12 % |\n\n> [!NOTE]\n> 📌 **À retenir**\n>\n> - un"
        );
    }

    #[test]
    fn markdown_syntax_in_text_stays_text() {
        assert_eq!(
            to_markdown("<p>1. pas une liste *ni* [un lien]</p>"),
            "\\1. pas une liste \\*ni\\* \\[un lien\\]"
        );
    }
}
