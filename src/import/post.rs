//! One post, written whole or not at all (the caller holds the transaction): the article (or the
//! one an earlier import made), then its comments, votes, rating, follows and old addresses.

use diesel::QueryResult;
use diesel_async::{AsyncConnection, AsyncPgConnection};

use crate::import::addresses::post_addresses;
use crate::import::context::Context;
use crate::import::issue::Issue;
use crate::import::mapping::{Kind, add_redirects};
use crate::import::model::Item;
use crate::import::report::{Problem, Report};
use crate::import::{article, discussion, follows, votes};

/// Imports a post; what it did goes into `report`.
pub async fn import(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    item: &Item,
    report: &mut Report,
) -> QueryResult<()> {
    let article = match ctx.mapping.find(conn, Kind::Post, item.id).await? {
        Some(id) => match article::existing(conn, id, item).await? {
            Some(article) => {
                report.existing(item.article_count(), 1);
                article
            }
            None => {
                report.skipped("posts whose article was deleted here after an earlier import");
                return Ok(());
            }
        },
        None => {
            let article = article::create(conn, ctx, item, report).await?;
            ctx.mapping
                .record(conn, Kind::Post, &[(item.id, article.id)])
                .await?;
            article
        }
    };
    let comment_ids = discussion::write(conn, ctx, item, &article, report).await?;
    votes::comment_votes(conn, ctx, item, &comment_ids, report).await?;
    votes::rating(conn, ctx, item, article.id, report).await?;
    follows::write(conn, ctx, item.id, article.id, report).await?;
    let added = add_redirects(conn, &post_addresses(ctx, item, &article.slug)).await?;
    report.imported("redirects", added as u64);
    if !ctx.dry_run {
        discussion::advance_numbering(conn).await?;
    }
    Ok(())
}

/// Writes one post in its own transaction; a post that fails is reported, not half-written.
pub async fn write(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    item: &Item,
    report: &mut Report,
) -> anyhow::Result<()> {
    let mut local = Report::default();
    let result = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            import(conn, ctx, item, &mut local).await
        })
        .await;
    match result {
        Ok(()) => report.merge(local),
        Err(error) if is_connection_lost(&error) => return Err(error.into()),
        Err(error) => {
            report.skipped("posts that could not be written (see the problems)");
            report.problem(Problem::new(
                item.line,
                Issue::PostNotWritten {
                    post: item.id,
                    error: error.to_string(),
                },
            ));
        }
    }
    Ok(())
}

fn is_connection_lost(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ClosedConnection,
            _
        ) | diesel::result::Error::BrokenTransactionManager
    )
}
