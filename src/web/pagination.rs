//! The `?page=` parameter of paginated lists (the home page, search results).

use crate::error::AppError;

/// Highest page number accepted (beyond it, the query would only scan).
pub const MAX_PAGE: i64 = 10_000;

/// The page asked for: 1 when absent or empty, a 400 unless a number from 1 to [`MAX_PAGE`].
pub fn page_number(raw: Option<&str>) -> Result<i64, AppError> {
    match raw {
        None | Some("") => Ok(1),
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or(AppError::BadRequest(
                "page must be a number from 1 to 10000",
            )),
    }
}

#[cfg(test)]
mod tests {
    use super::page_number;

    #[test]
    fn page_numbers_are_checked() {
        assert_eq!(page_number(None).unwrap(), 1);
        assert_eq!(page_number(Some("")).unwrap(), 1);
        assert_eq!(page_number(Some("3")).unwrap(), 3);
        for bad in ["0", "-1", "abc", "1e3", "10001", "99999999999999999999"] {
            assert!(page_number(Some(bad)).is_err(), "{bad}");
        }
    }
}
