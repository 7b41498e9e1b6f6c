//! A network written by a person (a setting, the block list): a CIDR or a bare address.

use std::net::IpAddr;

use ipnet::IpNet;

/// Reads a network written as a CIDR (`203.0.113.0/24`, `2001:db8::/48`) or a bare address
/// (a network of one); its host bits are kept as written.
pub fn parse_network(text: &str) -> Option<IpNet> {
    let text = text.trim();
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}
