//! The old WordPress addresses of a post and its terms, each with the Sillage page it now
//! answers with: `/?p=ID`, the permalink of `<link>` (whatever the permalink structure was),
//! `/slug/` (and `/?page_id=ID` for a page), each `_wp_old_slug`, the post's comment feed, `/category/x/` and `/tag/x/`.

use crate::import::article::DEFAULT_CATEGORIES;
use crate::import::context::{CategoryChoice, Context};
use crate::import::model::Item;
use crate::import::text;

/// The addresses of the whole site: its feeds.
pub fn site_addresses() -> Vec<(String, String)> {
    vec![
        ("/feed".into(), "/feed.xml".into()),
        ("/comments/feed".into(), "/feed.xml".into()),
    ]
}

/// The old addresses of a post become article `slug`.
pub fn post_addresses(ctx: &Context, item: &Item, slug: &str) -> Vec<(String, String)> {
    let page = format!("/articles/{slug}");
    let mut pairs = vec![(format!("/?p={}", item.id), page.clone())];
    if item.is_page() {
        pairs.push((format!("/?page_id={}", item.id), page.clone()));
    }
    let permalink = text::path_of(&item.link).filter(|p| p != "/" && !p.starts_with("/?"));
    let name = item.name.trim().to_lowercase();
    if !name.is_empty() {
        pairs.push((format!("/{name}"), page.clone()));
    }
    if let Some(path) = &permalink {
        pairs.push((path.clone(), page.clone()));
        pairs.push((
            format!("{path}/feed"),
            format!("/articles/{slug}/comments.xml"),
        ));
    }
    for old in item.meta_all("_wp_old_slug") {
        let old = old.trim().to_lowercase();
        if old.is_empty() {
            continue;
        }
        pairs.push((format!("/{old}"), page.clone()));
        if let Some(path) = permalink.as_ref().filter(|_| !name.is_empty())
            && let Some(prefix) = path.strip_suffix(&name)
        {
            pairs.push((format!("{prefix}{old}"), page.clone()));
        }
    }
    pairs.extend(term_addresses(ctx, item));
    pairs
}

/// The attachment page of an item (`/?attachment_id=ID` and its `<link>`) leads to article `slug`.
pub fn attachment_addresses(item: &Item, slug: &str) -> Vec<(String, String)> {
    let page = format!("/articles/{slug}");
    let mut pairs = vec![(format!("/?attachment_id={}", item.id), page.clone())];
    if let Some(path) = text::path_of(&item.link).filter(|p| p != "/" && !p.starts_with("/?")) {
        pairs.push((path, page));
    }
    pairs
}

fn term_addresses(ctx: &Context, item: &Item) -> Vec<(String, String)> {
    let options = &ctx.dump.options;
    let mut first_category = true;
    item.terms
        .iter()
        .filter_map(|term| {
            let slug = text::slug(&term.slug);
            let old = term.slug.trim().to_lowercase();
            if slug.is_empty() || old.is_empty() || DEFAULT_CATEGORIES.contains(&slug.as_str()) {
                return None;
            }
            match term.domain.as_str() {
                "category" => {
                    let in_series = ctx.categories == CategoryChoice::Series && first_category;
                    first_category = false;
                    let base = if options.category_base.is_empty() {
                        "category"
                    } else {
                        &options.category_base
                    };
                    let target = if in_series { "series" } else { "themes" };
                    Some((format!("/{base}/{old}"), format!("/{target}/{slug}")))
                }
                "post_tag" | "tag" => {
                    let base = if options.tag_base.is_empty() {
                        "tag"
                    } else {
                        &options.tag_base
                    };
                    Some((format!("/{base}/{old}"), format!("/themes/{slug}")))
                }
                _ => None,
            }
        })
        .collect()
}
