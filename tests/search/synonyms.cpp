// The domain vocabulary, line by line: every rule of search/data/synonyms.txt must be
// well formed and reachable, so that an edit that breaks or shadows a line (a typo that
// makes an expression a stopword, two words that analyse alike, a longer rule that
// swallows a shorter one) fails here, naming the line.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "search/src/analyzer.hpp"
#include "search/src/embedded.hpp"
#include "search/src/synonyms.hpp"
#include "search/src/thesaurus.hpp"

namespace radfraga::search::test {

namespace {

std::string trim(std::string s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
    return s;
}

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> out;
    std::stringstream ss(list);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (!trim(item).empty()) out.push_back(trim(item));
    }
    return out;
}

std::vector<std::string> words_of(const std::string& expression) {
    std::vector<std::string> out;
    for (auto& t : detail::tokenize(expression)) out.push_back(std::move(t.word));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(synonyms)

BOOST_AUTO_TEST_CASE(the_general_thesaurus_is_read_in_utf8) {
    // mythes-sv's data is ISO-8859-1; the query's words and the synonyms are UTF-8.
    static const Options options;
    const detail::Thesaurus thesaurus(options.thesaurus_idx, options.thesaurus_dat);
    const auto has = [](const std::vector<std::string>& v, const std::string& w) {
        return std::find(v.begin(), v.end(), w) != v.end();
    };
    BOOST_TEST(has(thesaurus.lookup("stålar"), "pengar"));
    BOOST_TEST(has(thesaurus.lookup("polare"), "kompis"));
    BOOST_TEST(has(thesaurus.lookup("pengar"), "stålar"));
    BOOST_TEST(!has(thesaurus.lookup("stålar"), "stålar"));
    BOOST_TEST(thesaurus.lookup("xyzzyord").empty());
    BOOST_TEST(thesaurus.lookup("").empty());
    BOOST_TEST(thesaurus.lookup("\xE2\x82\xAC").empty());  // beyond ISO-8859-1
    BOOST_CHECK_THROW(detail::Thesaurus("/nonexistent.idx", options.thesaurus_dat), Error);
}

BOOST_AUTO_TEST_CASE(the_thesaurus_is_asked_by_each_base_form) {
    // "knegar" is a form of "knega", which the thesaurus has; a rule's word is not looked
    // up as its own synonym.
    static const Options options;
    const detail::Analyzer analyzer(options);
    detail::Synonyms synonyms;
    synonyms.set_thesaurus(
        std::make_shared<const detail::Thesaurus>(options.thesaurus_idx, options.thesaurus_dat),
        0.2);
    const auto m = synonyms.thesaurus_match(3, "knegar", analyzer);
    BOOST_TEST(m.first == 3U);
    BOOST_TEST(m.count == 1U);
    BOOST_TEST(m.from_thesaurus);
    std::vector<std::string> words;
    for (const auto& alt : m.alternatives) {
        BOOST_TEST(alt.weight == 0.2);
        words.push_back(alt.expr->words.front());
    }
    BOOST_TEST((std::find(words.begin(), words.end(), "jobba") != words.end()));
    BOOST_TEST((std::find(words.begin(), words.end(), "knega") == words.end()));
    BOOST_TEST(detail::Synonyms{}.thesaurus_match(0, "knegar", analyzer).alternatives.empty());
}

BOOST_AUTO_TEST_CASE(every_rule_is_reachable) {
    static const Options options;
    const detail::Analyzer analyzer(options);
    detail::Synonyms synonyms;
    const std::string text(detail::embedded_file("synonyms.txt"));
    synonyms.add_rules(text, "synonyms.txt", analyzer);

    std::stringstream lines(text);
    std::string line;
    int line_no = 0, rules = 0;
    while (std::getline(lines, line)) {
        ++line_no;
        const std::string rule = trim(line.substr(0, line.find('#')));
        if (rule.empty()) continue;
        ++rules;
        BOOST_TEST_CONTEXT("synonyms.txt line " << line_no << ": " << rule) {
            std::string body = rule;
            double weight = detail::Synonyms::default_weight;
            if (const auto at = body.rfind('@'); at != std::string::npos) {
                weight = std::strtod(body.c_str() + at + 1, nullptr);
                body = trim(body.substr(0, at));
            }
            BOOST_TEST((weight > 0 && weight <= 1));
            const auto arrow = body.find("=>");
            const auto from = split_list(arrow == std::string::npos ? body : body.substr(0, arrow));
            const auto to = arrow == std::string::npos ? from : split_list(body.substr(arrow + 2));
            BOOST_TEST(!to.empty());
            for (const auto& left : from) {
                const auto words = words_of(left);
                const bool content =
                    std::any_of(words.begin(), words.end(),
                                [&](const std::string& w) { return !analyzer.is_stopword(w); });
                BOOST_TEST(content, "\"" << left << "\" has no word that is not a stopword");
                if (!content) continue;
                // An expression whose stopwords are skipped stands for the words left. One
                // word left that stems as a function word does ("före detta" is "före",
                // stemmed as "för"), so the expression would be met by every "före".
                if (words.size() > 1) {
                    std::vector<std::string> kept;
                    for (const auto& w : words)
                        if (!analyzer.is_stopword(w)) kept.push_back(w);
                    if (kept.size() == 1) {
                        const auto a = analyzer.analyze(kept.front());
                        const bool function_stem = std::any_of(
                            a->primary.begin(), a->primary.end(),
                            [&](const std::string& s) { return analyzer.is_stopword(s); });
                        BOOST_TEST(!function_stem,
                                   "\"" << left << "\" is met by \"" << kept.front()
                                        << "\" alone, which stems as a function word");
                    }
                }
                // A query of just this expression is one match over all its words but
                // stopwords ("skilja sig" is met by "skilja")...
                std::size_t first = 0, last = words.size() - 1;
                while (analyzer.is_stopword(words[first])) ++first;
                while (analyzer.is_stopword(words[last])) --last;
                const auto matches = synonyms.match(words, analyzer);
                BOOST_TEST_REQUIRE(matches.size() == 1U,
                                   "\"" << left << "\" matches no rule as a whole");
                const auto& m = matches.front();
                BOOST_TEST((m.first == first && m.count == last - first + 1),
                           "\"" << left << "\" is matched only in part");
                // ... that offers every other expression of the line, at least this sure.
                for (const auto& right : to) {
                    if (right == left) continue;
                    const auto right_words = words_of(right);
                    // Offered as itself, or as another expression that analyses alike
                    // ("ungar" as "unge": one is enough).
                    std::vector<std::vector<std::string>> stems;
                    for (const auto& w : right_words) {
                        const auto a = analyzer.analyze(w);
                        stems.push_back(a->stopword ? std::vector<std::string>{} : a->primary);
                    }
                    const auto it = std::find_if(m.alternatives.begin(), m.alternatives.end(),
                                                 [&](const detail::SynonymAlternative& a) {
                                                     return a.expr->words == right_words ||
                                                            a.expr->stems == stems;
                                                 });
                    if (it == m.alternatives.end()) {
                        // Only an expression that shares a stem with the left one may be
                        // left out: it would count the reader's own word twice.
                        const auto a = analyzer.analyze(words[first]);
                        const auto b = analyzer.analyze(right_words.front());
                        const bool alike =
                            right_words.size() == 1 &&
                            std::any_of(a->primary.begin(), a->primary.end(), [&](const auto& s) {
                                return std::find(b->primary.begin(), b->primary.end(), s) !=
                                       b->primary.end();
                            });
                        BOOST_TEST(alike, "\"" << left << "\" does not offer \"" << right << "\"");
                        continue;
                    }
                    BOOST_TEST(it->weight >= weight - 1e-12);
                }
            }
        }
    }
    BOOST_TEST(rules == static_cast<int>(synonyms.rule_count()));
}

BOOST_AUTO_TEST_CASE(weights_are_read_and_bad_ones_refused) {
    static const Options options;
    const detail::Analyzer analyzer(options);
    detail::Synonyms s;
    s.add_rules("socialbidrag => bidrag @ 0.4\n", "test", analyzer);
    const auto m = s.match({"socialbidrag"}, analyzer);
    BOOST_TEST_REQUIRE(m.size() == 1U);
    BOOST_TEST_REQUIRE(m.front().alternatives.size() == 1U);
    BOOST_TEST(m.front().alternatives.front().weight == 0.4);
    for (const char* bad : {"a, b @ 0\n", "a, b @ 1.5\n", "a, b @ x\n", "a, b @\n"}) {
        detail::Synonyms t;
        BOOST_CHECK_THROW(t.add_rules(bad, "test", analyzer), Error);
    }
    // Stopwords are skipped in queries and expressions alike: "ta min dotter".
    detail::Synonyms u;
    u.add_rules("omhändertagande, ta dottern\n", "test", analyzer);
    BOOST_TEST(u.match({"kan", "de", "ta", "min", "dotter"}, analyzer).size() == 1U);
}

BOOST_AUTO_TEST_CASE(a_broader_word_is_weighed_as_broader) {
    // "nekad" (refused, by anyone: a landlord, an employer) is broader than "avslag", a
    // formal decision, so it meets "avslag" at the file's weight for a broader word, 0.4,
    // while "avslå" and "avslag", one decision, stay at the default.
    static const Options options;
    const detail::Analyzer analyzer(options);
    detail::Synonyms synonyms;
    synonyms.add_rules(std::string(detail::embedded_file("synonyms.txt")), "synonyms.txt",
                       analyzer);
    const auto weight_of = [&](const std::string& from, const std::string& to) {
        const auto m = synonyms.match({from}, analyzer);
        BOOST_TEST_REQUIRE(m.size() == 1U);
        for (const auto& a : m.front().alternatives)
            if (a.expr->words == std::vector<std::string>{to}) return a.weight;
        return 0.0;
    };
    BOOST_TEST(weight_of("nekad", "avslag") == 0.4);
    BOOST_TEST(weight_of("avslå", "avslag") == detail::Synonyms::default_weight);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace radfraga::search::test
