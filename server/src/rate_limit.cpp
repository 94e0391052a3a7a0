#include "server/src/rate_limit.hpp"

#include <algorithm>

namespace radfraga::server {

bool RateLimiter::allow(std::string_view client, std::string_view action, int burst,
                        double refill_seconds, UnixSeconds now) {
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
        b.tokens =
            std::min<double>(burst, b.tokens + static_cast<double>(now - b.at) / refill_seconds);
        b.at = now;
    }
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
}

std::string LoginThrottle::key(std::string_view client, std::string_view username) {
    // Usernames are at most 64 bytes; longer input is refused before any lookup, but
    // the key stays bounded whatever the caller passes.
    username = username.substr(0, 64);
    std::string k;
    k.reserve(client.size() + username.size() + 1);
    k.append(client).append(1, '\0').append(username);
    return k;
}

std::int64_t LoginThrottle::backoff(std::int64_t failures) {
    if (failures < kFreeFailures) return 0;
    std::int64_t wait = kFirstWait;
    for (std::int64_t i = kFreeFailures; i < failures && wait < kMaxWait; ++i) wait *= 2;
    return std::min(wait, kMaxWait);
}

std::int64_t LoginThrottle::wait(std::string_view client, std::string_view username,
                                 UnixSeconds now) {
    if (!enabled || client.empty()) return 0;
    std::lock_guard lock(mu_);
    const auto it = pairs_.find(key(client, username));
    if (it == pairs_.end()) return 0;
    const std::int64_t left = it->second.last + backoff(it->second.failures) - now;
    return std::max<std::int64_t>(0, left);
}

void LoginThrottle::failed(std::string_view client, std::string_view username, UnixSeconds now) {
    if (!enabled || client.empty()) return;
    std::lock_guard lock(mu_);
    if (pairs_.size() >= kMaxPairs) {
        // Forget pairs that no longer make anyone wait; if every pair still does, the new
        // one is not kept (the per-client limit on logins still applies to it).
        std::erase_if(pairs_, [&](const auto& kv) {
            return kv.second.last + backoff(kv.second.failures) <= now;
        });
        if (pairs_.size() >= kMaxPairs) return;
    }
    Pair& p = pairs_[key(client, username)];
    if (now - p.last > 24 * 3600) p.failures = 0;
    ++p.failures;
    p.last = now;
}

void LoginThrottle::succeeded(std::string_view client, std::string_view username) {
    if (client.empty()) return;
    std::lock_guard lock(mu_);
    pairs_.erase(key(client, username));
}

}  // namespace radfraga::server
