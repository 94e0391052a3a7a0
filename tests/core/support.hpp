// Helpers for the core tests: a repeatable Random, and printing of optional steps.
#pragma once
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <vector>

#include "core/clock.hpp"

namespace radfraga::test {

// A Random that hands out the bytes it was given, over and over, so tests get the same
// keys every run.
class FixedRandom final : public Random {
  public:
    explicit FixedRandom(std::vector<unsigned char> bytes) : bytes_(std::move(bytes)) {}
    void fill(std::span<unsigned char> out) override {
        for (auto& b : out) b = bytes_.empty() ? 0 : bytes_[next_++ % bytes_.size()];
        ++calls_;
    }
    int calls() const { return calls_; }

  private:
    std::vector<unsigned char> bytes_;
    std::size_t next_ = 0;
    int calls_ = 0;
};

}  // namespace radfraga::test

// Lets BOOST_TEST print the std::optional<std::int64_t> that verify_totp returns.
template <>
struct boost::test_tools::tt_detail::print_log_value<std::optional<std::int64_t>> {
    void operator()(std::ostream& out, const std::optional<std::int64_t>& v) {
        if (v)
            out << *v;
        else
            out << "nullopt";
    }
};
