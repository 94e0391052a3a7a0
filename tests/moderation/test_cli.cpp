// The `radfraga redact` / `redact-eval` subcommands.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "moderation/cli.hpp"

using radfraga::moderation::redact_command;
using radfraga::moderation::redact_eval_command;

BOOST_AUTO_TEST_SUITE(moderation)

BOOST_AUTO_TEST_CASE(cli_redact_prints_redacted_text) {
    std::istringstream in("Min son Liam ringer 070-123 45 67.");
    std::ostringstream out, err;
    BOOST_TEST(redact_command({}, in, out, err) == 0);
    BOOST_TEST(out.str() == "Min son [namn] ringer [telefonnummer].");
}

// The example of issue 18: with Soctanter in DIR/redaction-allow.txt only Lisa is proposed.
BOOST_AUTO_TEST_CASE(cli_redact_uses_the_allow_list_of_the_data_folder) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("radfraga-allow-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "redaction-allow.txt") << "Soctanter\n";
    const std::string text = "Hej Soctanter!\nTack Soctanterna för svaret.\n/Lisa\n";
    std::istringstream in(text);
    std::ostringstream out, err;
    BOOST_TEST(redact_command({"--data", dir.string(), "--json"}, in, out, err) == 0);
    const auto v = boost::json::parse(out.str()).as_object();
    const auto& fs = v.at("findings").as_array();
    BOOST_REQUIRE_EQUAL(fs.size(), 1u);
    BOOST_TEST(fs.at(0).as_object().at("text").as_string() == "Lisa");
    std::istringstream in2(text);
    std::ostringstream out2;
    BOOST_TEST(redact_command({"--data", (dir / "missing").string()}, in2, out2, err) == 1);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(cli_redact_json_has_byte_offsets) {
    std::istringstream in("Ärligt, min son Liam");
    std::ostringstream out, err;
    BOOST_TEST(redact_command({"--json"}, in, out, err) == 0);
    const auto v = boost::json::parse(out.str()).as_object();
    BOOST_TEST(v.at("redacted").as_string() == "Ärligt, min son [namn]");
    const auto& f = v.at("findings").as_array().at(0).as_object();
    BOOST_TEST(f.at("type").as_string() == "name");
    BOOST_TEST(f.at("start").to_number<int>() == 17);
    BOOST_TEST(f.at("end").to_number<int>() == 21);
    BOOST_TEST(f.at("text").as_string() == "Liam");
    BOOST_TEST(f.at("confidence").is_double());
}

BOOST_AUTO_TEST_CASE(cli_redact_jsonl_echoes_ids_and_reports_bad_lines) {
    std::istringstream in(
        "{\"id\": \"a1\", \"text\": \"ring 070-123 45 67\"}\nnot json\n{\"id\": 7, \"text\": "
        "\"inget\"}\n");
    std::ostringstream out, err;
    BOOST_TEST(redact_command({"--jsonl"}, in, out, err) == 1);
    std::istringstream lines(out.str());
    std::string l1, l2, l3;
    std::getline(lines, l1);
    std::getline(lines, l2);
    std::getline(lines, l3);
    BOOST_TEST(boost::json::parse(l1).at("id").as_string() == "a1");
    BOOST_TEST(boost::json::parse(l1).at("redacted").as_string() == "ring [telefonnummer]");
    BOOST_TEST(boost::json::parse(l2).as_object().contains("error"));
    BOOST_TEST(boost::json::parse(l3).at("id").to_number<int>() == 7);
    BOOST_TEST(!err.str().empty());
}

BOOST_AUTO_TEST_CASE(cli_redact_rejects_invalid_utf8_and_bad_options) {
    std::istringstream in(std::string("hej \xff"));
    std::ostringstream out, err;
    BOOST_TEST(redact_command({}, in, out, err) == 1);
    BOOST_TEST(err.str().find("UTF-8") != std::string::npos);
    std::istringstream in2("x");
    BOOST_TEST(redact_command({"--bogus"}, in2, out, err) == 2);
    std::ostringstream help;
    BOOST_TEST(redact_command({"--help"}, in2, help, err) == 0);
    BOOST_TEST(help.str().find("--jsonl") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cli_redact_eval_prints_scores) {
    const char* dir = std::getenv("RADFRAGA_SHARED_DIR");
    BOOST_REQUIRE(dir != nullptr);
    std::istringstream in;
    std::ostringstream out, err;
    BOOST_TEST(redact_eval_command({std::string(dir) + "/data/pii-dev.jsonl"}, in, out, err) == 0);
    BOOST_TEST(out.str().find("overall") != std::string::npos);
    BOOST_TEST(out.str().find("without leak") != std::string::npos);
    BOOST_TEST(redact_eval_command({}, in, out, err) == 2);
    BOOST_TEST(redact_eval_command({"/nonexistent.jsonl"}, in, out, err) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
