//! The errors of a form, by field, shown beside the fields when the form comes back.

/// Error messages keyed by form field name.
#[derive(Debug, Default, Clone)]
pub struct FormErrors(Vec<(&'static str, &'static str)>);

impl FormErrors {
    /// The errors of a form with only `message` for `field`.
    pub fn single(field: &'static str, message: &'static str) -> Self {
        Self(vec![(field, message)])
    }

    /// Records `message` for `field` (the first message of a field wins).
    pub fn add(&mut self, field: &'static str, message: &'static str) {
        if self.get(field).is_none() {
            self.0.push((field, message));
        }
    }

    /// The message of `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| *m)
    }

    /// Whether the form is valid.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_message_of_a_field_is_kept() {
        let mut errors = FormErrors::default();
        assert!(errors.is_empty());
        errors.add("title", "first");
        errors.add("title", "second");
        assert_eq!(errors.get("title"), Some("first"));
        assert_eq!(errors.get("slug"), None);
        assert!(!errors.is_empty());
    }
}
