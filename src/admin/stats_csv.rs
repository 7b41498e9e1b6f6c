//! `GET /admin/articles/{id}/stats.csv?table=daily|sources|brought|ratings|rating_trend&days=…`:
//! each table of an article's stats page as a UTF-8 CSV file, quoted by the `csv` crate, cells
//! that a spreadsheet would take for a formula defused.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::admin::article_stats::report_of;
use crate::admin::audience_view::{refusal, source_label};
use crate::analytics::article_report::ArticleReport;
use crate::analytics::report::period;
use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::i18n::Messages;
use crate::subscribers::export::defuse;
use crate::web::layout::PageContext;
use crate::web::render::csv_download;

/// A table of the stats page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsTable {
    /// Views and visitors per day.
    Daily,
    /// Views per source.
    Sources,
    /// What the article brought, this period and the one before.
    Brought,
    /// Ratings per number of stars.
    Ratings,
    /// The period's ratings per week or month and number of stars.
    RatingTrend,
}

impl StatsTable {
    /// The table named in `?table=`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "daily" => Some(Self::Daily),
            "sources" => Some(Self::Sources),
            "brought" => Some(Self::Brought),
            "ratings" => Some(Self::Ratings),
            "rating_trend" => Some(Self::RatingTrend),
            _ => None,
        }
    }

    /// Its name in URLs and file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::Sources => "sources",
            Self::Brought => "brought",
            Self::Ratings => "ratings",
            Self::RatingTrend => "rating_trend",
        }
    }
}

/// The export's query.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    table: Option<String>,
    days: Option<String>,
}

/// The rows of `table` (its header first).
fn rows(t: &Messages, report: &ArticleReport, table: StatsTable) -> Vec<Vec<String>> {
    let line = |cells: &[&dyn ToString]| cells.iter().map(|c| c.to_string()).collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    match table {
        StatsTable::Daily => {
            rows.push(line(&[&"day", &"views", &"visitors"]));
            for d in &report.daily {
                rows.push(line(&[&d.day.format("%Y-%m-%d"), &d.views, &d.visitors]));
            }
        }
        StatsTable::Sources => {
            rows.push(line(&[&"source", &"views"]));
            for (source, views) in &report.sources {
                rows.push(line(&[&source_label(t, source), views]));
            }
        }
        StatsTable::Brought => {
            rows.push(line(&[&"what", &"this_period", &"previous_period"]));
            let before = report.previous_brought.named();
            for ((what, n), (_, b)) in report.brought.named().into_iter().zip(before) {
                rows.push(line(&[&what, &n, &b]));
            }
        }
        StatsTable::Ratings => {
            rows.push(line(&[&"stars", &"votes"]));
            for (stars, votes) in (1..=5).zip(report.distribution) {
                rows.push(line(&[&stars, &votes]));
            }
        }
        StatsTable::RatingTrend => {
            let mut header = vec![report.rating_step.as_str().to_owned()];
            header.extend((1..=5).map(|stars| format!("stars_{stars}")));
            rows.push(header);
            for bucket in &report.rating_trend {
                let mut row = vec![bucket.start.format("%Y-%m-%d").to_string()];
                row.extend(bucket.counts.iter().map(ToString::to_string));
                rows.push(row);
            }
        }
    }
    rows
}

/// Writes `rows` as CSV, UTF-8 with a byte order mark (spreadsheets then read the accents).
fn to_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        writer.write_record(row.iter().map(|cell| defuse(cell)))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// `GET /admin/articles/{id}/stats.csv`.
pub async fn export_article_stats(
    pool: web::Data<DbPool>,
    ctx: PageContext,
    _session: AuthorSession,
    id: web::Path<i64>,
    query: web::Query<ExportQuery>,
) -> AppResult<HttpResponse> {
    let t = ctx.t();
    let Some(table) = StatsTable::parse(query.table.as_deref().unwrap_or_default()) else {
        return refusal(&ctx, t.stats.error_table);
    };
    let Some(days) = period(query.days.as_deref()) else {
        return refusal(&ctx, t.analytics.error_period);
    };
    let (article, report) = report_of(&pool, &ctx, *id, days).await?;
    let filename = format!(
        "article-{}-{}-{}.csv",
        article.id,
        table.as_str(),
        report.days
    );
    csv_download(&filename, to_csv(&rows(t, &report, table)))
}

#[cfg(test)]
mod tests {
    use super::StatsTable;

    #[test]
    fn a_table_is_named_by_its_own_name_only() {
        for table in [
            StatsTable::Daily,
            StatsTable::Sources,
            StatsTable::Brought,
            StatsTable::Ratings,
            StatsTable::RatingTrend,
        ] {
            assert_eq!(StatsTable::parse(table.as_str()), Some(table));
        }
        for bad in ["", "Daily", "views", "daily;drop"] {
            assert_eq!(StatsTable::parse(bad), None, "{bad}");
        }
    }
}
