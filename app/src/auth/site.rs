//! Where the server is reached and whom it trusts: the public address, the reverse
//! proxies whose `X-Forwarded-For` names the client, and the networks a client's address
//! is counted as by the throttles.

use std::net::IpAddr;

use super::SessionSettings;

/// What the server knows about where it is reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteSettings {
    /// The address people use, such as `https://techkaart.nl`, without a trailing slash:
    /// links in mail point there, and requests that change something must come from it.
    pub public_url: String,
    /// The reverse proxies whose `X-Forwarded-For` names the client: addresses or ranges.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Whether a mail server sends the outbox; without one, coordinators forward
    /// invitations themselves.
    pub sends_mail: bool,
    /// Names this build of the server (from its assets' hashes): a kiosk screen that
    /// hears of another build loads itself anew.
    pub build: String,
}

impl SiteSettings {
    pub fn new(public_url: &str) -> SiteSettings {
        SiteSettings {
            public_url: public_url.trim_end_matches('/').to_owned(),
            trusted_proxies: Vec::new(),
            sends_mail: false,
            build: "dev".to_owned(),
        }
    }

    /// The same settings, naming the build.
    pub fn built_as(self, build: &str) -> SiteSettings {
        SiteSettings {
            build: build.to_owned(),
            ..self
        }
    }

    /// The same settings, with a mail server that sends the outbox or without one.
    pub fn sending_mail(self, sends_mail: bool) -> SiteSettings {
        SiteSettings { sends_mail, ..self }
    }

    /// The same settings, behind the reverse proxies at these addresses or ranges.
    pub fn behind(self, trusted_proxies: Vec<ipnet::IpNet>) -> SiteSettings {
        SiteSettings {
            trusted_proxies,
            ..self
        }
    }

    /// The address a request comes from: `peer`, the other end of the connection, unless it
    /// is a trusted proxy; then the nearest address in `forwarded_for` (the
    /// `X-Forwarded-For` values, oldest first) that is not one. Addresses further left
    /// were written by whoever sent the request and prove nothing.
    pub fn client_address<'a>(&self, peer: IpAddr, forwarded_for: impl DoubleEndedIterator<Item = &'a str>) -> IpAddr {
        let peer = unmapped(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_for.rev().flat_map(|value| value.rsplit(',')) {
            match hop.trim().parse::<IpAddr>().map(unmapped) {
                Ok(address) if self.trusts(address) => client = address,
                Ok(address) => return address,
                // Garbled: what stands before it cannot be trusted either.
                Err(_) => return client,
            }
        }
        client
    }

    /// Whether `address` is one of the trusted proxies (an IPv4 peer seen as IPv4-mapped
    /// IPv6 is its IPv4 address).
    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = unmapped(address);
        self.trusted_proxies.iter().any(|proxy| proxy.contains(&address))
    }

    pub fn sessions(&self) -> SessionSettings {
        SessionSettings::for_public_url(&self.public_url)
    }

    /// Whether pages are served over https (so browsers should insist on it).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// How the session cookie is set, from the public address: on https it is `Secure` and

/// `address` as IPv4 when it is an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, as a
/// dual-stack socket reports IPv4 peers), else as it is.
pub fn unmapped(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The network a client's address is throttled as for logins: the address itself for
/// IPv4, its /64 for IPv6 (one home or phone gets a whole /64, and every address in it is
/// theirs).
pub fn throttled_network(address: IpAddr) -> String {
    network_of(address, 64)
}

/// The network an anonymous form (a student's interest, a class sign-up, a TV's pairing)
/// is throttled as: the address for IPv4, its /56 for IPv6, the block a provider
/// commonly gives one customer, so a sender cannot step through its addresses.
pub fn anonymous_network(address: IpAddr) -> String {
    network_of(address, 56)
}

fn network_of(address: IpAddr, ipv6_prefix: u8) -> String {
    match unmapped(address) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match ipnet::Ipv6Net::new(v6, ipv6_prefix) {
            Ok(network) => network.trunc().to_string(),
            Err(_) => v6.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_address_is_the_nearest_one_no_trusted_proxy_wrote() {
        let ip = |text: &str| text.parse::<IpAddr>().expect("an address");
        let direct = SiteSettings::new("https://techkaart.example");
        let proxied = direct
            .clone()
            .behind(vec![ip("10.0.0.2").into(), ip("10.0.0.3").into()]);
        let cases: [(&SiteSettings, &str, &[&str], &str); 8] = [
            // Without trusted proxies the header is whatever the sender wrote: ignored.
            (&direct, "198.51.100.9", &["203.0.113.7"], "198.51.100.9"),
            // Not from the proxy: a direct request that made the header up.
            (&proxied, "198.51.100.9", &["203.0.113.7"], "198.51.100.9"),
            (&proxied, "10.0.0.2", &["203.0.113.7"], "203.0.113.7"),
            // A forged entry on the left is passed over for the one the proxy added.
            (&proxied, "10.0.0.2", &["1.2.3.4, 203.0.113.7"], "203.0.113.7"),
            (
                &proxied,
                "10.0.0.2",
                &["1.2.3.4", "203.0.113.7, 10.0.0.3"],
                "203.0.113.7",
            ),
            (&proxied, "10.0.0.2", &["2001:db8::5"], "2001:db8::5"),
            // Nothing usable: the nearest proxy stands for the client.
            (&proxied, "10.0.0.2", &[], "10.0.0.2"),
            (&proxied, "10.0.0.2", &["203.0.113.7, onzin, 10.0.0.3"], "10.0.0.3"),
        ];
        for (site, peer, header, expected) in cases {
            assert_eq!(
                site.client_address(ip(peer), header.iter().copied()),
                ip(expected),
                "{peer} with {header:?}"
            );
        }
    }

    #[test]
    fn proxies_are_trusted_by_range_and_as_ipv4_mapped_peers() {
        let ip = |text: &str| text.parse::<IpAddr>().expect("an address");
        let range = |text: &str| text.parse::<ipnet::IpNet>().expect("a range");
        let site =
            SiteSettings::new("https://techkaart.example").behind(vec![range("10.1.0.0/16"), range("fd00::/64")]);
        assert_eq!(
            site.client_address(ip("10.1.7.9"), ["203.0.113.7"].into_iter()),
            ip("203.0.113.7")
        );
        assert_eq!(
            site.client_address(ip("fd00::42"), ["203.0.113.7"].into_iter()),
            ip("203.0.113.7")
        );
        // A dual-stack socket reports an IPv4 proxy as ::ffff:10.1.7.9.
        assert_eq!(
            site.client_address(ip("::ffff:10.1.7.9"), ["203.0.113.7"].into_iter()),
            ip("203.0.113.7")
        );
        // Outside the ranges the header is ignored, and a mapped peer counts as its IPv4.
        assert_eq!(
            site.client_address(ip("10.2.0.1"), ["203.0.113.7"].into_iter()),
            ip("10.2.0.1")
        );
        assert_eq!(
            site.client_address(ip("::ffff:198.51.100.9"), ["203.0.113.7"].into_iter()),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn anonymous_forms_count_an_ipv6_customer_by_its_56() {
        let ip = |text: &str| text.parse::<IpAddr>().expect("an address");
        assert_eq!(anonymous_network(ip("2001:db8:1:2ff:aaaa::1")), "2001:db8:1:200::/56");
        assert_eq!(
            anonymous_network(ip("2001:db8:1:2ff::1")),
            anonymous_network(ip("2001:db8:1:200::9"))
        );
        assert_ne!(
            anonymous_network(ip("2001:db8:1:300::1")),
            anonymous_network(ip("2001:db8:1:200::1"))
        );
        assert_eq!(anonymous_network(ip("192.0.2.7")), "192.0.2.7");
        assert_eq!(anonymous_network(ip("::ffff:192.0.2.7")), "192.0.2.7");
    }

    #[test]
    fn ipv6_clients_are_throttled_per_64() {
        let ip = |text: &str| text.parse::<IpAddr>().expect("address");
        assert_eq!(throttled_network(ip("192.0.2.7")), "192.0.2.7");
        assert_eq!(throttled_network(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(
            throttled_network(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")),
            throttled_network(ip("2001:db8:1:2::1"))
        );
        assert_ne!(
            throttled_network(ip("2001:db8:1:3::1")),
            throttled_network(ip("2001:db8:1:2::1"))
        );
        assert_eq!(throttled_network(ip("::ffff:192.0.2.7")), "192.0.2.7");
    }
}
