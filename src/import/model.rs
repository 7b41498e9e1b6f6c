//! What a WXR export holds, as read: the channel's authors and terms, then one item (a post, a
//! page, an attachment…) at a time with its meta and comments. Values are the exported strings
//! once XML-decoded; turning them into Sillage's values is the writer's job.

/// A post author listed in the channel (`wp:author`).
#[derive(Debug, Clone, Default)]
pub struct WpAuthor {
    /// `wp:author_id`.
    pub id: i64,
    /// `wp:author_login` (what items name in `dc:creator`).
    pub login: String,
    /// `wp:author_email`.
    pub email: String,
}

/// A category or tag listed in the channel.
#[derive(Debug, Clone, Default)]
pub struct WpTerm {
    /// `category` or `post_tag`.
    pub taxonomy: String,
    /// The slug (`category_nicename`, `tag_slug`).
    pub slug: String,
    /// The name, HTML entities decoded.
    pub name: String,
    /// The description.
    pub description: String,
}

/// The channel: what comes before the items.
#[derive(Debug, Clone, Default)]
pub struct Channel {
    /// `wp:wxr_version`.
    pub wxr_version: String,
    /// `wp:base_blog_url` (or `link`): the site the export comes from.
    pub blog_url: String,
    /// The post authors.
    pub authors: Vec<WpAuthor>,
    /// Categories and tags.
    pub terms: Vec<WpTerm>,
}

/// A term an item is filed under (`<category domain nicename>`).
#[derive(Debug, Clone, Default)]
pub struct ItemTerm {
    /// `category`, `post_tag`, `post_format`…
    pub domain: String,
    /// The slug.
    pub slug: String,
    /// The name, HTML entities decoded.
    pub name: String,
}

/// A comment of an item.
#[derive(Debug, Clone, Default)]
pub struct WpComment {
    /// The line of `<wp:comment>` in the file.
    pub line: u64,
    /// `wp:comment_id`.
    pub id: i64,
    /// `wp:comment_author`, HTML entities decoded.
    pub author: String,
    /// `wp:comment_author_email`.
    pub author_email: String,
    /// `wp:comment_author_url`.
    pub author_url: String,
    /// `wp:comment_author_IP`.
    pub author_ip: String,
    /// `wp:comment_date` (site time).
    pub date: String,
    /// `wp:comment_date_gmt`.
    pub date_gmt: String,
    /// `wp:comment_content` (HTML-ish text).
    pub content: String,
    /// `wp:comment_approved`: `1`, `0`, `trash`, `post-trashed`, `spam`.
    pub approved: String,
    /// `wp:comment_type`: empty or `comment`, `pingback`, `trackback`, `note`…
    pub kind: String,
    /// `wp:comment_parent` (0 at the top).
    pub parent: i64,
    /// `wp:comment_user_id` (0 for a guest).
    pub user_id: i64,
    /// `wp:commentmeta` rows.
    pub meta: Vec<(String, String)>,
}

impl WpComment {
    /// The first value of a meta key.
    pub fn meta(&self, key: &str) -> Option<&str> {
        first_meta(&self.meta, key)
    }
}

/// An item: a post, page, attachment or anything else exported.
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// The line of `<item>` in the file.
    pub line: u64,
    /// `title`, HTML entities decoded.
    pub title: String,
    /// `link`: the permalink at export time.
    pub link: String,
    /// `content:encoded`.
    pub content: String,
    /// `excerpt:encoded`.
    pub excerpt: String,
    /// `dc:creator`: the author's login.
    pub creator: String,
    /// `wp:post_id`.
    pub id: i64,
    /// `wp:post_date` (site time).
    pub date: String,
    /// `wp:post_date_gmt`.
    pub date_gmt: String,
    /// `wp:post_name`: the slug (may be empty on drafts).
    pub name: String,
    /// `wp:status`.
    pub status: String,
    /// `wp:post_parent`.
    pub parent: i64,
    /// `wp:post_type`.
    pub post_type: String,
    /// `wp:attachment_url`.
    pub attachment_url: String,
    /// The terms it is filed under.
    pub terms: Vec<ItemTerm>,
    /// `wp:postmeta` rows.
    pub meta: Vec<(String, String)>,
    /// Its comments, in file order.
    pub comments: Vec<WpComment>,
}

impl Item {
    /// Whether it is a WordPress page (Sillage makes it an article without themes).
    pub fn is_page(&self) -> bool {
        self.post_type == "page"
    }

    /// The report's name for the article it becomes: `pages as articles` apart from `articles`.
    pub fn article_count(&self) -> &'static str {
        if self.is_page() {
            "pages as articles"
        } else {
            "articles"
        }
    }

    /// The first value of a meta key.
    pub fn meta(&self, key: &str) -> Option<&str> {
        first_meta(&self.meta, key)
    }

    /// Every value of a meta key (`_wp_old_slug` may have several).
    pub fn meta_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.meta
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn first_meta<'a>(meta: &'a [(String, String)], key: &str) -> Option<&'a str> {
    meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}
