//! A urlencoded form read the way browsers' forms are written: a field sent twice keeps its
//! last value (a strict reading would refuse the whole form, and the text typed with it), and
//! a field not sent takes the struct's default.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde::de::value::{Error as ValueError, MapDeserializer};

use crate::error::AppError;

/// The form's fields as `T`.
pub struct LenientForm<T>(pub T);

impl<T> LenientForm<T> {
    /// The fields.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Reads `pairs` as `T`, the last value of a repeated key winning.
fn read<T: DeserializeOwned>(pairs: Vec<(String, String)>) -> Result<T, ValueError> {
    let mut last: Vec<(String, String)> = Vec::with_capacity(pairs.len());
    for (key, value) in pairs {
        match last.iter_mut().find(|(k, _)| *k == key) {
            Some(kept) => kept.1 = value,
            None => last.push((key, value)),
        }
    }
    T::deserialize(MapDeserializer::new(last.into_iter()))
}

impl<T: DeserializeOwned + 'static> FromRequest for LenientForm<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let pairs = web::Form::<Vec<(String, String)>>::from_request(req, payload);
        Box::pin(async move {
            let pairs = pairs.await?.into_inner();
            read(pairs)
                .map(LenientForm)
                .map_err(|_| AppError::BadRequest("form fields").into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, serde::Deserialize, PartialEq)]
    #[serde(default)]
    struct Fields {
        body: String,
        name: String,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Form {
        #[serde(flatten)]
        fields: Fields,
        #[serde(default)]
        token: String,
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_last_value_of_a_field_wins_and_missing_ones_are_empty() {
        let sent = pairs(&[("name", "Léa"), ("body", "a"), ("name", "Lou"), ("x", "?")]);
        let form: Form = read(sent).unwrap();
        assert_eq!(form.fields.name, "Lou");
        assert_eq!(form.fields.body, "a");
        assert_eq!(form.token, "");
    }
}
