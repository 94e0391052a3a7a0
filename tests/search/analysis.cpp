// The Swedish analysis word by word: compound splits, and how a query word's own
// meaning, its parts and its synonyms are told apart.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "search/src/analyzer.hpp"

namespace radfraga::search::test {

namespace {

const detail::Analyzer& analyzer() {
    static const Options options;
    static const detail::Analyzer a(options);
    return a;
}

// The first stem of each compound part of `word`.
std::vector<std::string> parts(const std::string& word) {
    std::vector<std::string> out;
    for (const auto& g : analyzer().analyze(word)->parts) out.push_back(g.empty() ? "" : g.front());
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(analysis)

BOOST_AUTO_TEST_CASE(compounds_split_into_words_the_dictionary_lists) {
    using V = std::vector<std::string>;
    // Both sides must be words the dictionary lists, not compounds Hunspell makes up:
    // "spelmiss" and "boendeplats" are accepted only as compounds.
    BOOST_TEST(parts("spelmissbruk") == (V{"spel", "missbruk"}));
    BOOST_TEST(parts("äldreboendeplats") == (V{"äldreboend", "plat"}));
    BOOST_TEST(parts("fosterhemsplacering") == (V{"fosterhem", "placering"}));
    BOOST_TEST(parts("hyresskulden") == (V{"hyr", "skuld"}));
    // A derivational suffix that is also a word is no head: "lägenhet" is not
    // "lägen" + "het" (hot).
    BOOST_TEST(parts("lägenheterna").empty());
    BOOST_TEST(parts("trygghet").empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace radfraga::search::test
