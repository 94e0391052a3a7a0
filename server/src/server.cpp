#include "server/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "core/crypto.hpp"

namespace radfraga::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Keyed hash of a client address for rate limiting. The key lives only in memory and
// is replaced every day, so yesterday's keys cannot be linked to today's and nothing
// that identifies an address is ever written anywhere.
class ClientKeyer {
  public:
    ClientKeyer(Random& random, const Clock& clock) : random_(random), clock_(clock) {}

    // `addr` is IpAddress::client_id() or forwarded_client(): an address or network.
    std::string key_for(std::string_view addr) {
        Bytes out;
        {
            std::lock_guard lock(mu_);
            const std::int64_t day = clock_.now() / 86400;
            if (day != day_) {
                random_.fill(key_);
                day_ = day;
            }
            out = hmac_sha256(key_, addr);
        }
        return hex_encode(std::span(out).first(16));
    }

  private:
    Random& random_;
    const Clock& clock_;
    std::mutex mu_;
    std::int64_t day_ = -1;
    unsigned char key_[32] = {};
};

// The TCP peer of an accepted socket, as an IpAddress (IPv4-mapped peers as IPv4).
std::optional<IpAddress> peer_of(const tcp::socket& socket) {
    beast::error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    if (ec) return std::nullopt;
    IpAddress a;
    if (ep.address().is_v4()) {
        const auto b = ep.address().to_v4().to_bytes();
        a.bytes[10] = a.bytes[11] = 0xff;
        std::copy(b.begin(), b.end(), a.bytes.begin() + 12);
    } else {
        const auto b = ep.address().to_v6().to_bytes();
        std::copy(b.begin(), b.end(), a.bytes.begin());
    }
    return a;
}

// Open connections per client key (the keyed hash, never the address), for the
// per-client share of connections. Thread-safe: sessions end on their own strands.
class ConnectionShares {
  public:
    // Counts a connection for `key`; false (and nothing counted) if it has `max` already.
    bool take(const std::string& key, unsigned max) {
        std::lock_guard lock(mu_);
        auto& n = open_[key];
        if (n >= max) return false;
        ++n;
        return true;
    }
    void give_back(const std::string& key) {
        std::lock_guard lock(mu_);
        const auto it = open_.find(key);
        if (it != open_.end() && --it->second == 0) open_.erase(it);
    }

  private:
    std::mutex mu_;
    std::unordered_map<std::string, unsigned> open_;
};

struct Shared {
    const App& app;
    const ServerOptions& opt;
    asio::thread_pool& pool;
    ClientKeyer& keyer;
    const std::function<void(const std::string&)>& log;
    std::atomic<unsigned> connections{0};
    std::atomic<bool> draining{false};
    ConnectionShares shares{};
    // Connections refused since the last report (counts only; see run_server).
    std::atomic<unsigned> refused_share{0};
    std::atomic<unsigned> refused_total{0};

    bool under_pressure() const { return connections.load() * 2 >= opt.max_connections; }
    // A client's share of connections: a quarter of it under pressure, so that a few
    // addresses together cannot fill what is left (connections over it are not closed,
    // but the waiting ones are swept soon and may not come back).
    unsigned client_share() const {
        const unsigned share = std::max(1u, opt.max_connections_per_client);
        return under_pressure() ? std::max(1u, share / 4) : share;
    }
};

class Session : public std::enable_shared_from_this<Session> {
  public:
    // `share_key` names the client's share of connections this one counts against
    // (empty: none, for trusted proxies); the session gives it back when it ends.
    Session(tcp::socket&& socket, Shared& shared, std::optional<IpAddress> peer,
            std::string client_key, std::string share_key)
        : stream_(std::move(socket)),
          sh_(shared),
          peer_(peer),
          client_key_(std::move(client_key)),
          share_key_(std::move(share_key)) {
        ++sh_.connections;
        if (sh_.opt.metrics) sh_.opt.metrics->connection_opened();
    }
    ~Session() {
        if (!share_key_.empty()) sh_.shares.give_back(share_key_);
        --sh_.connections;
        if (sh_.opt.metrics) sh_.opt.metrics->connection_closed();
    }

    void start() { read_header(sh_.opt.header_timeout); }

    // Under pressure: closes the connection if it has waited for a request longer than
    // the pressure deadlines allow (idle, or with part of a header received).
    void expire_if_waiting_too_long() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            if (self->busy_ || !self->stream_.socket().is_open()) return;
            const auto limit = self->buffer_.size() == 0 && self->header_bytes_ == 0
                                   ? self->sh_.opt.pressure_idle_timeout
                                   : self->sh_.opt.pressure_header_timeout;
            if (std::chrono::steady_clock::now() - self->started_ < limit) return;
            beast::error_code ec;
            self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
            self->stream_.close();
        });
    }

    // Closes the connection if it is waiting for a request (used at shutdown).
    void close_if_idle() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_) {
                beast::error_code ec;
                self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
                self->stream_.close();
            }
        });
    }

  private:
    void read_header(std::chrono::seconds timeout) {
        if (sh_.under_pressure()) timeout = std::min(timeout, sh_.opt.pressure_header_timeout);
        busy_ = false;
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(sh_.opt.header_limit));
        parser_->body_limit(sh_.opt.body_limit);
        started_ = std::chrono::steady_clock::now();
        header_bytes_ = 0;
        stream_.expires_after(timeout);
        read_header_part();
    }

    // The header is read part by part, counting the bytes the parser takes. Boost 1.81's
    // parser applies its header limit only to the bytes it has not consumed yet, and it
    // consumes every complete field as it goes, so a header of many small fields would
    // never reach it; the count here holds the request line and fields together to
    // `header_limit`, as the server promises (431).
    void read_header_part() {
        http::async_read_some(stream_, buffer_, *parser_,
                              [self = shared_from_this()](beast::error_code ec, std::size_t used) {
                                  if (ec) return self->fail_read(ec);
                                  self->header_bytes_ += used;
                                  if (self->header_bytes_ > self->sh_.opt.header_limit)
                                      return self->respond_error(ProtocolError::header_too_large);
                                  if (!self->parser_->is_header_done())
                                      return self->read_header_part();
                                  self->on_header({});
                              });
    }

    void on_header(beast::error_code ec) {
        if (ec) return fail_read(ec);
        busy_ = true;
        started_ = std::chrono::steady_clock::now();
        const auto& h = parser_->get();
        // Boost 1.81's parser lacks upstream fixes around chunked bodies: refuse any
        // Transfer-Encoding outright. Browsers and API clients send Content-Length.
        if (h.find(http::field::transfer_encoding) != h.end())
            return respond_error(ProtocolError::transfer_encoding);
        // A request without a body (every GET) is complete with its header: handle it
        // now, without another read operation and another change of the deadline.
        if (parser_->is_done()) return on_read({});
        const auto remaining = sh_.opt.request_timeout - sh_.opt.header_timeout;
        stream_.expires_after(remaining.count() > 0 ? remaining : std::chrono::seconds(1));
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_read(e); });
    }

    void fail_read(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::operation_aborted || ec == asio::error::eof ||
            ec == asio::error::connection_reset) {
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
            return;
        }
        if (ec == http::error::header_limit) return respond_error(ProtocolError::header_too_large);
        if (ec == http::error::body_limit) return respond_error(ProtocolError::body_too_large);
        if (ec.category() == http::make_error_code(http::error::bad_target).category())
            return respond_error(ProtocolError::bad_request);
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }

    void on_read(beast::error_code ec) {
        if (ec) return fail_read(ec);
        auto msg = parser_->release();
        auto req = std::make_shared<Request>();
        req->method = std::string(msg.method_string());
        req->target = std::string(msg.target());
        req->body = std::move(msg.body());
        req->client_key = client_key_;
        for (const auto& f : msg) {
            std::string name(f.name_string());
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            req->headers.emplace_back(std::move(name), std::string(f.value()));
        }
        // From a trusted proxy, the client is the one its forwarding header names.
        if (peer_ && sh_.opt.trusted_proxies.contains(*peer_))
            req->client_key = sh_.keyer.key_for(forwarded_client(
                *peer_, sh_.opt.trusted_proxies, sh_.opt.forwarded_header, req->headers));
        // GET /metrics is for the operator's own addresses, and never for a request a
        // proxy on such an address forwarded (it names its client in a forwarding header).
        const bool forwarded =
            std::any_of(req->headers.begin(), req->headers.end(), [](const auto& f) {
                return f.first == "x-forwarded-for" || f.first == "forwarded" ||
                       f.first == "x-real-ip";
            });
        req->operator_peer = peer_ && !forwarded && sh_.opt.metrics_allow.contains(*peer_);
        keep_alive_ = msg.keep_alive();
        version_ = msg.version();
        // With workers = 0 the application runs right here on the I/O thread. Otherwise
        // pages still current in the page cache are answered here (a lookup and a copy,
        // cheaper than the hop to a worker and back); everything else runs on the worker
        // pool, and the reply is written back on this connection's own executor, so a
        // slow page never holds up cached ones.
        if (auto hit = sh_.app.cached(*req)) return write(*req, std::move(hit));
        if (sh_.opt.workers == 0) return write(*req, sh_.app.respond(*req));
        asio::post(sh_.pool, [self = shared_from_this(), req] {
            std::shared_ptr<const Response> res = self->sh_.app.respond(*req);
            asio::post(self->stream_.get_executor(), [self, req, res] { self->write(*req, res); });
        });
    }

    // Refuses the request with the application's response for `e` (security headers
    // included, JSON for the API) and closes the connection.
    void respond_error(ProtocolError e) {
        busy_ = true;
        Request dummy;
        dummy.method = "GET";
        dummy.target = "-";
        write(dummy, sh_.app.protocol_error(e, target_read()));
    }

    // The request target as far as it was read: from the parsed request line, else (a
    // request line longer than the header limit) from the bytes received. Only its
    // beginning matters (is it under /api/?).
    std::string target_read() const {
        if (parser_ && !parser_->get().target().empty())
            return std::string(parser_->get().target().substr(0, 64));
        const auto data = buffer_.data();
        const std::string_view raw(static_cast<const char*>(data.data()),
                                   std::min<std::size_t>(data.size(), 256));
        const auto start = raw.find(' ');
        if (start == std::string_view::npos) return {};
        const auto rest = raw.substr(start + 1);
        return std::string(rest.substr(0, std::min(rest.find(' '), std::size_t{64})));
    }

    // Writes `res` without copying its body: the status line and header fields are
    // serialised into this connection's own buffer (reused, so a keep-alive connection
    // allocates nothing per response once it has grown), the body is sent from `res`
    // itself, and the completion handler keeps `res` alive until the write is done.
    // Cached responses are shared by every connection that is sending them, with their
    // header fields prepared once (Response::seal). Header fields come from the
    // application, never from a request; a field with a CR, LF or NUL in it would split
    // the header block, so it is dropped rather than sent (Response::append_fields).
    void write(const Request& req, std::shared_ptr<const Response> res) {
        const bool head = req.method == "HEAD";
        const bool close = res->close || !keep_alive_ || sh_.draining.load();
        const std::size_t length = res->body.size();
        auto& h = head_buffer_;
        h.clear();
        h.append(version_ == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
        h.append(std::to_string(res->status)).append(1, ' ');
        const auto reason = http::obsolete_reason(static_cast<http::status>(res->status));
        h.append(reason.data(), reason.size()).append("\r\nServer: radfraga\r\n");
        if (!res->wire_fields.empty())
            h.append(res->wire_fields);  // sealed: checked and joined once
        else
            res->append_fields(h);
        h.append("Content-Length: ").append(std::to_string(length)).append("\r\n");
        if (close && version_ != 10) h.append("Connection: close\r\n");
        if (!close && version_ == 10) h.append("Connection: keep-alive\r\n");
        h.append("\r\n");
        const auto elapsed = std::chrono::steady_clock::now() - started_;
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
        if (sh_.opt.metrics)
            sh_.opt.metrics->observe_request(req.method, req.target, res->status,
                                             std::chrono::duration<double>(elapsed).count());
        if (sh_.opt.access_log)
            sh_.log(access_line(req.method, req.target, *res, static_cast<long long>(ms)));
        stream_.expires_after(sh_.opt.request_timeout);
        const std::array<asio::const_buffer, 2> buffers{
            asio::buffer(h), asio::buffer(res->body.data(), head ? 0 : length)};
        asio::async_write(
            stream_, buffers,
            [self = shared_from_this(), res, close](beast::error_code ec, std::size_t) {
                if (ec || close) {
                    beast::error_code ignored;
                    self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
                    return;
                }
                self->read_header(
                    self->sh_.under_pressure()
                        ? std::min(self->sh_.opt.idle_timeout, self->sh_.opt.pressure_idle_timeout)
                        : self->sh_.opt.idle_timeout);
            });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::string head_buffer_;  // the response's status line and fields (see write)
    std::optional<http::request_parser<http::string_body>> parser_;
    Shared& sh_;
    std::optional<IpAddress> peer_;
    std::string client_key_;  // the TCP peer's; requests from trusted proxies get their own
    std::string share_key_;
    bool keep_alive_ = false;
    unsigned version_ = 11;
    bool busy_ = false;
    std::chrono::steady_clock::time_point started_;
    std::size_t header_bytes_ = 0;  // of the request being read, as consumed by the parser
};

// Opens, binds and listens on options.address:options.port; false (logged) if not.
bool listen_on(tcp::acceptor& acceptor, const ServerOptions& options,
               const std::function<void(const std::string&)>& log) {
    beast::error_code ec;
    const auto address = asio::ip::make_address(options.address, ec);
    if (ec) {
        log("error: cannot listen: \"" + options.address + "\" is not an IP address");
        return false;
    }
    const tcp::endpoint ep(address, options.port);
    acceptor.open(ep.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(ep, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        log("error: cannot listen on " + options.address + ":" + std::to_string(options.port) +
            ": " + ec.message());
        return false;
    }
    return true;
}

// Starts a session for a freshly accepted connection, or closes it if it is over the
// server's cap or its client's share. The per-client share is keyed like the rate
// limits, by the keyed hash of the TCP peer. A trusted proxy's connections carry many
// clients and are not held to it: who the client is shows only in each request's header.
void admit(tcp::socket socket, Shared& sh, std::list<std::weak_ptr<Session>>& sessions) {
    const auto& options = sh.opt;
    const auto peer = peer_of(socket);
    const std::string key = peer ? sh.keyer.key_for(peer->client_id()) : std::string();
    const bool shared_peer = !peer || options.trusted_proxies.contains(*peer);
    if (sh.connections.load() >= options.max_connections) {
        ++sh.refused_total;
        if (options.metrics) options.metrics->connection_refused(false);
        beast::error_code ignored;
        socket.close(ignored);  // over the cap: refuse early, cheaply
    } else if (!shared_peer && !sh.shares.take(key, sh.client_share())) {
        ++sh.refused_share;
        if (options.metrics) options.metrics->connection_refused(true);
        beast::error_code ignored;
        socket.close(ignored);
    } else {
        auto s = std::make_shared<Session>(std::move(socket), sh, peer, key,
                                           shared_peer ? std::string() : key);
        sessions.remove_if([](const std::weak_ptr<Session>& w) { return w.expired(); });
        sessions.push_back(s);
        s->start();
    }
}

// Periodic background work: each task runs on the pool every interval, never
// overlapping itself, until cancel() or draining.
class Periodic {
  public:
    Periodic(std::vector<PeriodicTask> tasks, asio::strand<asio::io_context::executor_type> control,
             asio::thread_pool& pool, const Shared& sh,
             const std::function<void(const std::string&)>& log)
        : tasks_(std::move(tasks)), pool_(pool), sh_(sh), log_(log) {
        for (std::size_t i = 0; i < tasks_.size(); ++i) {
            timers_.push_back(std::make_unique<asio::steady_timer>(control));
            running_.push_back(std::make_shared<std::atomic<bool>>(false));
            arm(i);
        }
    }
    void cancel() {
        for (auto& t : timers_) t->cancel();
    }

  private:
    void arm(std::size_t i) {
        timers_[i]->expires_after(tasks_[i].interval);
        timers_[i]->async_wait([this, i](beast::error_code e) {
            if (e || sh_.draining) return;
            auto flag = running_[i];
            if (!flag->exchange(true)) {
                asio::post(pool_, [this, i, flag] {
                    try {
                        tasks_[i].run();
                    } catch (const std::exception& ex) {
                        log_("error: " + tasks_[i].name + ": " + ex.what());
                    }
                    flag->store(false);
                });
            }
            arm(i);
        });
    }

    std::vector<PeriodicTask> tasks_;
    asio::thread_pool& pool_;
    const Shared& sh_;
    const std::function<void(const std::string&)>& log_;
    std::vector<std::unique_ptr<asio::steady_timer>> timers_;
    std::vector<std::shared_ptr<std::atomic<bool>>> running_;
};

}  // namespace

int run_server(const App& app, const ServerOptions& options, Random& random, const Clock& clock,
               std::vector<PeriodicTask> tasks, const std::function<void(const std::string&)>& log,
               const std::function<void(std::uint16_t)>& on_ready) {
    const unsigned io_threads = std::max(1u, options.io_threads);
    asio::io_context ioc(static_cast<int>(io_threads));
    // The acceptor, the signals, the timers and the list of sessions share one strand:
    // with several I/O threads their handlers still run one at a time. Each session has
    // a strand of its own.
    const auto control = asio::make_strand(ioc);
    asio::thread_pool pool(options.workers ? options.workers : 1);
    ClientKeyer keyer(random, clock);
    Shared sh{app, options, pool, keyer, log};
    std::list<std::weak_ptr<Session>> sessions;

    tcp::acceptor acceptor(control);
    if (!listen_on(acceptor, options, log)) return 1;

    std::function<void()> do_accept = [&] {
        acceptor.async_accept(asio::make_strand(ioc), [&](beast::error_code e, tcp::socket socket) {
            if (e) {
                if (e == asio::error::operation_aborted || !acceptor.is_open()) return;
                do_accept();
                return;
            }
            admit(std::move(socket), sh, sessions);
            do_accept();
        });
    };
    do_accept();

    Periodic periodic(std::move(tasks), control, pool, sh, log);

    // Refused connections are reported as counts only, never an address (nor its hash).
    const auto report_refusals = [&] {
        const unsigned share = sh.refused_share.exchange(0);
        const unsigned total = sh.refused_total.exchange(0);
        if (share + total > 0)
            log("connections refused: " + std::to_string(share) +
                " over a client's share (max-connections-per-client), " + std::to_string(total) +
                " over max-connections, since the last report");
    };

    asio::steady_timer grace(control);
    asio::signal_set signals(control, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code e, int) {
        if (e) return;
        report_refusals();
        log("shutting down: finishing requests in flight");
        sh.draining = true;
        beast::error_code ignored;
        acceptor.close(ignored);
        periodic.cancel();
        for (auto& w : sessions)
            if (auto s = w.lock()) s->close_if_idle();
        grace.expires_after(options.shutdown_grace);
        grace.async_wait([&](beast::error_code ge) {
            if (!ge) ioc.stop();
        });
    });

    if (on_ready) on_ready(acceptor.local_endpoint().port());
    log("listening on http://" + options.address + ":" +
        std::to_string(acceptor.local_endpoint().port()));
    // Runs until the acceptor, the sessions and the grace timer have all finished.
    // The grace timer keeps the loop alive; cancel it once the last session is gone.
    // It also, every half second under pressure, cuts off connections that have waited
    // for a request too long, and every ten seconds reports refused connections.
    std::function<void()> watch;
    asio::steady_timer watcher(control);
    unsigned ticks = 0;
    watch = [&] {
        watcher.expires_after(std::chrono::milliseconds(100));
        watcher.async_wait([&](beast::error_code e) {
            if (e) return;
            if (sh.draining && sh.connections.load() == 0) {
                grace.cancel();
                signals.cancel();
                return;
            }
            ++ticks;
            if (ticks % 5 == 0 && sh.under_pressure()) {
                sessions.remove_if([](const std::weak_ptr<Session>& w) { return w.expired(); });
                for (auto& w : sessions)
                    if (auto s = w.lock()) s->expire_if_waiting_too_long();
            }
            if (ticks % 100 == 0) report_refusals();
            watch();
        });
    };
    watch();
    std::vector<std::thread> io;
    for (unsigned i = 1; i < io_threads; ++i) io.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : io) t.join();
    pool.join();
    log("stopped");
    return 0;
}

}  // namespace radfraga::server
