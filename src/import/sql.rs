//! A reader of the `INSERT` statements `mysqldump` (and `wp db export`) writes, for the few
//! tables the importer wants: extended inserts, backslash escapes, `_binary` and hex values.
//! Column names come from the dump's `CREATE TABLE` (mysqldump omits them from its inserts)
//! or from the insert itself. The file is read a line at a time: mysqldump writes one
//! statement per line, and the lines of the tables not wanted are skipped unparsed.

use std::collections::HashMap;
use std::io::BufRead;

/// One table's rows, with its column names.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names, in order.
    pub columns: Vec<String>,
    /// The rows; `None` is SQL `NULL`.
    pub rows: Vec<Vec<Option<String>>>,
}

impl Table {
    /// The index of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// Reads the tables `wanted` says yes to (by name, prefix included), keyed by name.
pub fn read_tables(
    source: impl BufRead,
    wanted: impl Fn(&str) -> bool,
) -> std::io::Result<HashMap<String, Table>> {
    let mut tables: HashMap<String, Table> = HashMap::new();
    let mut creating: Option<String> = None;
    for line in source.split(b'\n') {
        let line = String::from_utf8_lossy(&line?).into_owned();
        let trimmed = line.trim_start();
        if let Some(name) = &creating {
            if trimmed.starts_with(')') {
                creating = None;
            } else if let Some(column) = trimmed.strip_prefix('`').and_then(|r| r.split('`').next())
            {
                tables
                    .entry(name.clone())
                    .or_default()
                    .columns
                    .push(column.to_owned());
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("CREATE TABLE ") {
            let name = quoted_name(rest.trim_start_matches("IF NOT EXISTS "));
            if wanted(&name) {
                tables.entry(name.clone()).or_default().columns.clear();
                creating = Some(name);
            }
            continue;
        }
        let Some(rest) = ["INSERT INTO ", "INSERT IGNORE INTO ", "REPLACE INTO "]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p))
        else {
            continue;
        };
        let name = quoted_name(rest);
        if !wanted(&name) {
            continue;
        }
        let table = tables.entry(name).or_default();
        let after_name = rest
            .trim_start_matches(|c| c != ' ' && c != '(')
            .trim_start();
        let values = match after_name.strip_prefix('(') {
            Some(list) => {
                let Some(end) = list.find(')') else { continue };
                table.columns = list[..end]
                    .split(',')
                    .map(|c| c.trim().trim_matches('`').to_owned())
                    .collect();
                list[end + 1..].trim_start()
            }
            None => after_name,
        };
        if let Some(values) = values.strip_prefix("VALUES") {
            table.rows.extend(rows(values));
        }
    }
    Ok(tables)
}

fn quoted_name(text: &str) -> String {
    let text = text.trim_start();
    match text.strip_prefix('`') {
        Some(rest) => rest.split('`').next().unwrap_or_default().to_owned(),
        None => text
            .split(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}

/// Parses `(1,'a'),(2,NULL);`.
fn rows(text: &str) -> Vec<Vec<Option<String>>> {
    let mut rows = Vec::new();
    let mut chars = text.chars().peekable();
    let mut row: Vec<Option<String>> = Vec::new();
    let mut in_row = false;
    while let Some(c) = chars.next() {
        match c {
            '(' if !in_row => {
                in_row = true;
                row.clear();
            }
            ')' if in_row => {
                in_row = false;
                rows.push(std::mem::take(&mut row));
            }
            '\'' if in_row => row.push(Some(quoted(&mut chars))),
            ',' | ' ' | '\t' | '\r' | '\n' => {}
            _ if in_row => {
                let mut bare = String::from(c);
                while let Some(&next) = chars.peek() {
                    if next == ',' || next == ')' {
                        break;
                    }
                    if next == '\'' {
                        // `_binary'…'` or `_utf8mb4'…'`: the introducer goes.
                        chars.next();
                        bare = quoted(&mut chars);
                        break;
                    }
                    bare.push(next);
                    chars.next();
                }
                row.push(bare_value(bare.trim()));
            }
            _ => {}
        }
    }
    rows
}

fn bare_value(text: &str) -> Option<String> {
    if text.eq_ignore_ascii_case("NULL") {
        return None;
    }
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        let bytes: Vec<u8> = (0..hex.len() / 2)
            .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
            .collect();
        return Some(String::from_utf8_lossy(&bytes).into_owned());
    }
    Some(text.to_owned())
}

fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('0') => out.push('\0'),
                Some('Z') => out.push('\u{1a}'),
                Some(other) => out.push(other),
                None => {}
            },
            '\'' if chars.peek() == Some(&'\'') => {
                chars.next();
                out.push('\'');
            }
            '\'' => break,
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extended_inserts_with_escapes_and_columns_from_create_table() {
        let dump = "CREATE TABLE `wp_wc_users_voted` (\n  `id` int(11) NOT NULL,\n  `user_id` varchar(32) NOT NULL,\n  `comment_id` int(11) NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n\
INSERT INTO `wp_wc_users_voted` VALUES (1,'a\\'b',12),(2,'l''x',NULL),(3,_binary 'z',0x4869);\n\
INSERT INTO `wp_posts` VALUES (1,'ignored');\n";
        let tables = read_tables(dump.as_bytes(), |n| n.ends_with("wc_users_voted")).unwrap();
        assert_eq!(tables.len(), 1);
        let table = &tables["wp_wc_users_voted"];
        assert_eq!(table.columns, ["id", "user_id", "comment_id"]);
        assert_eq!(
            table.rows,
            vec![
                vec![Some("1".into()), Some("a'b".into()), Some("12".into())],
                vec![Some("2".into()), Some("l'x".into()), None],
                vec![Some("3".into()), Some("z".into()), Some("Hi".into())],
            ]
        );
    }

    #[test]
    fn inserts_that_name_their_columns() {
        let dump = "INSERT INTO `wp_options` (`option_name`, `option_value`) VALUES ('timezone_string','Europe/Paris'),('x','(y)');";
        let tables = read_tables(dump.as_bytes(), |n| n == "wp_options").unwrap();
        let table = &tables["wp_options"];
        assert_eq!(table.column("option_value"), Some(1));
        assert_eq!(table.rows[1][1].as_deref(), Some("(y)"));
    }
}
