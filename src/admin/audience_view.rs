//! What the dashboard and an article's stats page share in showing readers' figures: the
//! refusal of a bad period or table, the links to the periods, sources as the author reads them, changes
//! with their sign, days as dates.

use chrono::{DateTime, NaiveDate, Utc};

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::analytics::report::PERIODS;
use crate::analytics::source::group_of;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::web::error_pages::ErrorPage;
use crate::web::layout::PageContext;
use crate::web::render::render;

/// A period the author may choose.
pub struct PeriodLink {
    /// Its length in days.
    pub days: i64,
    /// Its label ("30 jours").
    pub label: String,
    /// Whether it is the one shown.
    pub current: bool,
}

/// A bad query answered with a 400 page that says what is wrong (`text`).
pub fn refusal(ctx: &PageContext, text: &'static str) -> AppResult<HttpResponse> {
    let t = ctx.t();
    render(
        StatusCode::BAD_REQUEST,
        &ErrorPage {
            layout: ctx.layout(t.error_bad_request_title),
            status: StatusCode::BAD_REQUEST.as_u16(),
            heading: t.error_bad_request_title,
            text,
            detail: None,
        },
    )
}

/// The periods offered, `days` being the one shown.
pub fn period_links(t: &Messages, days: i64) -> Vec<PeriodLink> {
    PERIODS
        .iter()
        .map(|&n| PeriodLink {
            days: n,
            label: t.analytics.days.replace("{n}", &n.to_string()),
            current: n == days,
        })
        .collect()
}

/// Noon of `day` in UTC: a moment that falls on that day in any European time zone, for the
/// date formatter that takes instants.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

/// A source as the author reads it: a group's name, or the domain or campaign itself.
pub fn source_label(t: &Messages, source: &str) -> String {
    let a = &t.analytics;
    match group_of(source) {
        "search" => a.group_search.to_owned(),
        "social" => a.group_social.to_owned(),
        "feeds" => a.group_feeds.to_owned(),
        "newsletter" => a.group_newsletter.to_owned(),
        "direct" => a.group_direct.to_owned(),
        _ => source
            .split_once(':')
            .map_or(source, |(_, name)| name)
            .to_owned(),
    }
}

/// A change in percent with its sign, a no-break space before the sign of percent.
pub fn signed_percent(change: i64) -> String {
    format!("{change:+}\u{a0}%")
}

#[cfg(test)]
mod tests {
    use super::signed_percent;

    #[test]
    fn a_change_shows_its_sign() {
        assert_eq!(signed_percent(12), "+12\u{a0}%");
        assert_eq!(signed_percent(-5), "-5\u{a0}%");
        assert_eq!(signed_percent(0), "+0\u{a0}%");
    }
}
