// server/proxy: the client behind trusted reverse proxies (trusted-proxies), and the
// per-client back-off of logins; the connection shares over real sockets are in
// test_server.cpp.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "server/cli.hpp"
#include "server/proxy.hpp"
#include "tests/support/temp_dir.hpp"

namespace srv = radfraga::server;
using srv::ForwardedHeader;
using srv::IpAddress;
using srv::TrustedProxies;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

IpAddress ip(std::string_view s) {
    const auto a = IpAddress::parse(s);
    BOOST_REQUIRE(a.has_value());
    return *a;
}

TrustedProxies trusted(std::string_view list) {
    const auto t = TrustedProxies::parse(list);
    BOOST_REQUIRE(t.has_value());
    return *t;
}

std::string xff(std::string_view peer, std::string_view list, Headers h) {
    return srv::forwarded_client(ip(peer), trusted(list), ForwardedHeader::x_forwarded_for, h);
}

std::string fwd(std::string_view peer, std::string_view list, Headers h) {
    return srv::forwarded_client(ip(peer), trusted(list), ForwardedHeader::forwarded, h);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(proxy)

BOOST_AUTO_TEST_CASE(addresses_parse_in_canonical_form) {
    BOOST_TEST(ip("192.0.2.1").to_string() == "192.0.2.1");
    BOOST_TEST(ip("192.0.2.1").is_v4());
    BOOST_TEST((ip("::ffff:192.0.2.1") == ip("192.0.2.1")));  // dual-stack peers
    BOOST_TEST(ip("2001:DB8:0:0::1").to_string() == "2001:db8::1");
    BOOST_TEST(!ip("2001:db8::1").is_v4());
    for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4x", "[::1]", "::1%eth0",
                            "1.2.3.4:80", "example.org", " 1.2.3.4", "1:2:3:4:5:6:7:8:9"}) {
        BOOST_TEST(!IpAddress::parse(bad).has_value(), bad);
    }
    // IPv6 clients are one client per /64; IPv4 per address.
    BOOST_TEST(ip("2001:db8:1:2:aaaa::1").client_id() == "2001:db8:1:2::/64");
    BOOST_TEST(ip("2001:db8:1:2:bbbb::7").client_id() == "2001:db8:1:2::/64");
    BOOST_TEST(ip("198.51.100.7").client_id() == "198.51.100.7");
}

BOOST_AUTO_TEST_CASE(trusted_proxies_take_addresses_and_networks) {
    const auto t = trusted("127.0.0.1, 10.0.0.0/8  ::1 fd00::/8,192.168.1.0/24");
    BOOST_TEST(t.contains(ip("127.0.0.1")));
    BOOST_TEST(!t.contains(ip("127.0.0.2")));
    BOOST_TEST(t.contains(ip("10.255.1.2")));
    BOOST_TEST(!t.contains(ip("11.0.0.1")));
    BOOST_TEST(t.contains(ip("192.168.1.77")));
    BOOST_TEST(!t.contains(ip("192.168.2.1")));
    BOOST_TEST(t.contains(ip("::1")));
    BOOST_TEST(t.contains(ip("fdab::1")));
    BOOST_TEST(!t.contains(ip("fe80::1")));
    BOOST_TEST(t.contains(ip("::ffff:10.1.2.3")));
    BOOST_TEST(trusted("").empty());
    BOOST_TEST(trusted("0.0.0.0/0").contains(ip("203.0.113.9")));
    BOOST_TEST(!trusted("0.0.0.0/0").contains(ip("2001:db8::1")));  // IPv4 networks hold IPv4 only
    BOOST_TEST(trusted("172.16.0.0/12").contains(ip("172.31.255.255")));
    BOOST_TEST(!trusted("172.16.0.0/12").contains(ip("172.32.0.0")));
    for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.1/8", "nginx", "10.0.0.0/",
                            "10.0.0.0/x", "10.0.0.0/8/8", "fd00::1/8"}) {
        std::string error;
        BOOST_TEST(!TrustedProxies::parse(bad, &error).has_value(), bad);
        BOOST_TEST(error == bad);
    }
}

BOOST_AUTO_TEST_CASE(untrusted_peers_are_keyed_by_their_own_address_whatever_they_send) {
    const Headers spoof{{"x-forwarded-for", "203.0.113.5"}, {"forwarded", "for=203.0.113.5"}};
    BOOST_TEST(xff("198.51.100.7", "127.0.0.1", spoof) == "198.51.100.7");
    BOOST_TEST(fwd("198.51.100.7", "127.0.0.1", spoof) == "198.51.100.7");
    BOOST_TEST(xff("198.51.100.7", "", spoof) == "198.51.100.7");
}

BOOST_AUTO_TEST_CASE(x_forwarded_for_gives_the_right_most_untrusted_address) {
    const auto proxies = "127.0.0.1, 10.0.0.0/8";
    BOOST_TEST(xff("127.0.0.1", proxies, {{"x-forwarded-for", "203.0.113.5"}}) == "203.0.113.5");
    // What the client wrote itself is left of what the proxy appended.
    BOOST_TEST(xff("127.0.0.1", proxies, {{"x-forwarded-for", "1.1.1.1, 203.0.113.5"}}) ==
               "203.0.113.5");
    // A chain of trusted proxies is skipped.
    BOOST_TEST(xff("127.0.0.1", proxies,
                   {{"x-forwarded-for", "1.1.1.1,203.0.113.5 , 10.0.0.7,10.1.1.1"}}) ==
               "203.0.113.5");
    // Repeated headers are one list, first to last.
    BOOST_TEST(xff("127.0.0.1", proxies,
                   {{"x-forwarded-for", "1.1.1.1"},
                    {"host", "x"},
                    {"x-forwarded-for", "203.0.113.5, 10.0.0.7"}}) == "203.0.113.5");
    // IPv6, with or without brackets and ports; IPv4 with a port.
    BOOST_TEST(xff("127.0.0.1", proxies, {{"x-forwarded-for", "2001:db8:cafe::17"}}) ==
               "2001:db8:cafe::/64");
    BOOST_TEST(xff("127.0.0.1", proxies, {{"x-forwarded-for", "[2001:db8:cafe::17]:4711"}}) ==
               "2001:db8:cafe::/64");
    BOOST_TEST(xff("127.0.0.1", proxies, {{"x-forwarded-for", "203.0.113.5:5555"}}) ==
               "203.0.113.5");
    BOOST_TEST(xff("::1", "::1", {{"x-forwarded-for", "::ffff:203.0.113.5"}}) == "203.0.113.5");
    // Only proxies in the chain: the left-most is the client.
    BOOST_TEST(xff("127.0.0.1", proxies, {{"x-forwarded-for", "10.0.0.9, 10.0.0.7"}}) ==
               "10.0.0.9");
    // No header from a trusted proxy: the proxy itself is the client.
    BOOST_TEST(xff("127.0.0.1", proxies, {}) == "127.0.0.1");
    // The other header is not read.
    BOOST_TEST(xff("127.0.0.1", proxies, {{"forwarded", "for=203.0.113.5"}}) == "127.0.0.1");
}

BOOST_AUTO_TEST_CASE(malformed_or_unknown_entries_fall_back_to_the_proxy) {
    const auto proxies = "127.0.0.1";
    for (const char* bad :
         {"", " ", "garbage", "203.0.113.5,", "203.0.113.5, ", "1.2.3.4:99999",
          "1.2.3.4:", "[1.2.3.4]", "[2001:db8::1", "[2001:db8::1]x", "2001:db8::1:80:x", "unknown",
          "203.0.113.5 203.0.113.6", "_", "_bad!id", "\"203.0.113.5\""}) {
        BOOST_TEST(xff("127.0.0.1", proxies, {{"x-forwarded-for", bad}}) == "127.0.0.1", bad);
    }
    // A bad entry left of the right-most untrusted one does not matter.
    BOOST_TEST(xff("127.0.0.1", proxies, {{"x-forwarded-for", "garbage, 203.0.113.5"}}) ==
               "203.0.113.5");
    // A bad entry right of it stops the walk: nothing left of it can be trusted.
    BOOST_TEST(xff("127.0.0.1", proxies,
                   {{"x-forwarded-for", "203.0.113.5, garbage, 127.0.0.1"}}) == "127.0.0.1");
}

BOOST_AUTO_TEST_CASE(forwarded_gives_the_right_most_untrusted_for_node) {
    const auto proxies = "127.0.0.1, 10.0.0.0/8, fd00::/8";
    BOOST_TEST(fwd("127.0.0.1", proxies,
                   {{"forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43"}}) == "192.0.2.60");
    BOOST_TEST(fwd("127.0.0.1", proxies, {{"forwarded", "For=\"[2001:db8:cafe::17]:4711\""}}) ==
               "2001:db8:cafe::/64");
    BOOST_TEST(fwd("127.0.0.1", proxies,
                   {{"forwarded", "for=192.0.2.43, for=198.51.100.17;by=10.0.0.1"}}) ==
               "198.51.100.17");
    BOOST_TEST(fwd("127.0.0.1", proxies,
                   {{"forwarded", "for=192.0.2.43"},
                    {"forwarded", "for=198.51.100.17, for=\"[fd00::5]\""}}) == "198.51.100.17");
    BOOST_TEST(fwd("127.0.0.1", proxies, {{"forwarded", "for=\"192.0.2.43:8080\""}}) ==
               "192.0.2.43");
    // A comma inside a quoted value does not split elements.
    BOOST_TEST(fwd("127.0.0.1", proxies, {{"forwarded", "for=192.0.2.43;ext=\"a,b\""}}) ==
               "192.0.2.43");
    // Obfuscated identifiers (RFC 7239 section 6.3) are clients of their own.
    BOOST_TEST(fwd("127.0.0.1", proxies, {{"forwarded", "for=_hidden1"}}) == "obfuscated:_hidden1");
    BOOST_TEST(fwd("127.0.0.1", proxies, {{"forwarded", "for=\"_SEVKISEK\""}}) ==
               "obfuscated:_SEVKISEK");
    BOOST_TEST(fwd("127.0.0.1", proxies, {{"forwarded", "for=\"192.0.2.43:_port1\""}}) ==
               "192.0.2.43");
    // Malformed elements, unknown nodes and elements without "for": the proxy.
    for (const char* bad :
         {"for=unknown", "for=", "for", "by=10.0.0.1", "for=192.0.2.43;for=192.0.2.44",
          "for=\"192.0.2.43", "for=[2001:db8::1]", "for=192.0.2.43 x", "for=\"[2001:db8::1\"",
          "for=\"[192.0.2.43]\"", "for=_bad!", ";", "for=192.0.2.43,", "=x"}) {
        BOOST_TEST(fwd("127.0.0.1", proxies, {{"forwarded", bad}}) == "127.0.0.1", bad);
    }
    // X-Forwarded-For is not read when Forwarded is configured.
    BOOST_TEST(fwd("127.0.0.1", proxies, {{"x-forwarded-for", "192.0.2.43"}}) == "127.0.0.1");
}

BOOST_AUTO_TEST_CASE(bad_proxy_settings_are_usage_errors_naming_the_entry) {
    radfraga::test::TempDir dir;
    const auto serve = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"serve", "--data", (dir / "data").string()};
        args.insert(args.end(), extra.begin(), extra.end());
        std::istringstream in;
        std::ostringstream out, err;
        const int rc = srv::run_cli(args, in, out, err);
        return std::make_pair(rc, err.str());
    };
    const auto [rc, err] = serve({"--trusted-proxies", "127.0.0.1, 10.0.0.1/8"});
    BOOST_TEST(rc == 2);
    BOOST_TEST(err.find("trusted-proxies: \"10.0.0.1/8\"") != std::string::npos, err);
    const auto [rc2, err2] = serve({"--forwarded-header", "x-real-ip"});
    BOOST_TEST(rc2 == 2);
    BOOST_TEST(err2.find("forwarded-header") != std::string::npos, err2);
}

BOOST_AUTO_TEST_SUITE_END()
