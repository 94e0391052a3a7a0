#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "quality/quality.hpp"

using namespace radfraga::quality;

namespace {

const Date kToday{2026, 12, 6};

const Checker& checker() {
    static const Checker c;
    return c;
}

struct Shape {
    const char* text;
    const char* date;
    const char* ref;  // the reference as written, "" for none
    const char* law;
    const char* sfs;
    const char* chapter;  // "" for none
    const char* section;  // "" for none
    const char* status;
};

// The shapes of law references in Swedish answers.
const Shape kShapes[] = {
    {"Du har rätt enligt 4 kap. 1 § SoL.", "2024-03-01", "4 kap. 1 § SoL", "SoL", "2001:453", "4",
     "1", "replaced"},
    {"Se 11 kap. 1 § socialtjänstlagen.", "2025-09-01", "11 kap. 1 § socialtjänstlagen", "SoL",
     "2025:400", "11", "1", "current"},
    {"Insatsen står i LSS 9 § och kan sökas.", "2024-03-01", "LSS 9 §", "LSS", "1993:387", "", "9",
     "current"},
    {"Enligt 9 § LSS finns tio insatser.", "2024-03-01", "9 § LSS", "LSS", "1993:387", "", "9",
     "current"},
    {"Vård kan ges med stöd av 2 § LVU.", "2024-03-01", "2 § LVU", "LVU", "1990:52", "", "2",
     "current"},
    {"Avtalet godkänns enligt 6 kap. 5 § FB.", "2024-03-01", "6 kap. 5 § FB", "FB", "1949:381", "6",
     "5", "current"},
    {"Sekretess gäller enligt OSL 26 kap. för uppgifterna.", "2024-03-01", "OSL 26 kap.", "OSL",
     "2009:400", "26", "", "current"},
    {"Se 26 kap. 1 § offentlighets- och sekretesslagen.", "2024-03-01",
     "26 kap. 1 § offentlighets- och sekretesslagen", "OSL", "2009:400", "26", "1", "current"},
    {"Insatsen ges enligt socialtjänstlagen (2001:453).", "2026-01-10",
     "socialtjänstlagen (2001:453)", "SoL", "2001:453", "", "", "replaced"},
    {"Den nya lagen, SFS 2025:400, gäller nu.", "2024-03-01", "SFS 2025:400", "SoL", "2025:400", "",
     "", "current"},
    {"Enligt 4 kap 1 § SoL har du rätt.", "2024-03-01", "4 kap 1 § SoL", "SoL", "2001:453", "4",
     "1", "replaced"},
    {"Enligt 4 kapitlet 1 § SoL har du rätt.", "2024-03-01", "4 kapitlet 1 § SoL", "SoL",
     "2001:453", "4", "1", "replaced"},
    {"Det följer av 9 och 10 §§ LSS.", "2024-03-01", "9 och 10 §§ LSS", "LSS", "1993:387", "",
     "9 och 10", "current"},
    {"Läs 40–45 §§ förvaltningslagen.", "2024-03-01", "40–45 §§ förvaltningslagen", "FL",
     "2017:900", "", "40–45", "current"},
    {"Se 4 kap. 1 § första stycket SoL.", "2024-03-01", "4 kap. 1 § första stycket SoL", "SoL",
     "2001:453", "4", "1", "replaced"},
    {"Assistans är en insats enligt 9 § 2 LSS.", "2024-03-01", "9 § 2 LSS", "LSS", "1993:387", "",
     "9", "current"},
    {"Du har rätt till bistånd enligt 4:1 SoL.", "2024-03-01", "4:1 SoL", "SoL", "2001:453", "4",
     "1", "replaced"},
    {"Du har rätt till bistånd enligt SoL 4:1.", "2024-03-01", "SoL 4:1", "SoL", "2001:453", "4",
     "1", "replaced"},
    {"Se 2 a kap. 10 § SoL.", "2024-03-01", "2 a kap. 10 § SoL", "SoL", "2001:453", "2 a", "10",
     "replaced"},
    {"Beslutet bygger på 1 a § LVU.", "2024-03-01", "1 a § LVU", "LVU", "1990:52", "", "1 a",
     "current"},
    {"Det står i paragraf 9 i LSS.", "2024-03-01", "paragraf 9 i LSS", "LSS", "1993:387", "", "9",
     "current"},
    {"Se 4 kap. 1 § i socialtjänstlagen.", "2025-09-01", "4 kap. 1 § i socialtjänstlagen", "SoL",
     "2025:400", "4", "1", "current"},
    {"Vårdnaden regleras i föräldrabalken (1949:381).", "2024-03-01", "föräldrabalken (1949:381)",
     "FB", "1949:381", "", "", "current"},
    {"Du kan få stöd enligt lagen om stöd och service till vissa funktionshindrade (LSS).",
     "2024-03-01", "lagen om stöd och service till vissa funktionshindrade (LSS)", "LSS",
     "1993:387", "", "", "current"},
    {"Det följer av SoL:s regler om bistånd.", "2020-01-01", "SoL:s", "SoL", "2001:453", "", "",
     "replaced"},
    {"Taxan beslutas enligt kommunallagen (2017:725).", "2024-03-01", "kommunallagen (2017:725)",
     "KL", "2017:725", "", "", "current"},
    {"Självkostnadsprincipen finns i 2 kap. 6 § KL.", "2024-03-01", "2 kap. 6 § KL", "KL",
     "2017:725", "2", "6", "current"},
    {"Socialtjänstlagens 5 kap. handlar om särskilda grupper.", "2024-03-01",
     "Socialtjänstlagens 5 kap.", "SoL", "2001:453", "5", "", "replaced"},
    {"Enligt § 9 LSS kan du få ledsagning.", "2024-03-01", "§ 9 LSS", "LSS", "1993:387", "", "9",
     "current"},
    {"Du har rätt till tolk enligt 13 § FL.", "2017-05-01", "13 § FL", "FL", "1986:223", "", "13",
     "replaced"},
    {"Du har rätt till tolk enligt 13 § FL.", "2019-05-01", "13 § FL", "FL", "2017:900", "", "13",
     "current"},
    {"Sekretessen framgår av OSL 26 kap. 1 § i det här fallet.", "2024-03-01", "OSL 26 kap. 1 §",
     "OSL", "2009:400", "26", "1", "current"},
    {"Hör med din LSS-handläggare om saken.", "2024-03-01", "", "", "", "", "", ""},
    {"Vi finns på FB och svarar där.", "2024-03-01", "", "", "", "", "", ""},
    {"Klockan 10 kl. 10 med FL och KL ute.", "2024-03-01", "", "", "", "", "", ""},
    {"Lagen (1993:387) om stöd gäller; se även SFS 2018:1197.", "2024-03-01", "(1993:387)", "LSS",
     "1993:387", "", "", "current"},
};

std::string opt(const std::optional<std::string>& s) {
    return s ? *s : "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(laws)

BOOST_AUTO_TEST_CASE(reference_shapes) {
    int n = 0;
    for (const auto& s : kShapes) {
        BOOST_TEST_CONTEXT(s.text) {
            const std::string text = s.text;
            const auto refs = checker().law_references(text, *parse_date(s.date), kToday);
            if (std::string(s.ref).empty()) {
                BOOST_TEST(refs.empty());
                continue;
            }
            BOOST_TEST_REQUIRE(!refs.empty());
            const auto& r = refs.front();
            BOOST_TEST(r.text == s.ref);
            BOOST_TEST(text.substr(r.span.start, r.span.end - r.span.start) == r.text);
            BOOST_TEST(r.law == s.law);
            BOOST_TEST(r.sfs == s.sfs);
            BOOST_TEST(opt(r.chapter) == s.chapter);
            BOOST_TEST(opt(r.section) == s.section);
            BOOST_TEST(status_name(r.status) == s.status);
            ++n;
        }
    }
    BOOST_TEST(n >= 25);
}

BOOST_AUTO_TEST_CASE(unknown_sfs_number_is_reported_as_unknown) {
    const auto refs = checker().law_references("Se SFS 2018:1197 om det.", {2024, 3, 1}, kToday);
    BOOST_TEST_REQUIRE(refs.size() == 1u);
    BOOST_TEST(refs[0].sfs == "2018:1197");
    BOOST_TEST(status_name(refs[0].status) == "unknown");
}

BOOST_AUTO_TEST_CASE(old_sol_is_replaced_with_its_last_day_and_successor) {
    const auto refs = checker().law_references("Enligt 4 kap. 1 § SoL.", {2020, 5, 1}, kToday);
    BOOST_TEST_REQUIRE(refs.size() == 1u);
    BOOST_TEST(status_name(refs[0].status) == "replaced");
    BOOST_TEST(format_date(*refs[0].in_force_until) == "2025-06-30");
    BOOST_TEST(refs[0].replaced_by == "2025:400");
    // Judged on a day before the new law, the old one was still current.
    const auto then =
        checker().law_references("Enligt 4 kap. 1 § SoL.", {2020, 5, 1}, {2025, 6, 30});
    BOOST_TEST(status_name(then.at(0).status) == "current");
}

BOOST_AUTO_TEST_CASE(explicit_sfs_number_wins_over_the_date) {
    const auto refs = checker().law_references("Enligt socialtjänstlagen (2025:400) gäller nu.",
                                               {2024, 1, 1}, kToday);
    BOOST_TEST_REQUIRE(refs.size() == 1u);
    BOOST_TEST(refs[0].sfs == "2025:400");
    BOOST_TEST(status_name(refs[0].status) == "current");
}

BOOST_AUTO_TEST_CASE(markdown_offsets_point_into_the_input) {
    const std::string md = "**Svar:** se [4 kap. 1 § SoL](https://example.se/sol) och *9 § LSS*.";
    const auto refs = checker().law_references(md, {2024, 3, 1}, kToday);
    BOOST_TEST_REQUIRE(refs.size() == 2u);
    BOOST_TEST(refs[0].text == "4 kap. 1 § SoL");
    BOOST_TEST(refs[1].text == "9 § LSS");
}

BOOST_AUTO_TEST_CASE(shipped_table_has_the_needed_laws) {
    const auto& t = LawTable::shipped();
    for (const char* sfs : {"2001:453", "2025:400", "1993:387", "1990:52", "1988:870", "1949:381",
                            "2009:400", "2017:900", "2017:725"}) {
        BOOST_TEST(t.by_sfs(sfs) != nullptr, sfs);
    }
    BOOST_TEST(t.by_sfs("2001:453")->replaced_by == "2025:400");
    BOOST_TEST(format_date(*t.by_sfs("2001:453")->in_force_until) == "2025-06-30");
    BOOST_TEST(!t.by_sfs("2025:400")->in_force_until.has_value());
}

BOOST_AUTO_TEST_CASE(malformed_table_is_rejected_with_its_line) {
    try {
        LawTable::parse("# c\nsocialtjänstlagen\tSoL\t2001-453\t2002-01-01\t\t\n");
        BOOST_FAIL("no exception");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("line 2") != std::string::npos);
    }
    BOOST_CHECK_THROW(LawTable::parse("x\tX\t2001:1\t2002-02-30\t\t\n"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(data_folder_table_replaces_the_shipped_one) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("radfraga-quality-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    BOOST_TEST(LawTable::for_data_folder(dir).laws().size() == LawTable::shipped().laws().size());
    {
        std::ofstream f(dir / "laws.tsv");
        f << "skollagen\tSkolL\t2010:800\t2011-07-01\t\t\n";
    }
    const Checker c(LawTable::for_data_folder(dir));
    const auto refs =
        c.law_references("Se 3 kap. 2 § skollagen och 4 kap. 1 § SoL.", {2024, 3, 1}, kToday);
    BOOST_TEST_REQUIRE(refs.size() == 1u);
    BOOST_TEST(refs[0].law == "SkolL");
    BOOST_TEST(refs[0].sfs == "2010:800");
    std::filesystem::remove_all(dir);
}

// The frozen set tests/data/quality/law_refs.jsonl: a detected reference is right when it
// overlaps a hand-marked one and cites the same SFS number. Hand-marked references to
// statutes outside the table are not counted for recall, and detections overlapping them
// are not false positives.
BOOST_AUTO_TEST_CASE(law_reference_set) {
    const char* src = std::getenv("RADFRAGA_SOURCE_DIR");
    BOOST_TEST_REQUIRE(src != nullptr);
    std::ifstream in(std::filesystem::path(src) / "tests/data/quality/law_refs.jsonl");
    BOOST_TEST_REQUIRE(in.good());
    int gold = 0, found = 0, right = 0, exact = 0, paragraphs = 0;
    std::string line;
    while (std::getline(in, line)) {
        const auto o = boost::json::parse(line).as_object();
        ++paragraphs;
        const std::string text(o.at("text").as_string());
        const auto date = *parse_date(std::string(o.at("date").as_string()));
        const auto refs = checker().law_references(text, date, kToday);
        const auto& g = o.at("refs").as_array();
        std::vector<bool> used(g.size());
        for (const auto& r : refs) {
            bool ok = false, outside = false;
            for (std::size_t i = 0; i < g.size(); ++i) {
                const auto& go = g[i].as_object();
                const auto gs = static_cast<std::size_t>(go.at("start").as_int64());
                const auto ge = static_cast<std::size_t>(go.at("end").as_int64());
                if (r.span.start >= ge || gs >= r.span.end) continue;
                if (go.at("sfs").is_null()) {
                    outside = true;
                    continue;
                }
                if (!used[i] && std::string(go.at("sfs").as_string()) == r.sfs) {
                    used[i] = true;
                    ok = true;
                    if (gs == r.span.start && ge == r.span.end) ++exact;
                    break;
                }
            }
            if (outside && !ok) continue;
            ++found;
            if (ok)
                ++right;
            else
                BOOST_TEST_MESSAGE("false positive in " << o.at("id").as_string() << ": "
                                                        << r.text);
        }
        for (std::size_t i = 0; i < g.size(); ++i) {
            const auto& go = g[i].as_object();
            if (go.at("sfs").is_null()) continue;
            ++gold;
            if (!used[i])
                BOOST_TEST_MESSAGE("missed in " << o.at("id").as_string() << ": " << go.at("text"));
        }
    }
    const double precision = found ? static_cast<double>(right) / found : 0;
    const double recall = gold ? static_cast<double>(right) / gold : 0;
    std::cout << "law-reference set: " << paragraphs << " paragraphs, " << gold << " references, "
              << found << " detected, " << right << " right (" << exact
              << " with the exact span): precision " << precision << ", recall " << recall << "\n";
    BOOST_TEST(paragraphs == 30);
    BOOST_TEST(precision >= 0.95);
    BOOST_TEST(recall >= 0.9);
}

BOOST_AUTO_TEST_SUITE_END()
