//! The author accounts and their queries.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::domain::EmailAddress;
use crate::schema::authors;

/// An author account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = authors)]
pub struct Author {
    /// Primary key.
    pub id: i64,
    /// Login address, lowercase.
    pub email: String,
    /// Name shown on articles.
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
}

/// A new account.
#[derive(Debug, Insertable)]
#[diesel(table_name = authors)]
pub struct NewAuthor<'a> {
    /// Login address.
    pub email: &'a str,
    /// Name shown on articles.
    pub display_name: &'a str,
    /// Argon2id PHC string.
    pub password_hash: &'a str,
}

impl Author {
    /// The account with this address.
    pub async fn by_email(
        conn: &mut AsyncPgConnection,
        email: &EmailAddress,
    ) -> QueryResult<Option<Self>> {
        authors::table
            .filter(authors::email.eq(email.as_str()))
            .select(Self::as_select())
            .first(conn)
            .await
            .optional()
    }

    /// The account `id`.
    pub async fn by_id(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Self> {
        authors::table
            .find(id)
            .select(Self::as_select())
            .first(conn)
            .await
    }

    /// The name articles are signed with: the first account's display name, if any.
    pub async fn byline(conn: &mut AsyncPgConnection) -> QueryResult<Option<String>> {
        authors::table
            .order(authors::id)
            .select(authors::display_name)
            .first(conn)
            .await
            .optional()
    }

    /// Whether any account exists (no account: the first-run setup page is open).
    pub async fn any_exists(conn: &mut AsyncPgConnection) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(authors::table.select(authors::id)))
            .get_result(conn)
            .await
    }

    /// Creates an account, or updates the name and password of the one with this address.
    pub async fn upsert(conn: &mut AsyncPgConnection, new: NewAuthor<'_>) -> QueryResult<Self> {
        diesel::insert_into(authors::table)
            .values(&new)
            .on_conflict(authors::email)
            .do_update()
            .set((
                authors::display_name.eq(new.display_name),
                authors::password_hash.eq(new.password_hash),
                authors::password_changed_at.eq(diesel::dsl::now),
            ))
            .returning(Self::as_returning())
            .get_result(conn)
            .await
    }

    /// Creates the first account, unless one appeared meanwhile (then `None`).
    pub async fn create_first(
        conn: &mut AsyncPgConnection,
        new: NewAuthor<'_>,
    ) -> QueryResult<Option<Self>> {
        use diesel_async::AsyncConnection;
        conn.transaction(async |conn| {
            // Serialises concurrent setups: only the first one creates the account.
            diesel::sql_query("LOCK TABLE authors IN EXCLUSIVE MODE")
                .execute(conn)
                .await?;
            if Self::any_exists(conn).await? {
                return Ok(None);
            }
            diesel::insert_into(authors::table)
                .values(&new)
                .returning(Self::as_returning())
                .get_result(conn)
                .await
                .map(Some)
        })
        .await
    }

    /// The address of account `id`.
    pub async fn email_of(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<String> {
        authors::table
            .find(id)
            .select(authors::email)
            .first(conn)
            .await
    }

    /// The addresses and names of every author account.
    pub async fn recipients(conn: &mut AsyncPgConnection) -> QueryResult<Vec<(String, String)>> {
        authors::table
            .order(authors::id)
            .select((authors::email, authors::display_name))
            .load(conn)
            .await
    }

    /// Replaces the password hash.
    pub async fn set_password(
        conn: &mut AsyncPgConnection,
        id: i64,
        hash: &str,
    ) -> QueryResult<()> {
        diesel::update(authors::table.find(id))
            .set((
                authors::password_hash.eq(hash),
                authors::password_changed_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await
            .map(|_| ())
    }
}
