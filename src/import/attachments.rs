//! The attachments of the export: their pages (`/?attachment_id=ID` and their permalink) lead
//! to the article of the post they belong to.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::import::context::Context;
use crate::import::model::Item;
use crate::import::report::Report;
use crate::import::{addresses, mapping};

/// Attachment pages lead to the article of the post they belong to.
pub async fn pages(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    attachments: &[Item],
    report: &mut Report,
) -> anyhow::Result<()> {
    let mut pairs = Vec::new();
    for attachment in attachments.iter().filter(|a| a.parent > 0) {
        let Some(article) = ctx
            .mapping
            .find(conn, mapping::Kind::Post, attachment.parent)
            .await?
        else {
            continue;
        };
        if let Some(slug) = article_slug(conn, article).await? {
            pairs.extend(addresses::attachment_addresses(attachment, &slug));
        }
    }
    let added = mapping::add_redirects(conn, &pairs).await?;
    report.imported("redirects", added as u64);
    Ok(())
}

async fn article_slug(
    conn: &mut AsyncPgConnection,
    id: i64,
) -> diesel::QueryResult<Option<String>> {
    crate::schema::articles::table
        .find(id)
        .select(crate::schema::articles::slug)
        .first(conn)
        .await
        .optional()
}
