// Prints the cost of Metrics::observe_request (a route class, a counter increment and a
// histogram observation) per request, one thread and two threads counting at once, and
// of rendering the exposition text. Compare with a request's own cost (bench/http).
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "server/metrics.hpp"

namespace {
using Clock = std::chrono::steady_clock;

double ns_per_call(radfraga::server::Metrics& m, long n) {
    const std::string targets[] = {"/fraga/123-hyra", "/", "/sok?q=hyra", "/api/v1/search?q=x",
                                   "/static/app.css"};
    const auto t0 = Clock::now();
    for (long i = 0; i < n; ++i)
        m.observe_request("GET", targets[i % 5], i % 50 ? 200 : 404, 0.0012);
    return std::chrono::duration<double, std::nano>(Clock::now() - t0).count() /
           static_cast<double>(n);
}
}  // namespace

int main() {
    radfraga::server::Metrics m;
    constexpr long n = 5'000'000;
    ns_per_call(m, n / 10);  // warm: counters made
    std::printf("observe_request, 1 thread:  %.1f ns\n", ns_per_call(m, n));
    double a = 0, b = 0;
    std::thread t1([&] { a = ns_per_call(m, n); });
    std::thread t2([&] { b = ns_per_call(m, n); });
    t1.join();
    t2.join();
    std::printf("observe_request, 2 threads: %.1f ns and %.1f ns\n", a, b);
    const auto t0 = Clock::now();
    std::size_t bytes = 0;
    for (int i = 0; i < 200; ++i) bytes = m.render({}).size();
    std::printf("render: %.1f us for %zu bytes\n",
                std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / 200, bytes);
}
