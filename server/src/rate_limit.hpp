// In-memory rate limiting by client key (an HMAC of the IP address, see server.cpp).
// Nothing here is ever written to disk.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"

namespace radfraga::server {

// A named rate-limit rule: at most `burst` actions at once per client, refilled at one
// per `refill_seconds`. The rules the routes use are named in policies.hpp.
struct RateRule {
    std::string_view action;
    int burst;
    double refill_seconds;
};

class RateLimiter {
  public:
    // When false, every action is allowed (configuration `rate-limits = false`).
    bool enabled = true;

    // At most `burst` actions at once per (client, action), refilled at one per
    // `refill_seconds`. An empty client key (tests, Unix sockets) is never limited.
    // Returns false if the action must be refused.
    bool allow(std::string_view client, std::string_view action, int burst, double refill_seconds,
               UnixSeconds now);
    // The same, by rule; `suffix` (if any) is appended to the rule's action name, so one
    // rule can count per question or per kind.
    bool allow(std::string_view client, const RateRule& rule, UnixSeconds now,
               std::string_view suffix = {}) {
        if (suffix.empty()) return allow(client, rule.action, rule.burst, rule.refill_seconds, now);
        return allow(client, std::string(rule.action) + std::string(suffix), rule.burst,
                     rule.refill_seconds, now);
    }

  private:
    struct Bucket {
        double tokens;
        UnixSeconds at;
    };
    std::mutex mu_;
    std::unordered_map<std::string, Bucket> buckets_;
    UnixSeconds last_prune_ = 0;
};

// Exponential back-off of failed logins per (client, username), in memory only.
//
// The first kFreeFailures failures of a client on a username cost nothing; after that
// the client must wait kFirstWait seconds, doubling with every further failure up to
// kMaxWait, before it may try that username again. A success clears the pair. Only the
// failing client waits: the same account from any other client is never locked, so
// nobody can lock an expert out by knowing the username (OWASP Authentication Cheat
// Sheet: no account lockout that others can trigger; exponential back-off instead).
// Usernames that do not exist are counted the same way, so the limits reveal nothing
// about which accounts exist. A pair is forgotten a day after its last failure.
class LoginThrottle {
  public:
    static constexpr int kFreeFailures = 3;
    static constexpr std::int64_t kFirstWait = 5;
    static constexpr std::int64_t kMaxWait = 15 * 60;
    static constexpr std::size_t kMaxPairs = 100'000;

    // When false, nothing is throttled (configuration `rate-limits = false`).
    bool enabled = true;

    // Seconds `client` must still wait before trying `username` again; 0 if it may try
    // now. An empty client key (tests, Unix sockets) is never throttled.
    std::int64_t wait(std::string_view client, std::string_view username, UnixSeconds now);
    void failed(std::string_view client, std::string_view username, UnixSeconds now);
    void succeeded(std::string_view client, std::string_view username);

    // The wait after `failures` failures in a row.
    static std::int64_t backoff(std::int64_t failures);

  private:
    struct Pair {
        std::int64_t failures = 0;
        UnixSeconds last = 0;
    };
    static std::string key(std::string_view client, std::string_view username);
    std::mutex mu_;
    std::unordered_map<std::string, Pair> pairs_;
};

}  // namespace radfraga::server
