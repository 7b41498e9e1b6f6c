//! The client's address: the socket peer, or, when the peer is a configured trusted proxy, the
//! nearest untrusted address of `X-Forwarded-For`. Only its network (/24 for IPv4, /48 for
//! IPv6) is ever stored.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::http::header::HeaderName;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::error::AppError;
use crate::settings::Settings;

/// The header a reverse proxy names the client in (a name made once, not parsed per request).
static X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// The address a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(IpAddr);

impl ClientAddr {
    /// The address, for rate limits held in memory only.
    pub fn ip(&self) -> IpAddr {
        self.0
    }

    /// The truncated network of the address, the only form that is stored.
    pub fn network(&self) -> String {
        truncate(self.0).to_string()
    }

    /// The client of `req`: its peer, or the forwarded address when the peer is one of the
    /// settings' trusted proxies; none without a peer address.
    pub fn of(req: &HttpRequest, settings: &Settings) -> Option<Self> {
        let peer = req.peer_addr()?.ip();
        if !settings.is_trusted_proxy(peer) {
            return Some(Self(peer));
        }
        let forwarded = req
            .headers()
            .get(&X_FORWARDED_FOR)
            .and_then(|value| value.to_str().ok());
        Some(Self::resolve(peer, forwarded, |ip| {
            settings.is_trusted_proxy(ip)
        }))
    }

    /// Works out the client's address from the socket peer and the forwarded chain.
    pub fn resolve(
        peer: IpAddr,
        forwarded_for: Option<&str>,
        is_trusted: impl Fn(IpAddr) -> bool,
    ) -> Self {
        if !is_trusted(peer) {
            return Self(peer);
        }
        let chain: Vec<IpAddr> = forwarded_for
            .unwrap_or_default()
            .split(',')
            .filter_map(|hop| hop.trim().parse().ok())
            .collect();
        // Walk from the nearest hop outwards; the first untrusted address is the client.
        let client = chain
            .iter()
            .rev()
            .find(|hop| !is_trusted(**hop))
            .or(chain.first())
            .copied()
            .unwrap_or(peer);
        Self(client)
    }
}

/// The network an address belongs to: /24 for IPv4, /48 for IPv6.
pub fn truncate(ip: IpAddr) -> IpNet {
    let net = match ip {
        IpAddr::V4(v4) => Ipv4Net::new(v4, 24).map(IpNet::V4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => Ipv4Net::new(v4, 24).map(IpNet::V4),
            None => Ipv6Net::new(v6, 48).map(IpNet::V6),
        },
    };
    net.map(|n| n.trunc()).unwrap_or_else(|_| IpNet::from(ip))
}

impl FromRequest for ClientAddr {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(settings) = req.app_data::<web::Data<Settings>>() else {
            return ready(Err(AppError::Unexpected(anyhow::anyhow!(
                "settings missing"
            ))));
        };
        ready(ClientAddr::of(req, settings).ok_or(AppError::BadRequest("no peer address")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::network::parse_network;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn addresses_are_truncated_before_storage() {
        assert_eq!(truncate(ip("203.0.113.77")).to_string(), "203.0.113.0/24");
        assert_eq!(
            truncate(ip("2001:db8:1234:5678::1")).to_string(),
            "2001:db8:1234::/48"
        );
        assert_eq!(
            truncate(ip("::ffff:198.51.100.9")).to_string(),
            "198.51.100.0/24"
        );
    }

    #[test]
    fn networks_are_cidrs_or_bare_addresses() {
        let net = |text: &str| parse_network(text).map(|n| n.to_string());
        assert_eq!(net(" 203.0.113.0/24 ").as_deref(), Some("203.0.113.0/24"));
        assert_eq!(net("198.51.100.7").as_deref(), Some("198.51.100.7/32"));
        assert_eq!(net("2001:db8:1::/48").as_deref(), Some("2001:db8:1::/48"));
        for garbage in ["", "203.0.113", "203.0.113.0/33", "nope", "2001:db8::/129"] {
            assert_eq!(net(garbage), None, "{garbage}");
        }
    }

    #[test]
    fn forwarded_for_is_ignored_from_an_untrusted_peer() {
        let client = ClientAddr::resolve(ip("198.51.100.9"), Some("1.2.3.4"), |_| false);
        assert_eq!(client.ip(), ip("198.51.100.9"));
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client() {
        let proxy = ip("10.0.0.1");
        let trusted = |addr: IpAddr| addr == proxy;
        let client = ClientAddr::resolve(proxy, Some("6.6.6.6, 203.0.113.5, 10.0.0.1"), trusted);
        assert_eq!(client.ip(), ip("203.0.113.5"));
    }

    #[test]
    fn a_garbled_header_from_a_trusted_proxy_falls_back_to_the_peer() {
        let client = ClientAddr::resolve(ip("10.0.0.1"), Some("not an address"), |_| true);
        assert_eq!(client.ip(), ip("10.0.0.1"));
    }
}
