//! The block list: senders whose comments go straight to spam and whose follow requests send
//! nothing, by email address or by client address range (a Postgres `cidr`, matched with
//! `>>=` against the client's full address, which is never stored).

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use ipnet::IpNet;

use crate::domain::EmailAddress;
use crate::domain::network::parse_network;
use crate::schema::comment_blocks;

/// The widest IPv4 range accepted (a /8 already holds 16 million addresses).
const MIN_V4_PREFIX: u8 = 8;
/// The widest IPv6 range accepted.
const MIN_V6_PREFIX: u8 = 16;
/// Longest note.
pub const MAX_NOTE: usize = 200;

/// What a block names, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockTarget {
    /// One email address, lowercased.
    Email(EmailAddress),
    /// An address range, its host bits cleared.
    Network(IpNet),
}

/// Why a block cannot be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockError {
    /// The kind is neither `email` nor `network`.
    Kind,
    /// Not an email address.
    Email,
    /// Neither an address nor a CIDR range.
    Network,
    /// A range so wide it would block the world.
    TooWide,
}

impl BlockTarget {
    /// Reads a block of `kind` (`email` or `network`) from the text typed.
    pub fn parse(kind: &str, value: &str) -> Result<Self, BlockError> {
        match kind {
            "email" => EmailAddress::parse(value)
                .map(Self::Email)
                .ok_or(BlockError::Email),
            "network" => {
                let net = parse_network(value).ok_or(BlockError::Network)?;
                let floor = match net {
                    IpNet::V4(_) => MIN_V4_PREFIX,
                    IpNet::V6(_) => MIN_V6_PREFIX,
                };
                if net.prefix_len() < floor {
                    return Err(BlockError::TooWide);
                }
                Ok(Self::Network(net.trunc()))
            }
            _ => Err(BlockError::Kind),
        }
    }
}

/// A block as listed.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = comment_blocks)]
pub struct CommentBlock {
    /// Primary key.
    pub id: i64,
    /// `email` or `network`.
    pub kind: String,
    /// The address, for an email block.
    pub email: Option<String>,
    /// The range, for a network block.
    pub network: Option<IpNet>,
    /// Why, in the moderator's words.
    pub note: String,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

impl CommentBlock {
    /// The address or range blocked, as shown.
    pub fn value(&self) -> String {
        match (&self.email, &self.network) {
            (Some(email), _) => email.clone(),
            (None, Some(network)) => network.to_string(),
            (None, None) => String::new(),
        }
    }

    /// Every block, newest first.
    pub async fn all(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Self>> {
        comment_blocks::table
            .order(comment_blocks::id.desc())
            .select(Self::as_select())
            .load(conn)
            .await
    }

    /// Adds a block; blocking what is already blocked changes nothing.
    pub async fn add(
        conn: &mut AsyncPgConnection,
        target: &BlockTarget,
        note: &str,
    ) -> QueryResult<()> {
        let (kind, email, network) = match target {
            BlockTarget::Email(email) => ("email", Some(email.as_str()), None),
            BlockTarget::Network(net) => ("network", None, Some(*net)),
        };
        let insert = diesel::insert_into(comment_blocks::table).values((
            comment_blocks::kind.eq(kind),
            comment_blocks::email.eq(email),
            comment_blocks::network.eq(network),
            comment_blocks::note.eq(note),
        ));
        insert
            .on_conflict_do_nothing()
            .execute(conn)
            .await
            .map(drop)
    }

    /// Removes a block; false when there was none.
    pub async fn remove(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<bool> {
        diesel::delete(comment_blocks::table.find(id))
            .execute(conn)
            .await
            .map(|n| n == 1)
    }

    /// Whether `email`, or the client address `ip`, is blocked (an IPv4 client seen through
    /// a dual-stack socket as `::ffff:a.b.c.d` is matched as the IPv4 address it is).
    pub async fn blocks(
        conn: &mut AsyncPgConnection,
        email: &str,
        ip: IpAddr,
    ) -> QueryResult<bool> {
        let client = IpNet::from(ip.to_canonical());
        diesel::select(diesel::dsl::exists(
            comment_blocks::table.filter(
                comment_blocks::email
                    .eq(email)
                    .or(comment_blocks::network.contains_or_eq(client)),
            ),
        ))
        .get_result(conn)
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lowercased_and_ranges_cleared_of_host_bits() {
        assert_eq!(
            BlockTarget::parse("email", " Spam@Example.ORG "),
            Ok(BlockTarget::Email(
                EmailAddress::parse("spam@example.org").unwrap()
            ))
        );
        let net = |text: &str| match BlockTarget::parse("network", text) {
            Ok(BlockTarget::Network(net)) => net.to_string(),
            other => format!("{other:?}"),
        };
        assert_eq!(net("203.0.113.77/24"), "203.0.113.0/24");
        assert_eq!(net("203.0.113.77"), "203.0.113.77/32");
        assert_eq!(net("2001:db8:1:2::9/48"), "2001:db8:1::/48");
    }

    #[test]
    fn garbage_and_the_whole_internet_are_refused() {
        assert_eq!(
            BlockTarget::parse("email", "nobody"),
            Err(BlockError::Email)
        );
        assert_eq!(
            BlockTarget::parse("network", "10.0.0.0/33"),
            Err(BlockError::Network)
        );
        assert_eq!(
            BlockTarget::parse("network", "banana"),
            Err(BlockError::Network)
        );
        assert_eq!(
            BlockTarget::parse("network", "0.0.0.0/0"),
            Err(BlockError::TooWide)
        );
        assert_eq!(
            BlockTarget::parse("network", "2001::/8"),
            Err(BlockError::TooWide)
        );
        assert_eq!(
            BlockTarget::parse("domain", "example.org"),
            Err(BlockError::Kind)
        );
    }
}
