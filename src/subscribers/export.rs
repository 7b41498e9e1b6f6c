//! `GET /admin/subscribers/export.csv`: the subscribers (of the list's filter) as a UTF-8 CSV
//! file, quoted by the `csv` crate, with every cell that a spreadsheet would take for a
//! formula defused as OWASP advises.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, SecondsFormat, Utc};

use crate::auth::session::AuthorSession;
use crate::db::DbPool;
use crate::error::AppResult;
use crate::subscribers::model::Subscriber;
use crate::subscribers::query::ListQuery;
use crate::web::render::csv_download;

/// The header row (the import reads the same names).
pub const HEADER: [&str; 8] = [
    "email",
    "name",
    "status",
    "themes",
    "consent_text",
    "consent_at",
    "subscribed_at",
    "unsubscribed_at",
];

/// Separates theme names inside the `themes` cell (empty means every theme).
pub const THEME_SEPARATOR: &str = " | ";

/// A cell a spreadsheet would run as a formula gets a leading quote.
pub fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn time(at: Option<DateTime<Utc>>) -> String {
    at.map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// Writes the subscribers as CSV, UTF-8 with a byte order mark (spreadsheets then read the
/// accents right).
pub fn to_csv(subscribers: &[Subscriber], names: &[(i64, String)]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(HEADER)?;
    for s in subscribers {
        let themes = if s.all_themes {
            String::new()
        } else {
            names
                .iter()
                .filter(|(id, _)| *id == s.id)
                .map(|(_, name)| name.as_str())
                .collect::<Vec<_>>()
                .join(THEME_SEPARATOR)
        };
        let record = [
            s.email.clone(),
            s.name.clone(),
            s.status.clone(),
            themes,
            s.consent_text.clone(),
            time(Some(s.consent_at)),
            time(s.subscribed_at),
            time(s.unsubscribed_at),
        ];
        writer.write_record(record.iter().map(|cell| defuse(cell)))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// `GET /admin/subscribers/export.csv`, with the list's `q`, `status` and `theme`.
pub async fn export_subscribers(
    pool: web::Data<DbPool>,
    _session: AuthorSession,
    params: web::Query<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let query = ListQuery::from_pairs(&params);
    let mut conn = pool.get().await?;
    let subscribers = Subscriber::search(&mut conn, &query.filter, None, None).await?;
    let ids: Vec<i64> = subscribers.iter().map(|s| s.id).collect();
    let names = Subscriber::theme_names(&mut conn, &ids).await?;
    tracing::info!(rows = subscribers.len(), "subscribers exported");
    let filename = format!("subscribers-{}.csv", Utc::now().format("%Y-%m-%d"));
    csv_download(&filename, to_csv(&subscribers, &names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused() {
        for (cell, expected) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+33 6", "'+33 6"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("Léa", "Léa"),
            ("", ""),
        ] {
            assert_eq!(defuse(cell), expected);
        }
    }
}
