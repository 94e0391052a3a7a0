// A least-recently-used cache bounded by a byte budget: the one LRU behind the page
// cache (server/), the search result, snippet text and posting list caches (search/).
#pragma once
#include <cstddef>
#include <functional>
#include <list>
#include <unordered_map>
#include <utility>

namespace radfraga {

// Maps `Key` to `Value`, each entry with a cost in bytes the caller states when it puts
// it (what the entry holds, as the caller counts it; a cache bounded by entries gives
// every entry cost 1). When the costs add up to more than the budget, the least recently
// used entries are evicted until they fit again, but never the entry just put: an entry
// bigger than the budget stays alone until the next put (callers that must not keep
// such an entry refuse it before put).
//
// Not thread-safe: callers hold their own lock (they usually check other state, such
// as a version, under the same lock). Pointers returned by get() and peek() are valid
// until the next put(), erase() or clear().
template <class Key, class Value, class Hash = std::hash<Key>>
class LruCache {
  public:
    explicit LruCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

    // The value for `key`, now the most recently used; nullptr if absent.
    Value* get(const Key& key) {
        const auto it = index_.find(key);
        if (it == index_.end()) return nullptr;
        order_.splice(order_.begin(), order_, it->second);
        return &it->second->value;
    }
    // The value for `key` without changing the order; nullptr if absent.
    const Value* peek(const Key& key) const {
        const auto it = index_.find(key);
        return it == index_.end() ? nullptr : &it->second->value;
    }
    bool contains(const Key& key) const { return index_.contains(key); }

    // Puts `value` under `key` (replacing what was there) as the most recently used
    // entry, then evicts as above.
    void put(const Key& key, Value value, std::size_t bytes) {
        erase(key);
        order_.push_front(Node{key, std::move(value), bytes});
        index_.emplace(key, order_.begin());
        bytes_ += bytes;
        while (bytes_ > budget_ && order_.size() > 1) {
            index_.erase(order_.back().key);
            bytes_ -= order_.back().bytes;
            order_.pop_back();
        }
    }
    // Removes `key`'s entry; false if there was none.
    bool erase(const Key& key) {
        const auto it = index_.find(key);
        if (it == index_.end()) return false;
        bytes_ -= it->second->bytes;
        order_.erase(it->second);
        index_.erase(it);
        return true;
    }
    void clear() {
        index_.clear();
        order_.clear();
        bytes_ = 0;
    }

    // Calls f(key, value) for every entry, most recently used first.
    template <class F>
    void for_each(F&& f) const {
        for (const auto& n : order_) f(n.key, n.value);
    }

    std::size_t bytes() const { return bytes_; }
    std::size_t size() const { return order_.size(); }
    std::size_t budget() const { return budget_; }

  private:
    struct Node {
        Key key;
        Value value;
        std::size_t bytes;
    };
    using Order = std::list<Node>;
    std::size_t budget_;
    std::size_t bytes_ = 0;
    Order order_;  // most recently used first
    std::unordered_map<Key, typename Order::iterator, Hash> index_;
};

}  // namespace radfraga
