//! The old links kept by the import (`wpdiscuz_links`): an imported subscription's WordPress id
//! and the hash of its activation key, pointing at the follow made from it.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bytea, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use subtle::ConstantTimeEq;

use crate::readers::follow::store::FollowLink;
use crate::readers::follow::wpdiscuz::link::{ActivationKey, OldLink};
use crate::schema::{follows, readers, wpdiscuz_links};

/// The queries on the old links.
pub struct WpdiscuzLink;

impl WpdiscuzLink {
    /// Keeps the link of subscription `wp_id` of `site`, pointing at `follow_id`. A link kept
    /// before stays as it was, and a follow that is gone (its reader erased) gets none.
    pub async fn keep(
        conn: &mut AsyncPgConnection,
        site: &str,
        wp_id: i64,
        key: &ActivationKey,
        follow_id: i64,
    ) -> QueryResult<()> {
        let row = follows::table.filter(follows::id.eq(follow_id)).select((
            site.into_sql::<Text>(),
            wp_id.into_sql::<BigInt>(),
            key.hash().into_sql::<Bytea>(),
            follows::id,
        ));
        diesel::insert_into(wpdiscuz_links::table)
            .values(row)
            .into_columns((
                wpdiscuz_links::site,
                wpdiscuz_links::wp_id,
                wpdiscuz_links::key_hash,
                wpdiscuz_links::follow_id,
            ))
            .on_conflict_do_nothing()
            .execute(conn)
            .await
            .map(|_| ())
    }

    /// The follow an old link opens, with its reader's salt, when its key is the one kept
    /// (compared in constant time).
    pub async fn follow_of(
        conn: &mut AsyncPgConnection,
        link: &OldLink,
    ) -> QueryResult<Option<FollowLink>> {
        // One row per imported site that had this id; the link names no site.
        let kept: Vec<(Vec<u8>, FollowLink)> = wpdiscuz_links::table
            .inner_join(follows::table.inner_join(readers::table))
            .filter(wpdiscuz_links::wp_id.eq(link.id))
            .select((wpdiscuz_links::key_hash, (follows::id, readers::link_salt)))
            .load(conn)
            .await?;
        let sent = link.key.hash();
        Ok(kept
            .into_iter()
            .find(|(hash, _)| bool::from(hash.ct_eq(&sent)))
            .map(|(_, follow)| follow))
    }
}
