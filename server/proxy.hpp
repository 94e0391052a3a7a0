// Who the client is when requests arrive through a reverse proxy.
//
// Rate limits and connection shares are keyed by the client's address (hashed, see
// server.cpp). Behind nginx or Caddy the TCP peer is the proxy, so every visitor would be
// one client. The operator lists the proxies in `trusted-proxies`; only for a request whose
// TCP peer is one of them is the forwarding header read, and then only its right-most
// entry that is not itself a trusted proxy: entries further left were written by the
// client (or by proxies nobody vouches for) and can say anything. From any other peer
// the headers are ignored, so a client cannot choose its own rate-limit key.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace radfraga::server {

// An IPv4 or IPv6 address. IPv4 is held as an IPv4-mapped IPv6 address
// (::ffff:a.b.c.d), so a dual-stack socket's mapped peers equal plain IPv4 ones.
struct IpAddress {
    std::array<unsigned char, 16> bytes{};

    // "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1"; no brackets, ports or zone ids.
    static std::optional<IpAddress> parse(std::string_view text);
    bool is_v4() const;
    // Canonical text: dotted quad for IPv4 (also when mapped), RFC 5952 for IPv6.
    std::string to_string() const;
    // What identifies one client for limits: the address itself for IPv4, its /64
    // network for IPv6 (one subscriber's usual allocation; a client holding a /64
    // could otherwise take a fresh address for every request).
    std::string client_id() const;
    bool operator==(const IpAddress&) const = default;
};

// The `trusted-proxies` setting: addresses and CIDR networks, IPv4 and IPv6.
class TrustedProxies {
  public:
    // Parses a list separated by commas and/or spaces: "127.0.0.1, 10.0.0.0/8 ::1
    // fd00::/8". An empty list trusts no proxy. nullopt, with the offending entry in
    // `error`, if any entry is not an address or CIDR (host bits set are refused too:
    // "10.0.0.1/8" is almost always a typo).
    static std::optional<TrustedProxies> parse(std::string_view list, std::string* error = nullptr);

    bool empty() const { return nets_.empty(); }
    bool contains(const IpAddress& a) const;

  private:
    struct Net {
        IpAddress base;
        unsigned prefix = 128;  // in IPv6 bits (IPv4 prefixes + 96)
    };
    std::vector<Net> nets_;
};

// Which header a trusted proxy states the client in: it must be the one the proxy
// writes itself, or a client could smuggle its own past the proxy.
enum class ForwardedHeader { x_forwarded_for, forwarded };

// The identity to key limits by for a request from `peer` with `headers` (names lower
// case, in the order received; repeated headers count as one list, first to last):
//  * a peer that is not a trusted proxy: peer.client_id(), whatever the headers say;
//  * a trusted proxy: the list in the chosen header is walked from the right, skipping
//    trusted proxies; the first other entry is the client: its client_id() if it is an
//    address, "obfuscated:<id>" for an RFC 7239 obfuscated identifier ("_abc"). If that
//    entry is malformed or "unknown", or the header is missing, the peer's own
//    client_id() is used: such requests share one key (fail closed, never a key the
//    client picks). If every entry is a trusted proxy, the left-most one is the client.
std::string forwarded_client(const IpAddress& peer, const TrustedProxies& trusted,
                             ForwardedHeader which,
                             const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace radfraga::server
