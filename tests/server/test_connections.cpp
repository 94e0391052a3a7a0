// server/connections: the Beast server over real loopback sockets from several 127.x
// addresses (Linux routes all of 127.0.0.0/8 to lo): each client's share of the
// connections, shorter deadlines under pressure, and clients behind trusted proxies.
#define BOOST_TEST_MODULE connections
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/server.hpp"
#include "tests/server/site.hpp"

namespace srv = radfraga::server;
using radfraga::test::Site;
using namespace std::chrono_literals;

namespace {

// A server on 127.0.0.1 in a thread of its own, stopped (SIGTERM) at the end of scope.
struct Running {
    Site site;
    std::mutex log_mu;
    std::vector<std::string> log;
    std::thread thread;
    std::uint16_t port = 0;

    explicit Running(srv::ServerOptions opt) {
        opt.port = 0;
        std::promise<std::uint16_t> ready;
        thread = std::thread([this, opt, &ready] {
            srv::run_server(
                site.app, opt, site.random, site.clock, {},
                [this](const std::string& l) {
                    std::lock_guard g(log_mu);
                    log.push_back(l);
                },
                [&ready](std::uint16_t p) { ready.set_value(p); });
        });
        port = ready.get_future().get();
    }
    // Stops the server and returns its log.
    std::vector<std::string> stop() {
        if (thread.joinable()) {
            std::raise(SIGTERM);
            thread.join();
        }
        std::lock_guard g(log_mu);
        return log;
    }
    ~Running() { stop(); }
};

// A TCP connection from `source` (a 127.x address) to the server.
struct Conn {
    int fd = -1;
    Conn(const char* source, std::uint16_t port) {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        BOOST_REQUIRE(fd >= 0);
        sockaddr_in from{};
        from.sin_family = AF_INET;
        ::inet_pton(AF_INET, source, &from.sin_addr);
        BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        BOOST_REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
        timeval tv{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    Conn(Conn&& o) noexcept : fd(o.fd) { o.fd = -1; }
    Conn(const Conn&) = delete;
    ~Conn() {
        if (fd >= 0) ::close(fd);
    }
    bool send(const std::string& s) const {
        return ::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size());
    }
    // One response on a kept-alive connection: the header block and Content-Length bytes.
    std::string response() const {
        std::string r;
        char buf[4096];
        for (;;) {
            const auto end = r.find("\r\n\r\n");
            if (end != std::string::npos) {
                const auto cl = r.find("Content-Length: ");
                const auto len = cl == std::string::npos ? 0 : std::stoul(r.substr(cl + 16));
                if (r.size() >= end + 4 + len) return r;
            }
            const auto n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) return r;
            r.append(buf, static_cast<std::size_t>(n));
        }
    }
    // True once the server has closed the connection (no data pending).
    bool closed_by_server() const {
        char c;
        const auto n = ::recv(fd, &c, 1, MSG_DONTWAIT);
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
    }
};

std::string exchange(const char* source, std::uint16_t port, const std::string& request) {
    Conn c(source, port);
    if (!c.send(request)) return {};
    return c.response();
}

int status_of(const std::string& response) {
    return response.size() > 12 && response.starts_with("HTTP/1.")
               ? std::stoi(response.substr(9, 3))
               : 0;
}

const std::string kHealth = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
const std::string kHealthClose = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

std::string ask_request(const std::string& extra_headers) {
    const std::string body =
        R"({"title": "Hur räknas hyran?", "question": "Jag undrar hur hyran räknas när man söker )"
        R"(försörjningsstöd och bor i andra hand.", "pseudonym": "Prov", "category": "boende"})";
    return "POST /api/v1/questions HTTP/1.1\r\nHost: localhost:8080\r\nContent-Type: "
           "application/json\r\n" +
           extra_headers + "Content-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connections)

// Many idle keep-alive and slowloris connections from two addresses while a third is
// served: each address gets its share, the rest is refused and counted in the log.
BOOST_AUTO_TEST_CASE(one_client_cannot_take_every_connection) {
    srv::ServerOptions opt;
    opt.max_connections = 40;  // 16 open stay under the pressure mark (20)
    opt.max_connections_per_client = 8;
    opt.pressure_idle_timeout = 60s;  // this test is about the share alone
    opt.pressure_header_timeout = 60s;
    Running server(opt);

    std::vector<Conn> idle;
    int idle_served = 0;
    for (int i = 0; i < 20; ++i) {
        idle.emplace_back("127.0.0.2", server.port);
        if (idle.back().send(kHealth) && status_of(idle.back().response()) == 200) ++idle_served;
    }
    BOOST_TEST(idle_served == 8);

    std::vector<Conn> slow;
    for (int i = 0; i < 20; ++i) {
        slow.emplace_back("127.0.0.4", server.port);
        slow.back().send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    }
    std::this_thread::sleep_for(300ms);
    int slow_open = 0;
    for (const auto& c : slow) slow_open += c.closed_by_server() ? 0 : 1;
    BOOST_TEST(slow_open == 8);

    int served = 0;
    for (int i = 0; i < 20; ++i)
        served += status_of(exchange("127.0.0.3", server.port, kHealthClose)) == 200;
    BOOST_TEST(served == 20);

    const auto log = server.stop();
    unsigned refused = 0;
    for (const auto& l : log) {
        if (l.starts_with("connections refused: "))
            refused += static_cast<unsigned>(std::stoul(l.substr(21)));
        BOOST_TEST(l.find("127.0.0.2") == std::string::npos, l);
        BOOST_TEST(l.find("127.0.0.4") == std::string::npos, l);
    }
    BOOST_TEST(refused == 24u);  // 12 idle and 12 slow ones over their shares
}

// Under pressure a client's share is a quarter: several addresses together cannot fill
// what is left.
BOOST_AUTO_TEST_CASE(under_pressure_a_client_s_share_shrinks) {
    srv::ServerOptions opt;
    opt.max_connections = 20;
    opt.max_connections_per_client = 8;
    opt.pressure_idle_timeout = 60s;  // nothing swept: this test is about the share
    opt.pressure_header_timeout = 60s;
    Running server(opt);
    std::vector<Conn> held;
    for (int i = 0; i < 8; ++i) {
        held.emplace_back("127.0.0.2", server.port);
        BOOST_TEST(held.back().send(kHealth));
        BOOST_TEST(status_of(held.back().response()) == 200);
    }
    // 8 of 20 open: no pressure yet. The 10th connection brings it.
    int served = 0;
    for (int i = 0; i < 4; ++i) {
        held.emplace_back("127.0.0.4", server.port);
        if (held.back().send(kHealth) && status_of(held.back().response()) == 200) ++served;
    }
    BOOST_TEST(served == 2);  // a quarter of 8
    BOOST_TEST(status_of(exchange("127.0.0.3", server.port, kHealthClose)) == 200);
}

// Under pressure (half of max-connections open) connections waiting for a request are
// cut off after the short deadlines, also those whose long deadline was set before,
// until the pressure is relieved: idle keep-alive connections, and slowloris ones that
// never finish their header.
namespace {
void check_cut_under_pressure(bool slowloris) {
    srv::ServerOptions opt;
    opt.max_connections = 20;
    opt.max_connections_per_client = 100;
    opt.idle_timeout = 60s;
    opt.header_timeout = 60s;
    opt.request_timeout = 90s;
    opt.pressure_idle_timeout = 1s;
    opt.pressure_header_timeout = 2s;
    Running server(opt);
    std::vector<Conn> held;
    for (int i = 0; i < 12; ++i) {
        held.emplace_back("127.0.0.2", server.port);
        if (slowloris) {
            BOOST_TEST(held.back().send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "));
        } else {
            BOOST_TEST(held.back().send(kHealth));
            BOOST_TEST(status_of(held.back().response()) == 200);
        }
    }
    // 12 of 20 open, most with 60 s deadlines: within seconds, not 60, enough of them are
    // cut that fewer than half of max-connections remain.
    const auto t0 = std::chrono::steady_clock::now();
    int open = 12;
    while (std::chrono::steady_clock::now() - t0 < 8s && open >= 10) {
        std::this_thread::sleep_for(200ms);
        open = 0;
        for (const auto& c : held) open += c.closed_by_server() ? 0 : 1;
    }
    BOOST_TEST(open < 10);
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 5s));
    BOOST_TEST(status_of(exchange("127.0.0.3", server.port, kHealthClose)) == 200);
}
}  // namespace

BOOST_AUTO_TEST_CASE(under_pressure_idle_connections_get_short_deadlines) {
    check_cut_under_pressure(false);
}

BOOST_AUTO_TEST_CASE(under_pressure_slowloris_connections_get_short_deadlines) {
    check_cut_under_pressure(true);
}

// Behind a trusted proxy each forwarded client has limits of its own; a peer that is not
// trusted cannot choose its key by sending the header.
BOOST_AUTO_TEST_CASE(clients_behind_a_trusted_proxy_are_limited_apart_and_others_cannot_spoof) {
    srv::ServerOptions opt;
    opt.trusted_proxies = *srv::TrustedProxies::parse("127.0.0.1");
    Running server(opt);
    const auto asks = [&](const char* source, const std::function<std::string(int)>& headers) {
        std::vector<int> statuses;
        for (int i = 0; i < 6; ++i)
            statuses.push_back(status_of(exchange(source, server.port, ask_request(headers(i)))));
        return statuses;
    };
    const std::vector<int> five_then_refused{201, 201, 201, 201, 201, 429};
    // Through the proxy (127.0.0.1): two clients, limited separately.
    BOOST_TEST(asks("127.0.0.1", [](int) { return "X-Forwarded-For: 6.6.6.6, 203.0.113.1\r\n"; }) ==
                   five_then_refused,
               boost::test_tools::per_element());
    BOOST_TEST(asks("127.0.0.1", [](int) { return "X-Forwarded-For: 203.0.113.2\r\n"; }) ==
                   five_then_refused,
               boost::test_tools::per_element());
    // A client writing its own left-hand entries is still the one the proxy appended.
    BOOST_TEST(status_of(exchange("127.0.0.1", server.port,
                                  ask_request("X-Forwarded-For: 198.51.100.9, 203.0.113.1\r\n"))) ==
               429);
    // Not a trusted proxy: the header is ignored, every request is the one peer.
    BOOST_TEST(asks("127.0.0.2",
                    [](int i) {
                        return "X-Forwarded-For: 198.51.100." + std::to_string(i + 1) + "\r\n";
                    }) == five_then_refused,
               boost::test_tools::per_element());
}

// The 16 KiB header limit holds for a header of many small fields: Boost 1.81's parser
// alone measures only the bytes it has not consumed yet, and it consumes each complete
// field as reads arrive (512 bytes at first), so when the reads ended one or two bytes
// into a field, 160 KB of short fields went through. Every alignment is tried.
BOOST_AUTO_TEST_CASE(many_small_header_fields_count_against_the_header_limit) {
    srv::ServerOptions opt;
    Running r(opt);
    for (std::size_t pad = 1; pad <= 8; ++pad) {
        auto request = [pad](int fields) {
            std::string s = "GET /healthz HTTP/1.1\r\nHost: " + std::string(pad, 'x') + "\r\n";
            for (int i = 0; i < fields; ++i) s += "X-F: 1\r\n";
            return s + "Connection: close\r\n\r\n";
        };
        BOOST_TEST_CONTEXT("host name of " << pad << " bytes") {
            BOOST_TEST(status_of(exchange("127.0.0.1", r.port, request(1500))) == 200);   // 12 KB
            BOOST_TEST(status_of(exchange("127.0.0.1", r.port, request(3000))) == 431);   // 24 KB
            BOOST_TEST(status_of(exchange("127.0.0.1", r.port, request(20000))) == 431);  // 160 KB
        }
    }
}

// GET /metrics over real sockets: from loopback (the default metrics-allow) it answers;
// from another address, or through a proxy on loopback (a forwarding header), the route
// does not exist.
BOOST_AUTO_TEST_CASE(metrics_answer_loopback_only_and_never_through_a_proxy) {
    srv::ServerOptions opt;
    Running r(opt);
    const std::string get = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
    const auto direct = exchange("127.0.0.1", r.port, get + "\r\n");
    BOOST_TEST(status_of(direct) == 200);
    BOOST_TEST(direct.find("radfraga_queue_questions") != std::string::npos);
    BOOST_TEST(status_of(exchange("127.0.0.2", r.port, get + "\r\n")) == 404);
    BOOST_TEST(status_of(exchange("127.0.0.1", r.port,
                                  get + "X-Forwarded-For: 198.51.100.7\r\n\r\n")) == 404);
    BOOST_TEST(status_of(exchange("127.0.0.1", r.port,
                                  get + "Forwarded: for=198.51.100.7\r\n\r\n")) == 404);
}

BOOST_AUTO_TEST_SUITE_END()
