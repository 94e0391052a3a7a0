// Decimal integers as the index writes them (a document's data is its question id, a
// generation's name ends in its number): shared by the index and its ranker.
#pragma once
#include <charconv>
#include <cstdint>
#include <string_view>

namespace radfraga::search::detail {

// `s` read as a whole decimal integer; -1 if it is anything else (empty, a sign, other
// characters, out of range).
inline std::int64_t parse_int(std::string_view s) {
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return -1;
    return v;
}

}  // namespace radfraga::search::detail
