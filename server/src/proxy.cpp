#include "server/proxy.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace radfraga::server {

namespace {

constexpr std::array<unsigned char, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.size() <= 5 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool port_number(std::string_view s) {
    return all_digits(s) && std::stoul(std::string(s)) <= 65535;
}

// RFC 9110 tchar: what an unquoted parameter value may hold.
bool token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
}

// RFC 7239 obfuscated identifier: "_" followed by ALPHA / DIGIT / "." / "_" / "-".
bool obfuscated(std::string_view s) {
    return s.size() >= 2 && s.size() <= 64 && s.front() == '_' &&
           std::all_of(s.begin() + 1, s.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                      c == '-';
           });
}

// A node as a forwarding header names it.
struct Node {
    enum Kind { address, hidden, unknown, malformed } kind = malformed;
    IpAddress ip;
    std::string id;  // for hidden
};

// Parses one node: "192.0.2.1", "192.0.2.1:8080", "[2001:db8::1]", "[2001:db8::1]:443",
// a bare "2001:db8::1" (X-Forwarded-For writes IPv6 without brackets), "unknown", "_id".
// A port may be obfuscated too ("_p1").
Node parse_node(std::string_view s) {
    Node n;
    const auto port_ok = [](std::string_view p) { return port_number(p) || obfuscated(p); };
    if (s.empty()) return n;
    if (iequals(s, "unknown")) {
        n.kind = Node::unknown;
        return n;
    }
    if (s.front() == '_') {
        if (obfuscated(s)) {
            n.kind = Node::hidden;
            n.id = std::string(s);
        }
        return n;
    }
    if (s.front() == '[') {
        const auto close = s.find(']');
        if (close == std::string_view::npos) return n;
        const auto rest = s.substr(close + 1);
        if (!rest.empty() && (rest.front() != ':' || !port_ok(rest.substr(1)))) return n;
        const auto ip = IpAddress::parse(s.substr(1, close - 1));
        if (!ip || ip->is_v4()) return n;  // brackets hold IPv6 only
        n.kind = Node::address;
        n.ip = *ip;
        return n;
    }
    if (const auto ip = IpAddress::parse(s)) {
        n.kind = Node::address;
        n.ip = *ip;
        return n;
    }
    // IPv4 with a port.
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || s.find(':', colon + 1) != std::string_view::npos)
        return n;
    if (!port_ok(s.substr(colon + 1))) return n;
    const auto ip = IpAddress::parse(s.substr(0, colon));
    if (!ip || !ip->is_v4()) return n;
    n.kind = Node::address;
    n.ip = *ip;
    return n;
}

// Splits on `sep` outside double-quoted strings (backslash escapes inside them).
std::vector<std::string_view> split_outside_quotes(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    bool quoted = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted && c == '\\') {
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == sep && !quoted) {
            parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    parts.push_back(s.substr(start));
    return parts;
}

// The value of a token or quoted-string; nullopt if malformed.
std::optional<std::string> unquote(std::string_view v) {
    if (v.empty()) return std::nullopt;
    if (v.front() != '"') {
        if (!token(v)) return std::nullopt;
        return std::string(v);
    }
    if (v.size() < 2 || v.back() != '"') return std::nullopt;
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
        if (v[i] == '\\') {
            if (i + 2 >= v.size()) return std::nullopt;
            ++i;
        } else if (v[i] == '"') {
            return std::nullopt;
        }
        out += v[i];
    }
    return out;
}

// The nodes of X-Forwarded-For, left to right.
void xff_nodes(std::string_view value, std::vector<Node>& out) {
    for (const auto part : split_outside_quotes(value, ',')) out.push_back(parse_node(trim(part)));
}

// The `for` nodes of Forwarded elements, left to right. An element without exactly one
// well-formed `for` parameter is a malformed node: the proxy said nothing usable.
void forwarded_nodes(std::string_view value, std::vector<Node>& out) {
    for (const auto element : split_outside_quotes(value, ',')) {
        std::optional<std::string> node;
        bool bad = false;
        for (const auto pair : split_outside_quotes(trim(element), ';')) {
            const auto p = trim(pair);
            const auto eq = p.find('=');
            if (eq == std::string_view::npos || eq == 0) {
                bad = true;
                break;
            }
            if (!iequals(trim(p.substr(0, eq)), "for")) continue;
            const auto v = unquote(trim(p.substr(eq + 1)));
            if (!v || node) {
                bad = true;
                break;
            }
            node = *v;
        }
        out.push_back(bad || !node ? Node{} : parse_node(*node));
    }
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.empty() || text.size() > 45) return std::nullopt;
    char buf[46];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    IpAddress a;
    in_addr v4{};
    if (::inet_pton(AF_INET, buf, &v4) == 1) {
        std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), a.bytes.begin());
        std::memcpy(a.bytes.data() + 12, &v4, 4);
        return a;
    }
    in6_addr v6{};
    if (::inet_pton(AF_INET6, buf, &v6) == 1) {
        std::memcpy(a.bytes.data(), &v6, 16);
        return a;
    }
    return std::nullopt;
}

bool IpAddress::is_v4() const {
    return std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes.begin());
}

std::string IpAddress::to_string() const {
    char buf[INET6_ADDRSTRLEN];
    if (is_v4()) {
        in_addr v4{};
        std::memcpy(&v4, bytes.data() + 12, 4);
        return ::inet_ntop(AF_INET, &v4, buf, sizeof buf) ? std::string(buf) : std::string();
    }
    in6_addr v6{};
    std::memcpy(&v6, bytes.data(), 16);
    return ::inet_ntop(AF_INET6, &v6, buf, sizeof buf) ? std::string(buf) : std::string();
}

std::string IpAddress::client_id() const {
    if (is_v4()) return to_string();
    IpAddress net = *this;
    std::fill(net.bytes.begin() + 8, net.bytes.end(), 0);
    return net.to_string() + "/64";
}

std::optional<TrustedProxies> TrustedProxies::parse(std::string_view list, std::string* error) {
    TrustedProxies t;
    std::size_t i = 0;
    while (i < list.size()) {
        const auto start = list.find_first_not_of(", \t", i);
        if (start == std::string_view::npos) break;
        auto end = list.find_first_of(", \t", start);
        if (end == std::string_view::npos) end = list.size();
        const auto entry = list.substr(start, end - start);
        i = end;
        const auto fail = [&] {
            if (error) *error = std::string(entry);
            return std::nullopt;
        };
        const auto slash = entry.find('/');
        const auto ip = IpAddress::parse(entry.substr(0, slash));
        if (!ip) return fail();
        const unsigned max = ip->is_v4() ? 32 : 128;
        unsigned prefix = max;
        if (slash != std::string_view::npos) {
            const auto digits = entry.substr(slash + 1);
            if (!all_digits(digits) || digits.size() > 3) return fail();
            prefix = static_cast<unsigned>(std::stoul(std::string(digits)));
            if (prefix > max) return fail();
        }
        Net n{*ip, prefix + (128 - max)};
        // Host bits must be zero.
        for (unsigned bit = n.prefix; bit < 128; ++bit) {
            if (n.base.bytes[bit / 8] & (0x80u >> (bit % 8))) return fail();
        }
        t.nets_.push_back(n);
    }
    return t;
}

bool TrustedProxies::contains(const IpAddress& a) const {
    for (const auto& n : nets_) {
        const unsigned whole = n.prefix / 8;
        if (!std::equal(n.base.bytes.begin(), n.base.bytes.begin() + whole, a.bytes.begin()))
            continue;
        const unsigned rest = n.prefix % 8;
        if (rest == 0) return true;
        const unsigned char mask = static_cast<unsigned char>(0xffu << (8 - rest));
        if ((n.base.bytes[whole] & mask) == (a.bytes[whole] & mask)) return true;
    }
    return false;
}

std::string forwarded_client(const IpAddress& peer, const TrustedProxies& trusted,
                             ForwardedHeader which,
                             const std::vector<std::pair<std::string, std::string>>& headers) {
    if (!trusted.contains(peer)) return peer.client_id();
    const std::string_view name =
        which == ForwardedHeader::forwarded ? "forwarded" : "x-forwarded-for";
    std::vector<Node> nodes;
    for (const auto& [n, v] : headers) {
        if (n != name) continue;
        if (which == ForwardedHeader::forwarded)
            forwarded_nodes(v, nodes);
        else
            xff_nodes(v, nodes);
    }
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
        switch (it->kind) {
            case Node::address:
                if (trusted.contains(it->ip) && std::next(it) != nodes.rend()) continue;
                return it->ip.client_id();
            case Node::hidden:
                return "obfuscated:" + it->id;
            case Node::unknown:
            case Node::malformed:
                return peer.client_id();
        }
    }
    return peer.client_id();
}

}  // namespace radfraga::server
