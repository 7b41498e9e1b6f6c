//! Statements written in SQL whose text never changes, prepared once per connection.
//!
//! diesel keeps a prepared statement only when it knows the text cannot change: a query of its
//! DSL is known by its type, while `sql_query` and `sql` literals count as built at run time
//! and are parsed again on every call. A [`Fixed`] statement is known by a type of its own
//! ([`FixedSql`]), so diesel prepares it once per connection and reuses it.

use std::marker::PhantomData;

use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId, SqlQuery};

/// The text of one statement, named by a type of its own.
pub trait FixedSql: 'static {
    /// The SQL, with `$1`, `$2`… for its parameters.
    const SQL: &'static str;
}

/// The statement `Q` with its parameters bound (`S`: the `sql_query` of `Q::SQL` and its
/// binds). One `Q` must always be bound with the same types: the types are not in its key.
pub struct Fixed<Q, S> {
    statement: S,
    sql: PhantomData<fn() -> Q>,
}

/// The statement `Q`, its parameters bound by `bind` on the `sql_query` of its text.
pub fn fixed<Q: FixedSql, S>(bind: impl FnOnce(SqlQuery) -> S) -> Fixed<Q, S> {
    Fixed {
        statement: bind(diesel::sql_query(Q::SQL)),
        sql: PhantomData,
    }
}

impl<Q: FixedSql, S> QueryId for Fixed<Q, S> {
    type QueryId = Q;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<Q, S: QueryFragment<Pg>> QueryFragment<Pg> for Fixed<Q, S> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.statement.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _backend: &Pg) -> QueryResult<bool> {
        Ok(true)
    }
}

impl<Q, S: Query> Query for Fixed<Q, S> {
    type SqlType = S::SqlType;
}
