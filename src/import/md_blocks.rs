//! The structures of a body in Markdown: quotes and callout boxes, figures and their captions,
//! images, nested lists and tables (their cells on one line, pipes escaped).

use ego_tree::NodeRef;
use scraper::Node;

use crate::import::html_md::{attr, blocks, element_name, escape, inline_of};

/// A quote (or a callout box): its blocks, each line prefixed with `> `.
pub(crate) fn quote(node: NodeRef<'_, Node>, callout: bool, out: &mut Vec<String>) {
    let mut inner = Vec::new();
    blocks(node, &mut inner);
    if inner.is_empty() {
        return;
    }
    let mut lines = Vec::new();
    if callout {
        lines.push("> [!NOTE]".to_owned());
    }
    for line in inner.join("\n\n").lines() {
        lines.push(if line.is_empty() {
            ">".to_owned()
        } else {
            format!("> {line}")
        });
    }
    out.push(lines.join("\n"));
}

/// A figure: an image with its caption as the title; a figure of a table or quote keeps them.
pub(crate) fn figure(node: NodeRef<'_, Node>, out: &mut Vec<String>) {
    let has = |wanted: &str| node.descendants().any(|d| element_name(d) == Some(wanted));
    if has("table") || has("blockquote") || !has("img") {
        return blocks(node, out);
    }
    let Some(img) = node.descendants().find(|d| element_name(*d) == Some("img")) else {
        return;
    };
    let caption = node
        .descendants()
        .find(|d| element_name(*d) == Some("figcaption"))
        .map(|c| inline_of(c).replace('\n', " ").trim().to_owned())
        .unwrap_or_default();
    out.push(image(img, &caption));
}

/// `![alt](<src> "caption")`.
pub(crate) fn image(img: NodeRef<'_, Node>, caption: &str) -> String {
    let src = attr(img, "src").unwrap_or_default().replace(' ', "%20");
    let alt = escape(attr(img, "alt").unwrap_or_default());
    if caption.is_empty() {
        format!("![{alt}](<{src}>)")
    } else {
        format!("![{alt}](<{src}> \"{}\")", caption.replace('"', "\\\""))
    }
}

/// A list, nested lists indented under their item.
pub(crate) fn list(node: NodeRef<'_, Node>, ordered: bool) -> String {
    let start: u32 = attr(node, "start")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut items = Vec::new();
    let entries = node.children().filter(|c| element_name(*c) == Some("li"));
    for (number, li) in (start..).zip(entries) {
        let marker = if ordered {
            format!("{number}. ")
        } else {
            "- ".to_owned()
        };
        let mut parts = Vec::new();
        blocks(li, &mut parts);
        let body = parts.join("\n");
        let indent = " ".repeat(marker.len());
        let mut lines = body.lines();
        let first = lines.next().unwrap_or_default();
        let mut item = format!("{marker}{first}");
        for line in lines {
            item.push('\n');
            if !line.is_empty() {
                item.push_str(&indent);
                item.push_str(line);
            }
        }
        items.push(item);
    }
    items.join("\n")
}

/// A table, its first row the header.
pub(crate) fn table(node: NodeRef<'_, Node>) -> String {
    let rows: Vec<Vec<String>> = node
        .descendants()
        .filter(|d| element_name(*d) == Some("tr"))
        .map(|tr| {
            tr.children()
                .filter(|c| matches!(element_name(*c), Some("td" | "th")))
                .map(|cell| inline_of(cell).replace('\n', " ").trim().to_owned())
                .collect()
        })
        .filter(|row: &Vec<String>| !row.is_empty())
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return String::new();
    }
    let line = |row: &[String]| {
        let cells: Vec<&str> = (0..width)
            .map(|i| row.get(i).map_or("", String::as_str))
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(&rows[0]), format!("|{}", " --- |".repeat(width))];
    out.extend(rows[1..].iter().map(|row| line(row)));
    out.join("\n")
}
