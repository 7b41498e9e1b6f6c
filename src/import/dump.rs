//! What the importer takes from a SQL dump of wpDiscuz's tables and `wp_options`: the votes of
//! each voter, the ratings of each rater, the subscriptions, the inline-feedback forms and the
//! site's permalink, category and time-zone options. Grouped by post or comment for the writer.

use std::collections::HashMap;
use std::io::BufRead;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::import::sql::{Table, read_tables};

/// One voter's vote on a comment (`wc_users_voted`).
#[derive(Debug, Clone)]
pub struct DumpVote {
    /// The voter: a WordPress user id, or md5 of the guest's address.
    pub voter: String,
    /// `1` or `-1`.
    pub value: i16,
    /// When, in UTC.
    pub at: Option<DateTime<Utc>>,
}

/// One rater's stars on a post (`wc_users_rated`).
#[derive(Debug, Clone)]
pub struct DumpRating {
    /// The rater: a WordPress user id, or md5 of the guest's address.
    pub rater: String,
    /// 1 to 5.
    pub stars: i16,
    /// When, in UTC.
    pub at: Option<DateTime<Utc>>,
}

/// A wpDiscuz subscription (`wc_comments_subscription`).
#[derive(Debug, Clone)]
pub struct DumpSubscription {
    /// Its id.
    pub id: i64,
    /// The subscriber's address.
    pub email: String,
    /// `post`, `all_comment` or `comment`.
    pub kind: String,
    /// The key of its mail links (unsubscribe, confirm).
    pub activation_key: String,
    /// Whether the address confirmed.
    pub confirmed: bool,
    /// When it was made.
    pub at: Option<DateTime<Utc>>,
}

/// An inline-feedback form (`wc_feedback_forms`).
#[derive(Debug, Clone)]
pub struct DumpFeedbackForm {
    /// The shortcode's id.
    pub unique_id: String,
    /// The passage.
    pub content: String,
}

/// The site's options the importer uses.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// `permalink_structure`.
    pub permalink_structure: String,
    /// `timezone_string`, when it names a zone.
    pub zone: Option<Tz>,
    /// `category_base` (default `category`).
    pub category_base: String,
    /// `tag_base` (default `tag`).
    pub tag_base: String,
}

/// Everything read from the dump.
#[derive(Debug, Clone, Default)]
pub struct Dump {
    /// Votes by comment id.
    pub votes: HashMap<i64, Vec<DumpVote>>,
    /// Ratings by post id.
    pub ratings: HashMap<i64, Vec<DumpRating>>,
    /// Subscriptions by post id.
    pub subscriptions: HashMap<i64, Vec<DumpSubscription>>,
    /// Feedback forms by id.
    pub feedback_forms: HashMap<i64, DumpFeedbackForm>,
    /// Options.
    pub options: SiteOptions,
    /// How many customised interface phrases (`wc_phrases`) the site had: Sillage's interface
    /// texts are its own, so they are counted, not imported.
    pub phrases: u64,
}

const TABLES: [&str; 6] = [
    "wc_users_voted",
    "wc_users_rated",
    "wc_comments_subscription",
    "wc_feedback_forms",
    "wc_phrases",
    "options",
];

fn kind_of(name: &str) -> Option<&'static str> {
    TABLES.iter().copied().find(|kind| {
        name.strip_suffix(kind).is_some_and(|prefix| {
            prefix.ends_with('_') && (*kind != "options" || !prefix.contains("wc_"))
        })
    })
}

/// Reads a dump; `fallback_zone` is the zone of dates when the dump has no `timezone_string`.
pub fn read(source: impl BufRead, fallback_zone: Tz) -> std::io::Result<Dump> {
    let tables = read_tables(source, |name| kind_of(name).is_some())?;
    let mut by_kind: HashMap<&str, Table> = HashMap::new();
    for (name, table) in tables {
        if let Some(kind) = kind_of(&name) {
            let merged = by_kind.entry(kind).or_default();
            merged.columns = table.columns;
            merged.rows.extend(table.rows);
        }
    }
    let mut dump = Dump {
        options: options(by_kind.get("options")),
        phrases: rows(by_kind.get("wc_phrases")).count() as u64,
        ..Dump::default()
    };
    let zone = dump.options.zone.unwrap_or(fallback_zone);
    for row in rows(by_kind.get("wc_users_voted")) {
        let value = row.int("vote_type");
        if value == 1 || value == -1 {
            dump.votes
                .entry(row.int("comment_id"))
                .or_default()
                .push(DumpVote {
                    voter: row.text("user_id"),
                    value: value as i16,
                    at: wordpress_timestamp(row.int("date"), zone),
                });
        }
    }
    for row in rows(by_kind.get("wc_users_rated")) {
        let stars = row.int("rating");
        if (1..=5).contains(&stars) {
            let member = row.int("user_id");
            let rater = if member > 0 {
                member.to_string()
            } else {
                row.text("user_ip")
            };
            dump.ratings
                .entry(row.int("post_id"))
                .or_default()
                .push(DumpRating {
                    rater,
                    stars: stars as i16,
                    at: wordpress_timestamp(row.int("date"), zone),
                });
        }
    }
    for row in rows(by_kind.get("wc_comments_subscription")) {
        dump.subscriptions
            .entry(row.int("post_id"))
            .or_default()
            .push(DumpSubscription {
                id: row.int("id"),
                email: row.text("email").trim().to_lowercase(),
                kind: row.text("subscribtion_type"),
                activation_key: row.text("activation_key"),
                confirmed: row.int("confirm") == 1,
                at: NaiveDateTime::parse_from_str(
                    &row.text("subscription_date"),
                    "%Y-%m-%d %H:%M:%S",
                )
                .ok()
                .map(|at| at.and_utc()),
            });
    }
    for row in rows(by_kind.get("wc_feedback_forms")) {
        dump.feedback_forms.insert(
            row.int("id"),
            DumpFeedbackForm {
                unique_id: row.text("unique_id"),
                content: row.text("content"),
            },
        );
    }
    Ok(dump)
}

/// wpDiscuz dates are `current_time('timestamp')`: Unix time plus the site's offset at that
/// moment, i.e. the site's wall clock read as if it were UTC.
fn wordpress_timestamp(stamp: i64, zone: Tz) -> Option<DateTime<Utc>> {
    let wall = DateTime::from_timestamp(stamp, 0)
        .filter(|_| stamp > 0)?
        .naive_utc();
    zone.from_local_datetime(&wall)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

fn options(table: Option<&Table>) -> SiteOptions {
    let mut options = SiteOptions {
        category_base: "category".into(),
        tag_base: "tag".into(),
        ..SiteOptions::default()
    };
    for row in rows(table) {
        let value = row.text("option_value");
        match row.text("option_name").as_str() {
            "permalink_structure" => options.permalink_structure = value,
            "timezone_string" => options.zone = value.parse().ok(),
            "category_base" if !value.trim_matches('/').is_empty() => {
                options.category_base = value.trim_matches('/').to_owned();
            }
            "tag_base" if !value.trim_matches('/').is_empty() => {
                options.tag_base = value.trim_matches('/').to_owned();
            }
            _ => {}
        }
    }
    options
}

/// A row read by column name.
struct Row<'a> {
    table: &'a Table,
    values: &'a [Option<String>],
}

impl Row<'_> {
    fn text(&self, column: &str) -> String {
        self.table
            .column(column)
            .and_then(|i| self.values.get(i))
            .and_then(|v| v.clone())
            .unwrap_or_default()
    }

    fn int(&self, column: &str) -> i64 {
        self.text(column).trim().parse().unwrap_or(0)
    }
}

fn rows(table: Option<&Table>) -> impl Iterator<Item = Row<'_>> {
    table
        .into_iter()
        .flat_map(|table| table.rows.iter().map(move |values| Row { table, values }))
}
