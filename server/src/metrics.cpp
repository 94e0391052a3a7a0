#include "server/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <array>
#include <atomic>
#include <cassert>
#include <mutex>
#include <sstream>
#include <vector>

namespace radfraga::server {

namespace {

constexpr std::array<std::string_view, 18> kRoutes = {"home",
                                                      "topic",
                                                      "question",
                                                      "vote",
                                                      "ask",
                                                      "receipt",
                                                      "search",
                                                      "feed",
                                                      "static",
                                                      "health",
                                                      "metrics",
                                                      "api_search",
                                                      "api_suggestions",
                                                      "api_questions",
                                                      "api_receipts",
                                                      "api_other",
                                                      "expert",
                                                      "other"};

std::size_t route_index(std::string_view route) {
    for (std::size_t i = 0; i < kRoutes.size(); ++i)
        if (kRoutes[i] == route) return i;
    assert(false && "route_class returned a class not in kRoutes");
    return kRoutes.size() - 1;
}

bool starts(std::string_view s, std::string_view prefix) {
    return s.starts_with(prefix);
}

}  // namespace

std::string_view route_class(std::string_view method, std::string_view target) {
    const auto path = target.substr(0, target.find('?'));
    if (path == "/") return "home";
    if (starts(path, "/api/")) {
        if (starts(path, "/api/v1/search")) return "api_search";
        if (starts(path, "/api/v1/suggestions")) return "api_suggestions";
        if (starts(path, "/api/v1/receipts") || starts(path, "/api/v1/kvitto"))
            return "api_receipts";
        if (starts(path, "/api/v1/questions")) return "api_questions";
        return "api_other";
    }
    if (starts(path, "/expert")) return "expert";
    if (starts(path, "/fraga/")) return method == "POST" ? "vote" : "question";
    if (starts(path, "/rost")) return "vote";
    if (starts(path, "/amne/")) return "topic";
    if (starts(path, "/stall-en-fraga")) return "ask";
    if (starts(path, "/kvitto")) return "receipt";
    if (starts(path, "/sok")) return "search";
    if (path == "/feed.atom" || path == "/sitemap.xml") return "feed";
    if (starts(path, "/static/") || path == "/robots.txt" || path == "/om" ||
        starts(path, "/.well-known/"))
        return "static";
    if (path == "/healthz") return "health";
    if (path == "/metrics") return "metrics";
    return "other";
}

struct Metrics::Impl {
    prometheus::Registry registry;
    prometheus::Family<prometheus::Counter>& requests =
        prometheus::BuildCounter()
            .Name("radfraga_http_requests_total")
            .Help("HTTP requests answered, by route class and status code")
            .Register(registry);
    prometheus::Family<prometheus::Histogram>& durations =
        prometheus::BuildHistogram()
            .Name("radfraga_http_request_duration_seconds")
            .Help(
                "Time from reading a request to handing its response to the socket, by route class")
            .Register(registry);
    prometheus::Family<prometheus::Counter>& cache =
        prometheus::BuildCounter()
            .Name("radfraga_page_cache_lookups_total")
            .Help("Public page requests looked up in the page cache, by result")
            .Register(registry);
    prometheus::Counter& cache_hit = cache.Add({{"result", "hit"}});
    prometheus::Counter& cache_miss = cache.Add({{"result", "miss"}});
    prometheus::Family<prometheus::Counter>& stored =
        prometheus::BuildCounter()
            .Name("radfraga_stored_page_lookups_total")
            .Help(
                "Question pages missing from the page cache looked up among the stored "
                "pages, by result")
            .Register(registry);
    prometheus::Counter& stored_hit = stored.Add({{"result", "hit"}});
    prometheus::Counter& stored_miss = stored.Add({{"result", "miss"}});
    prometheus::Family<prometheus::Gauge>& conn_family = prometheus::BuildGauge()
                                                             .Name("radfraga_connections_open")
                                                             .Help("Open client connections")
                                                             .Register(registry);
    prometheus::Gauge& connections = conn_family.Add({});
    prometheus::Family<prometheus::Counter>& refused =
        prometheus::BuildCounter()
            .Name("radfraga_connections_refused_total")
            .Help("Connections refused at accept, by reason")
            .Register(registry);
    prometheus::Counter& refused_share = refused.Add({{"reason", "client_share"}});
    prometheus::Counter& refused_max = refused.Add({{"reason", "max_connections"}});

    // Gauges read from the application at scrape time (render sets them, then serialises).
    struct StateGauge {
        std::int64_t MetricsState::*field;
        prometheus::Gauge* gauge;
    };
    std::vector<StateGauge> state_gauges;
    std::mutex render_mu;

    // Histograms per route class, made once; counters per (route class, status) made on
    // first use and then reached without the family's mutex.
    std::array<prometheus::Histogram*, kRoutes.size()> histograms{};
    std::array<std::array<std::atomic<prometheus::Counter*>, 500>, kRoutes.size()> counters{};
    std::mutex add_mu;

    Impl() {
        const prometheus::Histogram::BucketBoundaries buckets{
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
        for (std::size_t i = 0; i < kRoutes.size(); ++i)
            histograms[i] = &durations.Add({{"route", std::string(kRoutes[i])}}, buckets);
        auto gauge = [&](const char* name, const char* help, std::int64_t MetricsState::*field) {
            auto& family = prometheus::BuildGauge().Name(name).Help(help).Register(registry);
            state_gauges.push_back({field, &family.Add({})});
        };
        gauge("radfraga_queue_questions",
              "Questions waiting for an expert (unanswered, or with an open follow-up)",
              &MetricsState::queue_questions);
        gauge("radfraga_queue_crisis_questions", "Waiting questions flagged by crisis triage",
              &MetricsState::queue_crisis);
        gauge("radfraga_queue_oldest_waiting_seconds",
              "How long the longest-waiting question has waited",
              &MetricsState::queue_oldest_seconds);
        gauge("radfraga_published_questions", "Published questions in the archive",
              &MetricsState::published_questions);
        gauge("radfraga_index_lag_entries",
              "Changes to published content the search index has not applied yet",
              &MetricsState::index_lag);
        gauge("radfraga_database_bytes", "Size of the database file and its write-ahead log",
              &MetricsState::database_bytes);
        gauge("radfraga_page_cache_bytes", "Bytes held by the page cache",
              &MetricsState::page_cache_bytes);
        gauge("radfraga_summary_cache_bytes", "Bytes held by the question summary cache",
              &MetricsState::summary_cache_bytes);
        gauge("radfraga_related_lists", "Questions whose related-questions list is computed",
              &MetricsState::related_lists);
        gauge("radfraga_stored_question_pages",
              "Question pages rendered ahead and stored with the content",
              &MetricsState::stored_pages);
    }

    prometheus::Counter& counter(std::size_t route, int status) {
        if (status < 100 || status > 599) status = 599;
        auto& slot = counters[route][static_cast<std::size_t>(status - 100)];
        if (auto* c = slot.load(std::memory_order_acquire)) return *c;
        std::lock_guard lock(add_mu);
        if (auto* c = slot.load(std::memory_order_relaxed)) return *c;
        auto* c = &requests.Add(
            {{"route", std::string(kRoutes[route])}, {"status", std::to_string(status)}});
        slot.store(c, std::memory_order_release);
        return *c;
    }
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::observe_request(std::string_view method, std::string_view target, int status,
                              double seconds) {
    const auto route = route_index(route_class(method, target));
    impl_->counter(route, status).Increment();
    impl_->histograms[route]->Observe(seconds);
}

void Metrics::page_cache_lookup(bool hit) {
    (hit ? impl_->cache_hit : impl_->cache_miss).Increment();
}
void Metrics::stored_page_lookup(bool hit) {
    (hit ? impl_->stored_hit : impl_->stored_miss).Increment();
}
void Metrics::connection_opened() {
    impl_->connections.Increment();
}
void Metrics::connection_closed() {
    impl_->connections.Decrement();
}
void Metrics::connection_refused(bool over_client_share) {
    (over_client_share ? impl_->refused_share : impl_->refused_max).Increment();
}

std::string Metrics::render(const MetricsState& state) const {
    std::lock_guard lock(impl_->render_mu);
    for (const auto& g : impl_->state_gauges) g.gauge->Set(static_cast<double>(state.*g.field));
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, impl_->registry.Collect());
    return out.str();
}

}  // namespace radfraga::server
