// The HTTP server: Boost.Beast, asynchronous, I/O threads plus a small worker pool
// for the application (SQLite and Xapian work). The session only reads, writes and
// enforces limits and deadlines; everything else is App::handle().
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "server/app.hpp"
#include "server/metrics.hpp"
#include "server/proxy.hpp"

namespace radfraga::server {

struct ServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;
    unsigned workers = 2;
    // Threads reading and writing sockets and answering from the page cache (at least 1).
    unsigned io_threads = 1;
    unsigned max_connections = 512;
    // Open connections at most from one client (by address, an IPv6 client by its /64),
    // so one client cannot take every connection. Connections from trusted proxies are
    // not counted against it: many clients share them (the proxy limits per client).
    unsigned max_connections_per_client = 64;
    std::chrono::seconds header_timeout{10};   // the request line and headers
    std::chrono::seconds request_timeout{30};  // the whole request, headers included
    std::chrono::seconds idle_timeout{30};     // between requests on a keep-alive connection
    // Under pressure (at least half of max_connections open), a client's share is a
    // quarter of max_connections_per_client, and connections waiting for a request get
    // these shorter deadlines instead: idle between requests, and with part of a
    // request's header received. Waits already running are cut short too.
    std::chrono::seconds pressure_idle_timeout{2};
    std::chrono::seconds pressure_header_timeout{5};
    // Whose forwarding header is believed, and which header (see server/proxy.hpp).
    TrustedProxies trusted_proxies;
    ForwardedHeader forwarded_header = ForwardedHeader::x_forwarded_for;
    std::size_t header_limit = 16 * 1024;
    std::size_t body_limit = 64 * 1024;
    std::chrono::seconds shutdown_grace{20};  // in-flight requests get this long on SIGTERM
    bool access_log = true;
    // Request, latency and connection metrics are counted here when set (GET /metrics).
    Metrics* metrics = nullptr;
    // Peers that may read GET /metrics (with no forwarding header): loopback by default.
    TrustedProxies metrics_allow = *TrustedProxies::parse("127.0.0.1, ::1");
};

// Work the server runs on its worker pool every `interval` (search indexing, purge).
struct PeriodicTask {
    std::string name;
    std::chrono::milliseconds interval;
    std::function<void()> run;
};

// Listens and serves until SIGTERM or SIGINT, then stops accepting, lets requests in
// flight finish (up to shutdown_grace) and returns 0. Returns non-zero with one line on
// `log` if it cannot listen. `on_ready` is called once the socket is listening, with
// the bound port (useful when port is 0).
int run_server(const App& app, const ServerOptions& options, Random& random, const Clock& clock,
               std::vector<PeriodicTask> tasks, const std::function<void(const std::string&)>& log,
               const std::function<void(std::uint16_t)>& on_ready = {});

}  // namespace radfraga::server
