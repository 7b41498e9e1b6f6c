//! The series and themes tables.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::domain::Slug;
use crate::schema::{series, themes};

/// An editorial series.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = series)]
pub struct Series {
    /// Primary key.
    pub id: i64,
    /// URL name.
    pub slug: String,
    /// Name.
    pub name: String,
    /// One paragraph.
    pub description: String,
}

/// A theme ("Sillage").
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = themes)]
pub struct Theme {
    /// Primary key.
    pub id: i64,
    /// URL name.
    pub slug: String,
    /// Name.
    pub name: String,
    /// One sentence.
    pub description: String,
}

#[cfg(test)]
impl Theme {
    /// A theme numbered `id`, for the unit tests of the forms that pick themes.
    pub(crate) fn sample(id: i64) -> Self {
        Self {
            id,
            slug: format!("t{id}"),
            name: format!("Thème {id}"),
            description: String::new(),
        }
    }
}

/// The fields of a series to save.
#[derive(Debug, Clone, Copy, AsChangeset, Insertable)]
#[diesel(table_name = series)]
pub struct SeriesSave<'a> {
    /// Name.
    pub name: &'a str,
    /// URL name.
    pub slug: &'a str,
    /// One paragraph.
    pub description: &'a str,
}

impl Series {
    /// Creates (`id` None) or updates a series; `None` when the slug is already taken.
    pub async fn save(
        conn: &mut AsyncPgConnection,
        id: Option<i64>,
        values: SeriesSave<'_>,
    ) -> QueryResult<Option<i64>> {
        let saved = match id {
            None => {
                diesel::insert_into(series::table)
                    .values(values)
                    .returning(series::id)
                    .get_result(conn)
                    .await
            }
            Some(id) => {
                diesel::update(series::table.find(id))
                    .set(values)
                    .returning(series::id)
                    .get_result(conn)
                    .await
            }
        };
        match saved {
            Ok(id) => Ok(Some(id)),
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Every series, by name.
    pub async fn all(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Self>> {
        series::table
            .order(series::name)
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// The series at `slug`.
    pub async fn by_slug(conn: &mut AsyncPgConnection, slug: &Slug) -> QueryResult<Self> {
        series::table
            .filter(series::slug.eq(slug.as_str()))
            .select(Self::as_select())
            .first(conn)
            .await
    }

    /// The series with this id.
    pub async fn by_id(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Self> {
        series::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
            .await
    }
}

impl Theme {
    /// The ids a form chose among `themes`, sorted and without repeats; `Err` holds them too
    /// when an entry is not the id of one of `themes` (blank entries are ignored).
    pub fn checked_ids(raw: &[String], themes: &[Theme]) -> Result<Vec<i64>, Vec<i64>> {
        let mut ids = Vec::new();
        let mut unknown = false;
        for raw in raw.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
            match raw.parse::<i64>() {
                Ok(id) if themes.iter().any(|theme| theme.id == id) => ids.push(id),
                _ => unknown = true,
            }
        }
        ids.sort_unstable();
        ids.dedup();
        if unknown { Err(ids) } else { Ok(ids) }
    }

    /// Every theme, in the author's order.
    pub async fn all(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Self>> {
        themes::table
            .order((themes::position, themes::id))
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// The theme at `slug`.
    pub async fn by_slug(conn: &mut AsyncPgConnection, slug: &Slug) -> QueryResult<Self> {
        themes::table
            .filter(themes::slug.eq(slug.as_str()))
            .select(Self::as_select())
            .first(conn)
            .await
    }
}
