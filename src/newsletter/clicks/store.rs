//! The rows of counted links: recorded at send time, counted on each followed redirect, read
//! for the send's results.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::newsletter_links;

/// Records the send's `links` by position; links already recorded are kept as they are.
pub async fn record_links(
    conn: &mut AsyncPgConnection,
    newsletter_id: i64,
    links: &[String],
) -> QueryResult<()> {
    let rows: Vec<_> = links
        .iter()
        .zip(0..)
        .map(|(url, position): (&String, i32)| {
            (
                newsletter_links::newsletter_id.eq(newsletter_id),
                newsletter_links::position.eq(position),
                newsletter_links::url.eq(url),
            )
        })
        .collect();
    diesel::insert_into(newsletter_links::table)
        .values(&rows)
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// Counts one click on link `position` of the send; its address, if the link exists.
pub async fn count_click(
    conn: &mut AsyncPgConnection,
    newsletter_id: i64,
    position: i32,
) -> QueryResult<Option<String>> {
    diesel::update(newsletter_links::table.find((newsletter_id, position)))
        .set(newsletter_links::clicks.eq(newsletter_links::clicks + 1))
        .returning(newsletter_links::url)
        .get_result(conn)
        .await
        .optional()
}

/// The send's links and their clicks, in the body's order.
pub async fn clicks_of(
    conn: &mut AsyncPgConnection,
    newsletter_id: i64,
) -> QueryResult<Vec<(String, i64)>> {
    newsletter_links::table
        .filter(newsletter_links::newsletter_id.eq(newsletter_id))
        .order(newsletter_links::position)
        .select((newsletter_links::url, newsletter_links::clicks))
        .load(conn)
        .await
}
