//! Lists that a statement aggregated as JSON (`json_agg(…)::TEXT`), read back into Rust values.

/// The list in `json` (NULL when the aggregate had no row; a list that does not read is empty).
pub fn json_list<T: serde::de::DeserializeOwned>(json: Option<&str>) -> Vec<T> {
    json.and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::json_list;

    #[test]
    fn a_missing_or_broken_list_is_empty() {
        assert_eq!(
            json_list::<(i16, i64)>(Some("[[5,2],[1,1]]")),
            vec![(5, 2), (1, 1)]
        );
        assert!(json_list::<i64>(None).is_empty());
        assert!(json_list::<i64>(Some("[1,")).is_empty());
    }
}
