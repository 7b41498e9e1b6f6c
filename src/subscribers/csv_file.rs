//! Reading an imported CSV file, a pure function of its bytes: the encoding (a byte order
//! mark, else UTF-8, else Windows-1252), the separator (`,`, `;` or tab), an optional header
//! row, then one checked line per address, duplicates merged into their first line.

use std::borrow::Cow;
use std::collections::HashMap;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use crate::domain::EmailAddress;
use crate::subscribers::form::name_ok;
use crate::taxonomy::model::Theme;

/// Most addresses read from one file.
pub const MAX_ROWS: usize = 20_000;

/// Why a line was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The address is missing or malformed.
    Email,
    /// The name is too long or holds control characters.
    Name,
    /// A theme that does not exist.
    Theme(String),
    /// The line cannot be read as CSV.
    Unreadable,
}

/// A line left out, with its number in the file (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidLine {
    /// The line number.
    pub line: u64,
    /// Why.
    pub problem: Problem,
}

/// An address to import, with the lines merged into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLine {
    /// Its first line in the file.
    pub line: u64,
    /// The address.
    pub email: EmailAddress,
    /// The name (the first one given).
    pub name: String,
    /// The themes (empty: every theme).
    pub theme_ids: Vec<i64>,
    /// The later lines of the same address.
    pub merged: Vec<u64>,
}

/// A file, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFile {
    /// The addresses, in the file's order.
    pub lines: Vec<ImportLine>,
    /// The lines left out.
    pub invalid: Vec<InvalidLine>,
    /// The file holds more than [`MAX_ROWS`] lines.
    pub too_many: bool,
}

/// Decodes the file: its byte order mark wins, then UTF-8, then Windows-1252 (a superset of
/// Latin-1 that spreadsheets write on Windows).
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0;
    }
    match UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => text,
        None => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// The separator used on the first line: the most frequent of `;`, tab and `,` outside quotes.
pub fn separator(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in first.bytes() {
        if c == b'"' {
            quoted = !quoted;
        }
        if let Some(entry) = counts.iter_mut().find(|(sep, _)| *sep == c && !quoted) {
            entry.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(sep, n)| (*n, *sep == b','))
        .map_or(b',', |(sep, _)| *sep)
}

/// The column of each field.
#[derive(Debug, Clone, Copy)]
struct Columns {
    email: usize,
    name: Option<usize>,
    themes: Option<usize>,
}

fn header_columns(record: &csv::StringRecord) -> Option<Columns> {
    let names: Vec<String> = record.iter().map(|c| c.trim().to_lowercase()).collect();
    let find = |accepted: &[&str]| names.iter().position(|n| accepted.contains(&n.as_str()));
    let email = find(&[
        "email",
        "e-mail",
        "mail",
        "courriel",
        "adresse",
        "adresse e-mail",
        "address",
    ])?;
    if record.iter().any(|c| c.contains('@')) {
        return None;
    }
    Some(Columns {
        email,
        name: find(&["name", "nom", "prénom", "prenom", "first name", "full name"]),
        themes: find(&["themes", "thèmes", "theme", "thème", "topics"]),
    })
}

/// Undoes the quote that an export puts before a cell starting like a formula.
fn cell(record: &csv::StringRecord, column: Option<usize>) -> &str {
    let value = column.and_then(|c| record.get(c)).unwrap_or("").trim();
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => value,
    }
}

fn theme_ids(raw: &str, themes: &[Theme]) -> Result<Vec<i64>, Problem> {
    let mut ids = Vec::new();
    for label in raw.split('|').map(str::trim).filter(|l| !l.is_empty()) {
        let theme = themes
            .iter()
            .find(|t| t.name.to_lowercase() == label.to_lowercase() || t.slug == label)
            .ok_or_else(|| Problem::Theme(label.chars().take(80).collect()))?;
        ids.push(theme.id);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

fn check(
    record: &csv::StringRecord,
    columns: Columns,
    themes: &[Theme],
) -> Result<(EmailAddress, String, Vec<i64>), Problem> {
    let email = EmailAddress::parse(cell(record, Some(columns.email))).ok_or(Problem::Email)?;
    let name = cell(record, columns.name);
    if !name_ok(name) {
        return Err(Problem::Name);
    }
    Ok((
        email,
        name.to_owned(),
        theme_ids(cell(record, columns.themes), themes)?,
    ))
}

/// Line numbers from byte offsets, counted as the reader moves forward (the `csv` crate's own
/// line numbers leave out the blank lines it skips).
struct LineCounter<'a> {
    text: &'a str,
    byte: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, byte: u64) -> u64 {
        let mut byte = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        // A record's position is where the reader started, before the blank lines it skipped.
        let bytes = self.text.as_bytes();
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte > self.byte {
            let skipped = &bytes[self.byte..byte];
            self.line += skipped.iter().filter(|b| **b == b'\n').count() as u64;
            self.byte = byte;
        }
        self.line
    }
}

/// Reads the file's lines against the existing themes.
pub fn parse(bytes: &[u8], themes: &[Theme]) -> ParsedFile {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(&text))
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(&text);
    let mut parsed = ParsedFile::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut columns = None;
    for (index, result) in reader.records().enumerate() {
        let record = match result {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| lines.line_at(p.byte()));
                parsed.invalid.push(InvalidLine {
                    line,
                    problem: Problem::Unreadable,
                });
                break;
            }
        };
        let line = record
            .position()
            .map_or(index as u64 + 1, |p| lines.line_at(p.byte()));
        if columns.is_none() {
            let header = header_columns(&record);
            columns = Some(header.unwrap_or(Columns {
                email: 0,
                name: Some(1),
                themes: Some(2),
            }));
            if header.is_some() {
                continue;
            }
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if parsed.lines.len() + parsed.invalid.len() >= MAX_ROWS {
            parsed.too_many = true;
            break;
        }
        let Some(columns) = columns else { continue };
        match check(&record, columns, themes) {
            Err(problem) => parsed.invalid.push(InvalidLine { line, problem }),
            Ok((email, name, ids)) => match seen.get(email.as_str()) {
                Some(&first) => {
                    let kept = &mut parsed.lines[first];
                    kept.merged.push(line);
                    if kept.name.is_empty() {
                        kept.name = name;
                    }
                    // No theme means every theme: the union of "all" and anything is "all".
                    if kept.theme_ids.is_empty() || ids.is_empty() {
                        kept.theme_ids.clear();
                    } else {
                        kept.theme_ids.extend(ids);
                        kept.theme_ids.sort_unstable();
                        kept.theme_ids.dedup();
                    }
                }
                None => {
                    seen.insert(email.as_str().to_owned(), parsed.lines.len());
                    parsed.lines.push(ImportLine {
                        line,
                        email,
                        name,
                        theme_ids: ids,
                        merged: Vec::new(),
                    });
                }
            },
        }
    }
    parsed
}

#[cfg(test)]
mod tests;
