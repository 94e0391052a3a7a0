// Crisis triage (moderation/triage.hpp): every category, Swedish as people write it
// (inflections, word order, inserted words, no å/ä/ö), negation and figures of speech,
// bad input, the CLI, and the dev set's numbers.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "moderation/cli.hpp"
#include "moderation/src/triage_text.hpp"
#include "moderation/triage.hpp"

namespace md = radfraga::moderation;

namespace {

const md::Triage& triage() {
    static const md::Triage t;
    return t;
}

bool has(const md::TriageResult& r, md::Category c) {
    return std::find(r.categories.begin(), r.categories.end(), c) != r.categories.end();
}

void expect_crisis(const std::string& text, md::Category c) {
    const auto r = triage().triage(text);
    BOOST_TEST_CONTEXT(text) {
        BOOST_TEST(r.crisis);
        BOOST_TEST(has(r, c));
    }
}

void expect_calm(const std::string& text) {
    const auto r = triage().triage(text);
    BOOST_TEST_CONTEXT(text) {
        BOOST_TEST(!r.crisis);
        BOOST_TEST(r.categories.empty());
        BOOST_TEST(r.signals.empty());
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(moderation)

BOOST_AUTO_TEST_CASE(triage_names_every_category) {
    expect_crisis(
        "Jag orkar inte längre. Jag vill inte leva mer och har börjat fundera på hur jag ska göra.",
        md::Category::suicide);
    expect_crisis(
        "Min sambo har slagit mig flera gånger den senaste månaden och igår tog han stryptag på "
        "mig. "
        "Vad ska jag göra?",
        md::Category::violence);
    expect_crisis(
        "Grannens son på sex år blir slagen av sin pappa, jag hör det genom väggen varje kväll. "
        "Vem ska jag ringa?",
        md::Category::child);
    expect_crisis(
        "Jag blev våldtagen i helgen av en kille jag träffade på en fest. Jag vågar inte berätta "
        "för någon.",
        md::Category::sexual);
    expect_crisis(
        "Vi blev vräkta i morse och jag och barnen har ingenstans att sova inatt. Vad gör vi nu?",
        md::Category::acute_need);
}

BOOST_AUTO_TEST_CASE(triage_understands_word_order_and_inserted_words) {
    expect_crisis(
        "Det är så att jag inte vill leva längre, allt känns meningslöst sedan jobbet försvann.",
        md::Category::suicide);
    expect_crisis("Jag vill faktiskt inte leva mer. Ingen skulle märka om jag var borta.",
                  md::Category::suicide);
    expect_crisis(
        "Jag har haft tankar på att ta mitt liv hela veckan och vet inte vem jag ska prata med.",
        md::Category::suicide);
    expect_crisis("Han har sagt att han ska döda mig om jag lämnar honom. Jag är rädd hela tiden.",
                  md::Category::violence);
}

BOOST_AUTO_TEST_CASE(triage_understands_inflections_passive_and_perfect) {
    // The lemmatiser joins the strong verb's forms that Hunspell's stems leave apart.
    const md::detail::Lemmatiser lem("/usr/share/hunspell/sv_SE.aff",
                                     "/usr/share/hunspell/sv_SE.dic", true);
    for (const std::string form : {"slår", "slog", "slagit", "slagen", "slogs", "slagna"}) {
        const auto l = lem.lemmas(form);
        BOOST_TEST_CONTEXT(form) {
            BOOST_TEST((std::find(l.begin(), l.end(), "sla") != l.end()));
        }
    }
    // Written without å/ä/ö, a word still finds its lemma.
    const auto l = lem.lemmas("foraldrar");
    BOOST_TEST((std::find(l.begin(), l.end(), "foralder") != l.end()));
    expect_crisis(
        "Min man slog mig igår kväll när barnen hade somnat. Jag vet inte vart jag ska ta vägen.",
        md::Category::violence);
    expect_crisis(
        "Jag har blivit misshandlad av min pojkvän i ett halvår och nu hotar han mig med kniv.",
        md::Category::violence);
    expect_crisis("jag ar 15 och min pappa slar mig nar han ar full, jag vagar inte ga hem idag",
                  md::Category::child);
}

BOOST_AUTO_TEST_CASE(triage_sees_situations_described_without_the_words) {
    expect_crisis("Jag har sparat tabletter i en burk i flera veckor. Ikväll är jag ensam hemma.",
                  md::Category::suicide);
    expect_crisis(
        "Vi har inte ätit sen i förrgår och jag har inga pengar kvar. Var kan jag få mat idag?",
        md::Category::acute_need);
}

BOOST_AUTO_TEST_CASE(triage_leaves_negation_figures_of_speech_and_the_past_alone) {
    expect_calm(
        "Jag vill inte leva på försörjningsstöd resten av livet. Hur kommer jag ut i arbete igen?");
    expect_calm(
        "Min tonåring slår igen dörren varje gång vi pratar om skolan. Finns det familjestöd i "
        "kommunen?");
    expect_calm(
        "Det slog mig häromdagen att jag aldrig har ansökt om bostadsbidrag. Kan man få det "
        "retroaktivt?");
    expect_calm(
        "Min man har aldrig slagit mig, men vi bråkar mycket om pengar. Finns det samtalsstöd för "
        "par?");
    expect_calm(
        "Jag är helt dödstrött efter alla möten med handläggaren. Hur lång tid tar ett beslut om "
        "bistånd?");
    expect_calm(
        "Jag blev misshandlad av mitt ex för tio år sedan. Han dömdes och jag har gått vidare med "
        "mitt liv. "
        "Kan jag ta bort sekretessmarkeringen nu?");
    expect_calm(
        "Jag jobbar som socialsekreterare och undrar vilka regler som gäller när någon placeras i "
        "skyddat "
        "boende. Vem betalar?");
    expect_calm(
        "mamma kommer döda mig när hon ser mina betyg haha. men seriöst, kan man få läxhjälp via "
        "kommunen?");
}

BOOST_AUTO_TEST_CASE(triage_signals_point_into_the_text) {
    const std::string text = "Hej. Min sambo har slagit mig igen och jag vågar inte gå hem ikväll.";
    const auto r = triage().triage(text);
    BOOST_REQUIRE(r.crisis);
    BOOST_REQUIRE(!r.signals.empty());
    std::size_t prev_end = 0;
    bool hit = false;
    for (const auto& s : r.signals) {
        BOOST_TEST(s.start >= prev_end);
        BOOST_TEST(s.start < s.end);
        BOOST_TEST(s.end <= text.size());
        BOOST_TEST(text.substr(s.start, s.end - s.start) == s.text);
        hit = hit || s.text.find("slagit mig") != std::string::npos;
        prev_end = s.end;
    }
    BOOST_TEST(hit);
}

BOOST_AUTO_TEST_CASE(triage_survives_bad_input) {
    BOOST_TEST(!triage().triage("").crisis);
    BOOST_TEST(!triage().triage("?!?!... --- !!! ,,,").crisis);
    std::string big;
    while (big.size() < 100 * 1024)
        big += "Jag undrar hur försörjningsstöd räknas när man har barn. ";
    BOOST_TEST(!triage().triage(big).crisis);
    BOOST_CHECK_THROW(triage().triage("ok \xC3\x28"), md::InvalidUtf8);
    BOOST_CHECK_THROW(triage().triage(std::string("\xFF\xFE", 2)), md::InvalidUtf8);
}

BOOST_AUTO_TEST_CASE(triage_baseline_is_the_old_substring_list) {
    BOOST_TEST(md::baseline_mentions_crisis("Jag har självmordstankar."));
    // The phrasings the substring list missed (issue #16), which triage catches.
    for (const std::string text : {"att jag inte vill leva längre och inte vet vad jag ska göra",
                                   "han sa att han ska döda mig om jag går till polisen"}) {
        BOOST_TEST(!md::baseline_mentions_crisis(text));
        BOOST_TEST(triage().triage(text).crisis);
    }
}

BOOST_AUTO_TEST_CASE(cli_triage_jsonl_keeps_order_and_ids) {
    std::istringstream in(
        "{\"id\": \"a\", \"text\": \"Jag vill inte leva längre, jag har bestämt mig för att ta "
        "mitt liv.\"}\n"
        "{\"id\": 2, \"text\": \"Hur ansöker man om bostadsbidrag när man studerar?\"}\n");
    std::ostringstream out, err;
    BOOST_TEST(md::triage_command({"--jsonl"}, in, out, err) == 0);
    std::istringstream lines(out.str());
    std::string line;
    std::getline(lines, line);
    auto v = boost::json::parse(line).as_object();
    BOOST_TEST(v.at("id").as_string() == "a");
    BOOST_TEST(v.at("crisis").as_bool());
    BOOST_TEST(v.at("categories").as_array().at(0).as_string() == "suicide");
    BOOST_TEST(!v.contains("signals"));
    std::getline(lines, line);
    v = boost::json::parse(line).as_object();
    BOOST_TEST(v.at("id").as_int64() == 2);
    BOOST_TEST(!v.at("crisis").as_bool());
    BOOST_TEST(v.at("categories").as_array().empty());
}

BOOST_AUTO_TEST_CASE(cli_triage_json_has_signals_with_byte_offsets) {
    std::istringstream in("Ärligt talat: han slog mig igår och jag vågar inte gå hem.");
    std::ostringstream out, err;
    BOOST_TEST(md::triage_command({"--json"}, in, out, err) == 0);
    const auto v = boost::json::parse(out.str()).as_object();
    BOOST_TEST(v.at("crisis").as_bool());
    const auto& s = v.at("signals").as_array().at(0).as_object();
    const std::string text = "Ärligt talat: han slog mig igår och jag vågar inte gå hem.";
    const auto start = static_cast<std::size_t>(s.at("start").to_number<int>());
    const auto end = static_cast<std::size_t>(s.at("end").to_number<int>());
    BOOST_TEST(text.substr(start, end - start) == std::string(s.at("text").as_string()));
}

BOOST_AUTO_TEST_CASE(cli_triage_rejects_invalid_utf8_and_bad_options) {
    std::istringstream bad("jag \xC3\x28");
    std::ostringstream out, err;
    BOOST_TEST(md::triage_command({}, bad, out, err) == 2);
    BOOST_TEST(err.str().find("UTF-8") != std::string::npos);
    std::istringstream bad_line("{\"id\": 1, \"text\": \"ok \xC3\x28\"}\n");
    BOOST_TEST(md::triage_command({"--jsonl"}, bad_line, out, err) == 2);
    std::istringstream empty;
    BOOST_TEST(md::triage_command({"--bogus"}, empty, out, err) == 2);
}

// The dev set (../shared/data/crisis-dev.jsonl) must stay above the bar: recall
// >= 0.90, false alarms <= 10 %, category right >= 90 % of caught texts.
BOOST_AUTO_TEST_CASE(triage_eval_on_the_dev_set_meets_the_bar) {
    const char* shared = std::getenv("RADFRAGA_SHARED_DIR");
    const std::filesystem::path file =
        std::filesystem::path(shared ? shared : "../shared") / "data/crisis-dev.jsonl";
    if (!std::filesystem::exists(file)) {
        BOOST_TEST_MESSAGE("no " << file << ": skipped");
        return;
    }
    std::ifstream in(file);
    std::size_t crisis = 0, caught = 0, calm = 0, alarms = 0, right = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto v = boost::json::parse(line).as_object();
        const auto r = triage().triage(std::string(v.at("text").as_string()));
        if (!v.at("crisis").as_bool()) {
            ++calm;
            alarms += r.crisis ? 1 : 0;
            continue;
        }
        ++crisis;
        if (!r.crisis) continue;
        ++caught;
        for (const auto& c : v.at("categories").as_array()) {
            if (has(r, *md::parse_category(c.as_string()))) {
                ++right;
                break;
            }
        }
    }
    BOOST_TEST(caught >= crisis * 9 / 10);
    BOOST_TEST(alarms * 10 <= calm);
    BOOST_TEST(right * 10 >= caught * 9);
}

BOOST_AUTO_TEST_SUITE_END()
