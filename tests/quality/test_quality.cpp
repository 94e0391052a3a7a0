#define BOOST_TEST_MODULE quality
#include <boost/test/unit_test.hpp>

#include <string>

#include "quality/quality.hpp"

using namespace radfraga::quality;

namespace {

const Date kToday{2026, 12, 6};

const Checker& checker() {
    static const Checker c;
    return c;
}

Report check(std::string_view text, Date written = kToday) {
    return checker().check(text, written, kToday);
}

std::string at(std::string_view text, Span s) {
    return std::string(text.substr(s.start, s.end - s.start));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(quality)

BOOST_AUTO_TEST_CASE(lix_matches_the_formula) {
    // 8 words, 2 sentences, 3 words over six letters (Handläggaren, bedömer, ansökan;
    // "snabbt" has six): 8/2 + 100*3/8 = 41.5.
    const auto r = check("Du kan söka hjälp. Handläggaren bedömer ansökan snabbt.");
    BOOST_TEST(r.words == 8);
    BOOST_TEST(r.sentences == 2);
    BOOST_TEST(r.long_words == 3);
    BOOST_TEST(r.lix == 41.5, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(lix_of_empty_text_is_zero) {
    const auto r = check("  \n\n ");
    BOOST_TEST(r.words == 0);
    BOOST_TEST(r.sentences == 0);
    BOOST_TEST(r.lix == 0.0);
}

BOOST_AUTO_TEST_CASE(markdown_is_measured_as_the_reader_sees_it) {
    // Heading and list items are sentences of their own; markup and link targets are not
    // words. Words: Ansök(1) | Du kan söka pengar(4) | Ring oss(2) | Läs mer här(3).
    const std::string md =
        "# Ansök\n\nDu kan **söka** pengar.\n\n- Ring oss\n- Läs [mer "
        "här](https://example.se/en/lång/adress)\n";
    const auto r = check(md);
    BOOST_TEST(r.words == 10);
    BOOST_TEST(r.sentences == 4);
}

BOOST_AUTO_TEST_CASE(abbreviations_and_law_locators_do_not_end_sentences) {
    const auto r =
        check("Du har rätt till hjälp enligt 4 kap. 1 § SoL. Det gäller t.ex. hyra och mat.");
    BOOST_TEST(r.sentences == 2);
}

BOOST_AUTO_TEST_CASE(long_sentences_are_marked_with_their_span) {
    std::string s = "Du";
    for (int i = 0; i < 26; ++i) s += " kan";
    s += ".";
    const std::string text = "Kort mening. " + s + " Slut.";
    const auto r = check(text);
    BOOST_TEST_REQUIRE(r.long_sentences.size() == 1u);
    BOOST_TEST(r.long_sentences[0].words == 27);
    BOOST_TEST(at(text, r.long_sentences[0].span) == s);
}

BOOST_AUTO_TEST_CASE(s_passive_is_counted) {
    const std::string text =
        "Ansökan beviljas. Ärendet bedöms av nämnden. Bistånd kan sökas hos kommunen. "
        "Beslutet fattades i går. Insatsen har beviljats. Ärendet utreds nu. Frågan prövades. "
        "Det bestäms av nämnden. En utredning görs. Behovet tillgodoses. Hjälpen ges snabbt.";
    const auto r = check(text);
    std::vector<std::string> found;
    for (const auto& s : r.passive_spans) found.push_back(at(text, s));
    const std::vector<std::string> want{"beviljas",  "bedöms",      "sökas",    "fattades",
                                        "beviljats", "utreds",      "prövades", "bestäms",
                                        "görs",      "tillgodoses", "ges"};
    BOOST_TEST(found == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(deponent_verbs_are_not_passive) {
    const auto r = check(
        "Det finns hjälp att få. Jag hoppas att det känns bättre. Andas lugnt. Vi lyckas ofta. "
        "Barnet trivs i skolan. Det fanns inga pengar. Hon minns allt.");
    BOOST_TEST(r.passive == 0);
}

BOOST_AUTO_TEST_CASE(genitives_and_words_ending_in_s_are_not_passive) {
    const auto r = check(
        "Kommunens beslut gäller. Barnets bästa. Föräldrarnas ansvar. Det är dags nu. "
        "Hans och hennes kurs. Det är alltid tillsammans med oss. Pappas bil. Läs mer här.");
    BOOST_TEST(r.passive == 0);
}

BOOST_AUTO_TEST_CASE(bli_with_participle_is_passive) {
    const std::string text =
        "Du blir kallad till ett möte. Han blev inte beviljad något. Hon blir glad.";
    const auto r = check(text);
    BOOST_TEST_REQUIRE(r.passive == 2);
    BOOST_TEST(at(text, r.passive_spans[0]) == "blir kallad");
    BOOST_TEST(at(text, r.passive_spans[1]) == "blev inte beviljad");
}

BOOST_AUTO_TEST_CASE(jargon_matches_inflected_forms_with_suggestions) {
    const std::string text =
        "Insatsen beviljades efter utredningen. Handläggningen av insatser tar tid. "
        "Den enskildes behov styr biståndsbedömningen och verkställigheten.";
    const auto r = check(text);
    std::vector<std::string> found;
    for (const auto& j : r.jargon) found.push_back(at(text, j.span) + "=" + j.term);
    const std::vector<std::string> want{"Insatsen=insats",
                                        "beviljades=bevilja",
                                        "utredningen=utredning",
                                        "Handläggningen=handläggning",
                                        "insatser=insats",
                                        "Den enskildes=den enskilde",
                                        "biståndsbedömningen=biståndsbedömning",
                                        "verkställigheten=verkställighet"};
    BOOST_TEST(found == want, boost::test_tools::per_element());
    for (const auto& j : r.jargon) BOOST_TEST(!j.suggestion.empty());
}

BOOST_AUTO_TEST_CASE(jargon_prefers_the_longest_term) {
    const std::string text = "Du kan få ekonomiskt bistånd.";
    const auto r = check(text);
    BOOST_TEST_REQUIRE(r.jargon.size() == 1u);
    BOOST_TEST(r.jargon[0].term == "ekonomiskt bistånd");
}

BOOST_AUTO_TEST_CASE(official_style_sentence_yields_jargon) {
    const std::string text =
        "Den enskilde beviljas bistånd i form av insats efter genomförd biståndsbedömning och "
        "verkställighet sker enligt genomförandeplan.";
    const auto r = check(text);
    BOOST_TEST(r.jargon.size() >= 5u);
    BOOST_TEST(r.passive >= 1);
}

BOOST_AUTO_TEST_CASE(shipped_jargon_list_is_substantial) {
    const auto j = shipped_jargon();
    BOOST_TEST(j.size() >= 40u);
    for (const auto& t : j) BOOST_TEST(!t.suggestion.empty());
}

BOOST_AUTO_TEST_CASE(malformed_jargon_line_is_rejected) {
    BOOST_CHECK_THROW(parse_jargon("insats\n"), std::invalid_argument);
    BOOST_TEST(parse_jargon("# c\nInsats\thjälp\n").at(0).term == "insats");
}

BOOST_AUTO_TEST_SUITE_END()
