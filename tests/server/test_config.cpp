// server/src/config_options.hpp: the one table of configuration options, against the
// README's table and against Config's defaults.
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "server/src/config_options.hpp"

namespace po = boost::program_options;
using radfraga::server::config_options;

namespace {

struct Row {
    std::string name, default_text;
};

// The rows of the table under "## Configuration" in README.md: `name` | default | ...
// A default in backticks is the value; "(none)" is no default.
std::vector<Row> readme_rows() {
    std::ifstream in(std::filesystem::path(RADFRAGA_SOURCE_DIR) / "README.md");
    BOOST_REQUIRE(in);
    std::vector<Row> out;
    std::string line;
    bool in_section = false;
    while (std::getline(in, line)) {
        if (line.rfind("## ", 0) == 0) in_section = line == "## Configuration";
        if (!in_section || line.rfind("| `", 0) != 0) continue;
        const auto cell = [&](std::size_t n) {
            std::size_t at = 0;
            for (std::size_t i = 0; i <= n; ++i) at = line.find('|', at) + 1;
            const auto end = line.find(" |", at);
            std::string c = line.substr(at + 1, end - at - 1);
            if (c.size() >= 2 && c.front() == '`' && c.back() == '`')
                return c.substr(1, c.size() - 2);
            return c == "(none)" ? std::string() : "?" + c;
        };
        out.push_back({cell(0), cell(1)});
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(the_readme_lists_every_option_with_its_default_in_order) {
    const auto readme = readme_rows();
    BOOST_REQUIRE_EQUAL(readme.size(), config_options().size());
    for (std::size_t i = 0; i < readme.size(); ++i) {
        const auto& o = config_options()[i];
        BOOST_TEST(readme[i].name == std::string(o.name), "README row " << i + 1);
        BOOST_TEST(readme[i].default_text == std::string(o.default_text),
                   "README default of " << o.name);
    }
}

// Each default the table shows, read through its own apply function, leaves Config as
// it was built: the table and the struct say the same.
BOOST_AUTO_TEST_CASE(the_shown_defaults_are_configs_defaults) {
    using T = radfraga::server::ConfigOption::Type;
    const radfraga::server::Config defaults;
    for (const auto& o : config_options()) {
        if (o.default_text.empty()) continue;
        radfraga::server::Config c;
        const std::string text(o.default_text);
        const po::variable_value v =
            o.type == T::text ? po::variable_value(text, false)
            : o.type == T::number
                ? po::variable_value(static_cast<unsigned>(std::stoul(text)), false)
                : po::variable_value(text == "true", false);
        o.apply(c, v);
        BOOST_TEST(c.listen == defaults.listen, o.name);
        BOOST_TEST(c.port == defaults.port, o.name);
        BOOST_TEST(c.workers == defaults.workers, o.name);
        BOOST_TEST(c.io_threads == defaults.io_threads, o.name);
        BOOST_TEST(c.max_connections == defaults.max_connections, o.name);
        BOOST_TEST(c.max_connections_per_client == defaults.max_connections_per_client, o.name);
        BOOST_TEST((c.forwarded_header == defaults.forwarded_header), o.name);
        BOOST_TEST(c.metrics_allow.contains(*radfraga::server::IpAddress::parse("::1")), o.name);
        BOOST_TEST(c.access_log == defaults.access_log, o.name);
        BOOST_TEST(c.rate_limits == defaults.rate_limits, o.name);
        BOOST_TEST(c.import_sample == defaults.import_sample, o.name);
        BOOST_TEST(c.signature_name == defaults.signature_name, o.name);
        BOOST_TEST(c.retention_days == defaults.retention_days, o.name);
        BOOST_TEST(c.answer_target_days == defaults.answer_target_days, o.name);
        BOOST_TEST(c.claim_stale_minutes == defaults.claim_stale_minutes, o.name);
        BOOST_TEST(c.page_cache_mb == defaults.page_cache_mb, o.name);
        BOOST_TEST(c.summary_cache_mb == defaults.summary_cache_mb, o.name);
        BOOST_TEST(c.search_memory_mb == defaults.search_memory_mb, o.name);
        BOOST_TEST(c.session_idle_minutes == defaults.session_idle_minutes, o.name);
        BOOST_TEST(c.session_lifetime_hours == defaults.session_lifetime_hours, o.name);
        BOOST_TEST(c.public_url == defaults.public_url, o.name);
    }
}

BOOST_AUTO_TEST_CASE(help_shows_each_option_with_its_default) {
    std::ostringstream out;
    out << radfraga::server::config_options_description();
    // The help is wrapped to the terminal's width: compare with runs of white space as one.
    std::string help;
    for (const char c : out.str())
        if (!std::isspace(static_cast<unsigned char>(c)))
            help += c;
        else if (!help.empty() && help.back() != ' ')
            help += ' ';
    for (const auto& o : config_options()) {
        BOOST_TEST(help.find("--" + std::string(o.name)) != std::string::npos, o.name);
        const std::string def = o.default_text.empty() ? "none" : std::string(o.default_text);
        BOOST_TEST(help.find("(default " + def) != std::string::npos, o.name);
    }
}

BOOST_AUTO_TEST_SUITE_END()
