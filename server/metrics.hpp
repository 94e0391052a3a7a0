// Operators' metrics in the Prometheus text format (GET /metrics), kept with Debian's
// prometheus-cpp core library.
//
// Contract: nothing here ever carries a per-asker or per-expert label, an address, a
// path beyond its route class, or any text from a request. Labels come from fixed sets:
// the route class (route_class below), the HTTP status code the application chose, the
// reason a connection was refused. Every method is thread-safe and cheap enough for the
// I/O thread (atomic increments after a lookup under prometheus-cpp's family mutex).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace radfraga::server {

// The class of a request for metrics, from its method and target: one of home, topic,
// question, vote, ask, receipt, search, feed, static, health, metrics, api_search,
// api_suggestions, api_questions, api_receipts, api_other, expert, other. A fixed set,
// so that no request can create a label value.
std::string_view route_class(std::string_view method, std::string_view target);

// What the application reads at scrape time (App::metrics_state): the queue, the search
// index's lag behind the store, the database's size, cache fill.
struct MetricsState {
    std::int64_t queue_questions = 0;       // questions waiting for an expert
    std::int64_t queue_crisis = 0;          // of those, flagged by crisis triage
    std::int64_t queue_oldest_seconds = 0;  // how long the oldest has waited (0: none)
    std::int64_t published_questions = 0;
    std::int64_t index_lag = 0;       // store outbox entries the index has not applied
    std::int64_t database_bytes = 0;  // database file plus its WAL
    std::int64_t page_cache_bytes = 0;
    std::int64_t summary_cache_bytes = 0;
    std::int64_t related_lists = 0;  // questions with a related list computed
    std::int64_t stored_pages = 0;   // question pages rendered ahead and stored
};

class Metrics {
  public:
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // A request answered: its route class, status and time from the first byte read to
    // the response handed to the socket.
    void observe_request(std::string_view method, std::string_view target, int status,
                         double seconds);
    // A public page looked up in the page cache (hit: served without rendering).
    void page_cache_lookup(bool hit);
    // A question page not in the page cache looked up among the pages stored with the
    // content (hit: served without rendering).
    void stored_page_lookup(bool hit);
    void connection_opened();
    void connection_closed();
    // A connection refused at accept: over its client's share, or over max-connections.
    void connection_refused(bool over_client_share);

    // The exposition text (format version 0.0.4) of every metric, with `state` as gauges.
    std::string render(const MetricsState& state) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace radfraga::server
