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

class RateLimiter {
public:
    // When false, every action is allowed (configuration `rate-limits = false`).
    bool enabled = true;

    // At most `burst` actions at once per (client, action), refilled at one per
    // `refill_seconds`. An empty client key (tests, Unix sockets) is never limited.
    // Returns false if the action must be refused.
    bool allow(std::string_view client, std::string_view action, int burst, double refill_seconds,
               UnixSeconds now);

private:
    struct Bucket {
        double tokens;
        UnixSeconds at;
    };
    std::mutex mu_;
    std::unordered_map<std::string, Bucket> buckets_;
    UnixSeconds last_prune_ = 0;
};

}  // namespace radfraga::server
