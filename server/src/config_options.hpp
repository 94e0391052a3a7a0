// The server's configuration options, declared once. The table drives the command-line,
// environment and config-file parsing (cli.cpp), `radfraga serve --help`, and a test that
// the README's table of options names the same options with the same defaults, in the
// same order (tests/server/test_server.cpp). Adding an option: a field in Config
// (config.hpp), a row here, a row in the README.
#pragma once
#include <boost/program_options.hpp>

#include <span>
#include <string>
#include <string_view>

#include "server/config.hpp"

namespace radfraga::server {

struct ConfigOption {
    enum class Type { text, number, boolean };
    // The flag (--name), the config-file name, and, upper-cased with '-' as '_' after
    // "RADFRAGA_", the environment variable.
    std::string_view name;
    Type type;
    // The default as the README and --help show it; empty for "none".
    std::string_view default_text;
    // One line of English for --help, and an optional note after the default.
    std::string_view help;
    std::string_view note;
    // Reads the option's value (of `type`: std::string, unsigned or bool) into `c`,
    // clamping numbers to their allowed range. Throws std::invalid_argument with one
    // sentence for a value it refuses (a usage error to the CLI).
    void (*apply)(Config& c, const boost::program_options::variable_value& v);
};

std::span<const ConfigOption> config_options();

// The options of the table as Boost.Program_options describes them, with their help.
boost::program_options::options_description config_options_description();

// Copies every option present in `vm` into `c` with the table's apply functions.
void apply_config_options(const boost::program_options::variables_map& vm, Config& c);

}  // namespace radfraga::server
