//! Case- and accent-insensitive substring search without the `unaccent` extension: both the
//! column and the text searched have their accented Latin letters folded with the same table,
//! then are lowercased: the column by `lower(translate(..))` in SQL, the text here in Rust.
//! Capitals are in the table too, since `lower` leaves them alone under the C locale.

use diesel::sql_types::Text;

/// Accented letters folded by [`fold`], in the order of [`FOLD_TO`].
pub const FOLD_FROM: &str =
    "àáâãäåāçćčèéêëēėęìíîïīłñńòóôõöøōœùúûüūÿýžźżÀÁÂÃÄÅĀÇĆČÈÉÊËĒĖĘÌÍÎÏĪŁÑŃÒÓÔÕÖØŌŒÙÚÛÜŪŸÝŽŹŻ";
/// What each letter of [`FOLD_FROM`] becomes (`œ` becomes `o`: a letter for a letter).
pub const FOLD_TO: &str =
    "aaaaaaaccceeeeeeeiiiiilnnoooooooouuuuuyyzzzaaaaaaaccceeeeeeeiiiiilnnoooooooouuuuuyyzzz";

diesel::define_sql_function! {
    /// SQL `lower(text)`.
    fn lower(text: Text) -> Text;
}

diesel::define_sql_function! {
    /// SQL `translate(text, from, to)`: each character of `from` becomes the one of `to`.
    fn translate(text: Text, from: Text, to: Text) -> Text;
}

/// `text` lowercased with its accents folded, as [`folded`] folds a column.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            FOLD_FROM
                .chars()
                .position(|accented| accented == c)
                .and_then(|at| FOLD_TO.chars().nth(at))
                .unwrap_or(c)
        })
        .collect::<String>()
        .to_lowercase()
}

/// A text column lowercased with its accents folded, to compare with a [`contains_pattern`].
pub fn folded<E>(column: E) -> lower<translate<E, &'static str, &'static str>>
where
    E: diesel::expression::AsExpression<Text>,
{
    lower(translate(column, FOLD_FROM, FOLD_TO))
}

/// A `LIKE` pattern matching `text` anywhere, literally: `%`, `_` and `\` are escaped.
pub fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fold_table_pairs_letter_for_letter() {
        assert_eq!(FOLD_FROM.chars().count(), FOLD_TO.chars().count());
    }

    #[test]
    fn accents_and_case_fold_away() {
        assert_eq!(fold("Élodie GARÇON"), "elodie garcon");
        assert_eq!(fold("Łódź"), "lodz");
    }

    #[test]
    fn wildcards_match_literally() {
        assert_eq!(contains_pattern("ana"), "%ana%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
