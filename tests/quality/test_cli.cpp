#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

#include "quality/cli.hpp"

using namespace radfraga::quality;

namespace {

const Date kToday{2026, 12, 6};

struct Run {
    int code;
    std::string out;
    std::string err;
};

Run run(std::vector<std::string> args, const std::string& input) {
    std::istringstream in(input);
    std::ostringstream out, err;
    const int code = check_answer_command(args, kToday, in, out, err);
    return {code, out.str(), err.str()};
}

const std::string kExample =
    "Du kan ansöka om försörjningsstöd enligt 4 kap. 1 § socialtjänstlagen (SoL).";

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(issue_example_before_the_new_law) {
    const auto r = run({"--json", "--date", "2024-03-01"}, kExample);
    BOOST_TEST_REQUIRE(r.code == 0);
    const auto o = boost::json::parse(r.out).as_object();
    const auto& refs = o.at("law_refs").as_array();
    BOOST_TEST_REQUIRE(refs.size() == 1u);
    const auto& ref = refs[0].as_object();
    BOOST_TEST(ref.at("sfs").as_string() == "2001:453");
    BOOST_TEST(ref.at("status").as_string() == "replaced");
    BOOST_TEST(ref.at("law").as_string() == "SoL");
    BOOST_TEST(ref.at("chapter").as_string() == "4");
    BOOST_TEST(ref.at("section").as_string() == "1");
    BOOST_TEST(ref.at("text").as_string() == "4 kap. 1 § socialtjänstlagen (SoL)");
    BOOST_TEST(ref.at("replaced_by").as_string() == "2025:400");
    const auto start = static_cast<std::size_t>(ref.at("start").as_int64());
    const auto end = static_cast<std::size_t>(ref.at("end").as_int64());
    BOOST_TEST(kExample.substr(start, end - start) == "4 kap. 1 § socialtjänstlagen (SoL)");
    // 11 words (Du kan ansöka om försörjningsstöd enligt 4 kap 1 socialtjänstlagen SoL) in
    // 1 sentence, 2 of them over six letters: 11 + 100 * 2/11 = 29.18.
    BOOST_TEST(o.at("sentences").as_int64() == 1);
    BOOST_TEST(o.at("words").as_int64() == 11);
    BOOST_TEST(o.at("lix").to_number<double>() == 11.0 + 100.0 * 2 / 11,
               boost::test_tools::tolerance(0.001));
    bool support = false;
    for (const auto& j : o.at("jargon").as_array())
        support |= j.as_object().at("term").as_string() == "försörjningsstöd";
    BOOST_TEST(support);
}

BOOST_AUTO_TEST_CASE(issue_example_after_the_new_law) {
    const auto r = run({"--json", "--date", "2025-09-01"}, kExample);
    BOOST_TEST_REQUIRE(r.code == 0);
    const auto ref = boost::json::parse(r.out).at("law_refs").as_array().at(0).as_object();
    BOOST_TEST(ref.at("sfs").as_string() == "2025:400");
    BOOST_TEST(ref.at("status").as_string() == "current");
    BOOST_TEST(!ref.contains("replaced_by"));
}

BOOST_AUTO_TEST_CASE(summary_is_swedish) {
    const auto r = run({"--date", "2024-03-01"}, kExample);
    BOOST_TEST_REQUIRE(r.code == 0);
    BOOST_TEST(r.out.find("LIX: ") != std::string::npos);
    BOOST_TEST(r.out.find("gäller inte längre sedan 2025-06-30, ersatt av SFS 2025:400") !=
               std::string::npos);
    BOOST_TEST(r.out.find("Fackord") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_exits_2) {
    const auto r = run({"--json"}, std::string("Hej \xC3\x28 d\xE5"));
    BOOST_TEST(r.code == 2);
    BOOST_TEST(r.err.find("UTF-8") != std::string::npos);
    BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(bad_usage_exits_2) {
    BOOST_TEST(run({"--date", "2024-02-30"}, "x").code == 2);
    BOOST_TEST(run({"--date"}, "x").code == 2);
    BOOST_TEST(run({"--bogus"}, "x").code == 2);
    BOOST_TEST(run({"--help"}, "").code == 0);
}

BOOST_AUTO_TEST_CASE(default_date_is_today) {
    const auto r = run({"--json"}, "Enligt 4 kap. 1 § SoL.");
    BOOST_TEST(boost::json::parse(r.out).at("law_refs").as_array().at(0).at("sfs").as_string() ==
               "2025:400");
}

BOOST_AUTO_TEST_SUITE_END()
