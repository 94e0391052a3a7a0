// core/lru.hpp: the byte-bounded LRU cache.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "core/lru.hpp"

using radfraga::LruCache;

namespace {

std::vector<std::string> keys(const LruCache<std::string, int>& c) {
    std::vector<std::string> out;
    c.for_each([&](const std::string& k, int) { out.push_back(k); });
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lru)

BOOST_AUTO_TEST_CASE(get_finds_and_marks_recent_peek_does_not) {
    LruCache<std::string, int> c(100);
    c.put("a", 1, 10);
    c.put("b", 2, 10);
    c.put("c", 3, 10);
    BOOST_TEST((keys(c) == std::vector<std::string>{"c", "b", "a"}));
    BOOST_TEST(*c.peek("a") == 1);
    BOOST_TEST((keys(c) == std::vector<std::string>{"c", "b", "a"}));
    BOOST_TEST(*c.get("a") == 1);
    BOOST_TEST((keys(c) == std::vector<std::string>{"a", "c", "b"}));
    BOOST_TEST(c.get("x") == nullptr);
    BOOST_TEST(c.peek("x") == nullptr);
    BOOST_TEST(c.bytes() == 30u);
    BOOST_TEST(c.size() == 3u);
}

BOOST_AUTO_TEST_CASE(evicts_least_recently_used_until_within_budget) {
    LruCache<std::string, int> c(30);
    c.put("a", 1, 10);
    c.put("b", 2, 10);
    c.put("c", 3, 10);
    c.get("a");
    c.put("d", 4, 15);  // 45 bytes: b then c go (a was used after them)
    BOOST_TEST((keys(c) == std::vector<std::string>{"d", "a"}));
    BOOST_TEST(c.bytes() == 25u);
    BOOST_TEST(!c.contains("b"));
    BOOST_TEST(!c.contains("c"));
}

BOOST_AUTO_TEST_CASE(put_replaces_and_recounts) {
    LruCache<std::string, int> c(100);
    c.put("a", 1, 10);
    c.put("b", 2, 10);
    c.put("a", 5, 40);
    BOOST_TEST(*c.peek("a") == 5);
    BOOST_TEST(c.bytes() == 50u);
    BOOST_TEST(c.size() == 2u);
    BOOST_TEST((keys(c) == std::vector<std::string>{"a", "b"}));
}

BOOST_AUTO_TEST_CASE(an_entry_over_budget_stays_alone_until_the_next_put) {
    LruCache<std::string, int> c(10);
    c.put("a", 1, 5);
    c.put("big", 2, 50);
    BOOST_TEST((keys(c) == std::vector<std::string>{"big"}));
    BOOST_TEST(c.bytes() == 50u);
    c.put("b", 3, 5);
    BOOST_TEST((keys(c) == std::vector<std::string>{"b"}));
    BOOST_TEST(c.bytes() == 5u);
}

BOOST_AUTO_TEST_CASE(erase_and_clear_give_the_bytes_back) {
    LruCache<int, std::string> c(100);
    c.put(1, "x", 7);
    c.put(2, "y", 8);
    BOOST_TEST(c.erase(1));
    BOOST_TEST(!c.erase(1));
    BOOST_TEST(c.bytes() == 8u);
    c.clear();
    BOOST_TEST(c.bytes() == 0u);
    BOOST_TEST(c.size() == 0u);
    BOOST_TEST(c.get(2) == nullptr);
}

BOOST_AUTO_TEST_CASE(cost_one_bounds_by_entries) {
    LruCache<int, int> c(2);
    c.put(1, 1, 1);
    c.put(2, 2, 1);
    c.put(3, 3, 1);
    BOOST_TEST(c.size() == 2u);
    BOOST_TEST(!c.contains(1));
}

BOOST_AUTO_TEST_SUITE_END()
