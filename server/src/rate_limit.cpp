#include "server/src/rate_limit.hpp"

#include <algorithm>

namespace radfraga::server {

bool RateLimiter::allow(std::string_view client, std::string_view action, int burst, double refill_seconds,
                        UnixSeconds now) {
    if (!enabled || client.empty()) return true;
    std::string key;
    key.reserve(client.size() + action.size() + 1);
    key.append(action).append(1, '|').append(client);
    std::lock_guard lock(mu_);
    // Drop full buckets now and then so memory stays bounded by recent clients.
    if (now - last_prune_ > 600 || buckets_.size() > 200'000) {
        std::erase_if(buckets_, [&](const auto& kv) { return now - kv.second.at > 24 * 3600; });
        last_prune_ = now;
    }
    auto [it, inserted] = buckets_.try_emplace(key, Bucket{static_cast<double>(burst), now});
    Bucket& b = it->second;
    if (!inserted) {
        b.tokens = std::min<double>(burst, b.tokens + static_cast<double>(now - b.at) / refill_seconds);
        b.at = now;
    }
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
}

}  // namespace radfraga::server
