// Issue 18, fifth round: the invariant the phone detector's fast path relies on, and the
// classes of detail generalised in this round, each with sentences of their own and the
// hard negatives each rule must leave alone.
#include <boost/test/unit_test.hpp>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "moderation/redactor.hpp"

using namespace radfraga::moderation;

namespace {

const Redactor& R5() {
    static const Redactor r;
    return r;
}

std::filesystem::path source_dir() {
    const char* s = std::getenv("RADFRAGA_SOURCE_DIR");
    return s != nullptr ? std::filesystem::path(s) : std::filesystem::path(".");
}

// True if every letter and digit of `detail` (found in `text`) lies inside a finding.
bool covered(std::string_view text, std::string_view detail) {
    const auto at = text.find(detail);
    BOOST_REQUIRE_MESSAGE(at != std::string_view::npos, "test bug: " << detail);
    const auto fs = R5().find(text);
    for (std::size_t i = at; i < at + detail.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == ' ' || c == ',' || c == '-' || c == '.' || c == '\n' || c == '(' || c == ')')
            continue;
        const bool in = std::any_of(fs.begin(), fs.end(),
                                    [&](const Finding& f) { return f.start <= i && i < f.end; });
        if (!in) return false;
    }
    return true;
}

[[maybe_unused]] void expect_caught(std::string_view text,
                                    std::initializer_list<std::string_view> details) {
    for (auto d : details) {
        BOOST_TEST_CONTEXT("text: " << text << "\ndetail: " << d) {
            BOOST_TEST(covered(text, d));
        }
    }
}

// No finding overlaps `word` in `text`.
void expect_not_found(std::string_view text, std::string_view word) {
    const auto at = text.find(word);
    BOOST_REQUIRE_MESSAGE(at != std::string_view::npos, "test bug: " << word);
    BOOST_TEST_CONTEXT("text: " << text << "\nword: " << word) {
        for (const auto& f : R5().find(text)) {
            BOOST_TEST(!(f.start < at + word.size() && at < f.end),
                       "unexpected " << f.type << ": " << f.text);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fifth_round)

// The phone detector skips libphonenumber for a window that is exactly a listed public
// number with its trunk zero, taking it as one valid number (so never proposed). That
// holds only while libphonenumber validates every such entry.
BOOST_AUTO_TEST_CASE(listed_public_numbers_are_valid_swedish_numbers) {
    using i18n::phonenumbers::PhoneNumberUtil;
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    std::ifstream f(source_dir() / "moderation/data/public_numbers.txt");
    BOOST_REQUIRE(f);
    std::string line;
    std::size_t checked = 0;
    while (std::getline(f, line)) {
        const std::string number = line.substr(0, line.find_first_of(" \t#"));
        if (number.size() < 7 || number[0] != '0' || number[1] == '0') continue;
        BOOST_TEST_CONTEXT(number) {
            i18n::phonenumbers::PhoneNumber num;
            BOOST_TEST((util.Parse(number, "SE", &num) == PhoneNumberUtil::NO_PARSING_ERROR));
            BOOST_TEST(util.IsValidNumber(num));
            BOOST_TEST(num.country_code() == 46);
            BOOST_TEST("0" + std::to_string(num.national_number()) == number);
        }
        ++checked;
    }
    BOOST_TEST(checked >= 10u);
    // And the detector still leaves them out, written in the usual groups.
    expect_not_found("Ring Försäkringskassan på 0771-524 524 i morgon.", "0771-524 524");
}

BOOST_AUTO_TEST_SUITE_END()
