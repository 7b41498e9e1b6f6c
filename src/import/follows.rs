//! wpDiscuz subscriptions become follows of the verified reader identity. A confirmed one
//! (`confirm = 1`) is an active follow, `all` for a `post` subscription and `replies` for
//! `all_comment` and `comment` ones, with its consent recorded as given on WordPress (its
//! source and date). An unconfirmed one gets nothing: the reader has to confirm here. Each
//! confirmed one keeps its id and activation key, so that its old unsubscribe link stops the
//! follow it became (or the one the reader already had there).

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::domain::EmailAddress;
use crate::import::context::Context;
use crate::import::dump::DumpSubscription;
use crate::import::mapping::Kind;
use crate::import::report::Report;
use crate::readers::follow::store::Follow;
use crate::readers::follow::wpdiscuz::link::ActivationKey;
use crate::readers::follow::wpdiscuz::store::WpdiscuzLink;
use crate::readers::identity;
use crate::schema::{follow_consents, follows};

/// Writes the follows of the post's confirmed subscriptions.
pub async fn write(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    post_id: i64,
    article_id: i64,
    report: &mut Report,
) -> QueryResult<()> {
    let Some(subscriptions) = ctx.dump.subscriptions.get(&post_id) else {
        return Ok(());
    };
    // `post` first: when an address has several, the widest follow is the one kept.
    let mut ordered: Vec<&DumpSubscription> = subscriptions.iter().collect();
    ordered.sort_by_key(|s| (s.kind != "post", s.id));
    let mut pairs = Vec::new();
    for subscription in ordered {
        if !subscription.confirmed {
            report.skipped("unconfirmed subscriptions (the reader must confirm here)");
            continue;
        }
        let Some(email) = EmailAddress::parse(&subscription.email) else {
            report.skipped("subscriptions with an invalid address");
            continue;
        };
        if let Some(follow) = ctx
            .mapping
            .find(conn, Kind::Subscription, subscription.id)
            .await?
        {
            keep_link(conn, ctx, subscription, follow, report).await?;
            report.existing("follows", 1);
            continue;
        }
        let at = subscription.at.unwrap_or(ctx.now);
        let reader = identity::record_confirmed_reader(conn, &email, at).await?;
        let mode = if subscription.kind == "post" {
            "all"
        } else {
            "replies"
        };
        let follow: Option<i64> = diesel::insert_into(follows::table)
            .values((
                follows::reader_id.eq(reader),
                follows::article_id.eq(article_id),
                follows::mode.eq(mode),
                follows::status.eq("active"),
                follows::created_at.eq(at),
                follows::activated_at.eq(at),
            ))
            .on_conflict_do_nothing()
            .returning(follows::id)
            .get_result(conn)
            .await
            .optional()?;
        let Some(follow) = follow else {
            if let Some(follow) = Follow::id_of(conn, reader, article_id).await? {
                keep_link(conn, ctx, subscription, follow, report).await?;
            }
            report.existing("follows", 1);
            continue;
        };
        diesel::insert_into(follow_consents::table)
            .values((
                follow_consents::follow_id.eq(follow),
                follow_consents::source.eq(format!(
                    "wpDiscuz subscription {} ({}), imported from WordPress",
                    subscription.id, subscription.kind
                )),
                follow_consents::consented_at.eq(at),
            ))
            .execute(conn)
            .await?;
        keep_link(conn, ctx, subscription, follow, report).await?;
        pairs.push((subscription.id, follow));
    }
    report.imported("follows", pairs.len() as u64);
    ctx.mapping.record(conn, Kind::Subscription, &pairs).await
}

/// Keeps the subscription's unsubscribe link pointing at `follow` (once: a link kept before
/// stays as it was).
async fn keep_link(
    conn: &mut AsyncPgConnection,
    ctx: &Context,
    subscription: &DumpSubscription,
    follow: i64,
    report: &mut Report,
) -> QueryResult<()> {
    match ActivationKey::parse(&subscription.activation_key) {
        Some(key) => {
            WpdiscuzLink::keep(conn, ctx.mapping.site(), subscription.id, &key, follow).await
        }
        None => {
            report.skipped("unsubscribe links without a usable key (they will not work)");
            Ok(())
        }
    }
}
