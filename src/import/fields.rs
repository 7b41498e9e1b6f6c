//! Where each WXR element's text goes: the element names of the channel, of an item, of its
//! comments and of their meta, matched by their conventional prefix (`wp:`, `content:`…).

use quick_xml::name::ResolveResult;

use crate::import::model::{Channel, Item, ItemTerm, WpAuthor, WpComment, WpTerm};
use crate::import::text::decode_entities;

/// An element's name, `prefix:local` (or `local` alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field(String);

impl Field {
    /// The name of an element in namespace `prefix`.
    pub fn of(prefix: &str, local: &str) -> Self {
        if prefix.is_empty() {
            Self(local.to_owned())
        } else {
            Self(format!("{prefix}:{local}"))
        }
    }

    fn is(&self, name: &str) -> bool {
        self.0 == name
    }

    /// Opens the record this element starts; true when it starts an item.
    pub fn open(
        &self,
        path: &[Field],
        channel: &mut Channel,
        item: &mut Option<Item>,
        line: u64,
        attributes: &[(String, String)],
    ) -> bool {
        let parent = path.last().map(|f| f.0.as_str()).unwrap_or("");
        match (item.as_mut(), self.0.as_str()) {
            (None, "item") if parent == "channel" => {
                *item = Some(Item {
                    line,
                    ..Item::default()
                });
                return true;
            }
            (None, "wp:author") if parent == "channel" => {
                channel.authors.push(WpAuthor::default());
            }
            (None, "wp:category" | "wp:tag") if parent == "channel" => {
                let taxonomy = if self.is("wp:tag") {
                    "post_tag"
                } else {
                    "category"
                };
                channel.terms.push(WpTerm {
                    taxonomy: taxonomy.into(),
                    ..WpTerm::default()
                });
            }
            (Some(item), "wp:comment") => item.comments.push(WpComment {
                line,
                ..WpComment::default()
            }),
            (Some(item), "wp:commentmeta") => {
                if let Some(comment) = item.comments.last_mut() {
                    comment.meta.push(Default::default());
                }
            }
            (Some(item), "wp:postmeta") => item.meta.push(Default::default()),
            (Some(item), "category") if parent == "item" => {
                let attribute = |name: &str| {
                    attributes
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                item.terms.push(ItemTerm {
                    domain: attribute("domain"),
                    slug: attribute("nicename"),
                    name: String::new(),
                });
            }
            _ => {}
        }
        false
    }
}

/// Files the text of a closed element; returns the item it completes.
pub fn apply(
    field: Field,
    path: &[Field],
    text: String,
    channel: &mut Channel,
    item: &mut Option<Item>,
) -> Option<Item> {
    if field.is("item") {
        return item.take();
    }
    let parent = path.last().map(|f| f.0.as_str()).unwrap_or("");
    match item.as_mut() {
        Some(item) => item_field(item, parent, &field.0, text),
        None => channel_field(channel, parent, &field, text),
    }
    None
}

fn number(text: &str) -> i64 {
    text.trim().parse().unwrap_or(0)
}

fn item_field(item: &mut Item, parent: &str, name: &str, text: String) {
    match parent {
        "wp:commentmeta" => {
            if let Some((key, value)) = item
                .comments
                .last_mut()
                .and_then(|comment| comment.meta.last_mut())
            {
                meta_field(key, value, name, text);
            }
        }
        "wp:comment" => {
            if let Some(comment) = item.comments.last_mut() {
                comment_field(comment, name, text);
            }
        }
        "wp:postmeta" => {
            if let Some((key, value)) = item.meta.last_mut() {
                meta_field(key, value, name, text);
            }
        }
        "item" => match name {
            "title" => item.title = decode_entities(&text),
            "link" => item.link = text.trim().to_owned(),
            "content:encoded" => item.content = text,
            "excerpt:encoded" => item.excerpt = text,
            "dc:creator" => item.creator = text.trim().to_owned(),
            "wp:post_id" => item.id = number(&text),
            "wp:post_date" => item.date = text,
            "wp:post_date_gmt" => item.date_gmt = text,
            "wp:post_name" => item.name = text.trim().to_owned(),
            "wp:status" => item.status = text.trim().to_owned(),
            "wp:post_parent" => item.parent = number(&text),
            "wp:post_type" => item.post_type = text.trim().to_owned(),
            "wp:attachment_url" => item.attachment_url = text.trim().to_owned(),
            "category" => {
                if let Some(term) = item.terms.last_mut() {
                    term.name = decode_entities(&text);
                }
            }
            _ => {}
        },
        _ => {}
    }
}

fn meta_field(key: &mut String, value: &mut String, name: &str, text: String) {
    match name {
        "wp:meta_key" => *key = text,
        "wp:meta_value" => *value = text,
        _ => {}
    }
}

fn comment_field(comment: &mut WpComment, name: &str, text: String) {
    match name {
        "wp:comment_id" => comment.id = number(&text),
        "wp:comment_author" => comment.author = decode_entities(&text),
        "wp:comment_author_email" => comment.author_email = text.trim().to_owned(),
        "wp:comment_author_url" => comment.author_url = text.trim().to_owned(),
        "wp:comment_author_IP" => comment.author_ip = text.trim().to_owned(),
        "wp:comment_date" => comment.date = text,
        "wp:comment_date_gmt" => comment.date_gmt = text,
        "wp:comment_content" => comment.content = text,
        "wp:comment_approved" => comment.approved = text.trim().to_owned(),
        "wp:comment_type" => comment.kind = text.trim().to_owned(),
        "wp:comment_parent" => comment.parent = number(&text),
        "wp:comment_user_id" => comment.user_id = number(&text),
        _ => {}
    }
}

fn channel_field(channel: &mut Channel, parent: &str, field: &Field, text: String) {
    let name = field.0.as_str();
    match parent {
        "channel" => match name {
            "wp:wxr_version" => channel.wxr_version = text.trim().to_owned(),
            "wp:base_blog_url" => channel.blog_url = text.trim().to_owned(),
            "link" if channel.blog_url.is_empty() => channel.blog_url = text.trim().to_owned(),
            _ => {}
        },
        "wp:author" => {
            let Some(author) = channel.authors.last_mut() else {
                return;
            };
            match name {
                "wp:author_id" => author.id = number(&text),
                "wp:author_login" => author.login = text.trim().to_owned(),
                "wp:author_email" => author.email = text.trim().to_lowercase(),
                _ => {}
            }
        }
        "wp:category" | "wp:tag" => {
            let Some(term) = channel.terms.last_mut() else {
                return;
            };
            match name {
                "wp:category_nicename" | "wp:tag_slug" => term.slug = text.trim().to_owned(),
                "wp:cat_name" | "wp:tag_name" => term.name = decode_entities(&text),
                "wp:category_description" | "wp:tag_description" => term.description = text,
                _ => {}
            }
        }
        _ => {}
    }
}

/// The character of an entity XML itself defines.
pub fn predefined(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The conventional prefix of a namespace: any `http://wordpress.org/export/1.x/` is `wp`,
/// whatever the file calls it; an undeclared prefix stays as written.
pub fn prefix_of(ns: &ResolveResult) -> String {
    match ns {
        ResolveResult::Bound(namespace) => {
            let uri = String::from_utf8_lossy(namespace.as_ref());
            if uri.starts_with("http://wordpress.org/export/") {
                if uri.trim_end_matches('/').ends_with("excerpt") {
                    "excerpt".into()
                } else {
                    "wp".into()
                }
            } else if uri.starts_with("http://purl.org/rss/1.0/modules/content") {
                "content".into()
            } else if uri.starts_with("http://purl.org/dc/elements/1.1") {
                "dc".into()
            } else {
                "other".into()
            }
        }
        ResolveResult::Unbound => String::new(),
        ResolveResult::Unknown(prefix) => String::from_utf8_lossy(prefix).into_owned(),
    }
}
