//! Who is asking: the client's address and scheme, behind a reverse proxy too. Only a peer
//! named in `PLENARY_TRUSTED_PROXIES` is believed about `X-Forwarded-For` (the right-most
//! address in it that is not itself a trusted proxy is the client) and `X-Forwarded-Proto`.
//! Anyone else's headers are ignored: the socket's address is the client. Rate limits key a
//! client by its address, an IPv6 client by its /64 (one household or office network).
use axum::{
    extract::{ConnectInfo, Request, State},
    http::HeaderMap,
    middleware::Next,
    response::Response,
};
use std::{
    net::{IpAddr, Ipv6Addr, SocketAddr},
    sync::Arc,
};

/// One address or range (`10.0.0.0/8`, `fd00::/8`, `127.0.0.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    network: IpAddr,
    prefix: u8,
}

impl Range {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let (addr, prefix) = match raw.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (raw, None),
        };
        let network: IpAddr = addr.parse().map_err(|_| format!("{raw:?} is not an address or CIDR range"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("{raw:?} has a bad prefix length"))?,
            None => max,
        };
        Ok(Self { network, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, canonical(ip)) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(&n.octets(), &a.octets(), self.prefix),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(&n.octets(), &a.octets(), self.prefix),
            _ => false,
        }
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let (whole, rest) = ((bits / 8) as usize, bits % 8);
    a[..whole] == b[..whole] && (rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0)
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:10.0.0.1`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<Range>);

impl TrustedProxies {
    /// A comma- or space-separated list of addresses and ranges; empty trusts nobody.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' ']).filter(|s| !s.trim().is_empty()).map(Range::parse).collect::<Result<Vec<_>, _>>().map(Self)
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|r| r.contains(ip))
    }
}

/// The client of a request, as a request extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    pub ip: IpAddr,
    /// Whether the client reached us over HTTPS (as a trusted proxy says).
    pub https: bool,
}

impl Client {
    /// The rate limits' key: the address, or for IPv6 its /64 network.
    pub fn key(&self) -> String {
        match self.ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{}/64", Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        }
    }
}

/// The client behind `peer`, given the request's headers.
pub fn identify(peer: IpAddr, headers: &HeaderMap, proxies: &TrustedProxies) -> Client {
    let peer = canonical(peer);
    if !proxies.trusts(peer) {
        return Client { ip: peer, https: false };
    }
    // Each proxy appends the address it was reached from: walk back past our own proxies.
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok().map(canonical))
        .collect();
    let ip = forwarded.iter().rev().find(|a| !proxies.trusts(**a)).or(forwarded.first()).copied().unwrap_or(peer);
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    Client { ip, https }
}

/// The middleware: puts the request's `Client` in its extensions.
pub async fn mark(State(proxies): State<Arc<TrustedProxies>>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let client = identify(peer, request.headers(), &proxies);
    request.extensions_mut().insert(client);
    next.run(request).await
}

/// The request's client (the socket address where the middleware did not run).
pub fn of(request: &Request) -> Client {
    request.extensions().get::<Client>().copied().unwrap_or_else(|| {
        let ip = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::from([127, 0, 0, 1]));
        Client { ip, https: false }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_hold_their_addresses() {
        let r = Range::parse("10.1.0.0/16").unwrap();
        assert!(r.contains(ip("10.1.200.3")));
        assert!(!r.contains(ip("10.2.0.1")));
        assert!(r.contains(ip("::ffff:10.1.0.9")), "IPv4 through an IPv6 socket");
        assert!(Range::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        assert!(Range::parse("127.0.0.1").unwrap().contains(ip("127.0.0.1")));
        assert!(!Range::parse("127.0.0.1").unwrap().contains(ip("127.0.0.2")));
        assert!(Range::parse("10.0.0.0/33").is_err());
        assert!(Range::parse("proxy.example.org").is_err());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let proxies = TrustedProxies::parse("10.0.0.5").unwrap();
        let h = headers(&[("x-forwarded-for", "1.2.3.4"), ("x-forwarded-proto", "https")]);
        assert_eq!(identify(ip("203.0.113.9"), &h, &proxies), Client { ip: ip("203.0.113.9"), https: false });
        assert_eq!(identify(ip("203.0.113.9"), &h, &TrustedProxies::default()).ip, ip("203.0.113.9"), "no setting: nobody is trusted");
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_address_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.1").unwrap();
        // A client spoofs a first entry; our edge proxy appended the real address, then an inner proxy.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 192.168.1.1"), ("x-forwarded-proto", "https")]);
        assert_eq!(identify(ip("10.0.0.5"), &h, &proxies), Client { ip: ip("198.51.100.7"), https: true });
        let two_headers = headers(&[("x-forwarded-for", "6.6.6.6"), ("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(identify(ip("10.0.0.5"), &two_headers, &proxies).ip, ip("198.51.100.7"));
        assert_eq!(identify(ip("10.0.0.5"), &HeaderMap::new(), &proxies).ip, ip("10.0.0.5"), "no header: the proxy itself");
    }

    #[test]
    fn ipv6_clients_share_a_key_per_64() {
        let a = Client { ip: ip("2001:db8:1:2:aaaa::1"), https: false };
        let b = Client { ip: ip("2001:db8:1:2:bbbb::9"), https: false };
        let c = Client { ip: ip("2001:db8:1:3::1"), https: false };
        assert_eq!(a.key(), b.key());
        assert_ne!(a.key(), c.key());
        assert_eq!(Client { ip: ip("198.51.100.7"), https: false }.key(), "198.51.100.7");
    }
}
