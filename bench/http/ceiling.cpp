// The ceiling for bench/http/run.sh: a minimal asynchronous Beast server with the same
// threading as radfraga's I/O side (THREADS io_context threads, as radfraga's
// io-threads; default 1), answering every request with a fixed 2 KiB HTML body.
// Whatever radfraga does beyond this costs requests/s.
//   bench_http_ceiling PORT [THREADS]
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

const std::string kBody =
    "<!DOCTYPE html><html lang=\"sv\"><body>" + std::string(2000, 'x') + "</body></html>";

class Session : public std::enable_shared_from_this<Session> {
  public:
    explicit Session(tcp::socket s) : stream_(std::move(s)) {}
    void read() {
        req_ = {};
        http::async_read(stream_, buf_, req_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) return;
                             self->write();
                         });
    }

  private:
    void write() {
        res_ = {};
        res_.version(req_.version());
        res_.result(http::status::ok);
        res_.set(http::field::content_type, "text/html; charset=utf-8");
        res_.keep_alive(req_.keep_alive());
        res_.body() = kBody;
        res_.prepare_payload();
        http::async_write(stream_, res_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec || !self->res_.keep_alive()) return;
                              self->read();
                          });
    }
    beast::tcp_stream stream_;
    beast::flat_buffer buf_;
    http::request<http::string_body> req_;
    http::response<http::string_body> res_;
};

void accept(tcp::acceptor& a) {
    // Each connection on a strand of its own, as in radfraga, so several threads may run.
    a.async_accept(asio::make_strand(a.get_executor()), [&a](beast::error_code ec, tcp::socket s) {
        if (!ec) std::make_shared<Session>(std::move(s))->read();
        accept(a);
    });
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 && argc != 3) {
        std::cerr << "usage: bench_http_ceiling PORT [THREADS]\n";
        return 2;
    }
    const int threads = argc == 3 ? std::max(1, std::atoi(argv[2])) : 1;
    asio::io_context ioc(threads);
    tcp::acceptor a(ioc, {asio::ip::make_address("127.0.0.1"),
                          static_cast<unsigned short>(std::atoi(argv[1]))});
    accept(a);
    std::vector<std::thread> more;
    for (int i = 1; i < threads; ++i) more.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : more) t.join();
}
