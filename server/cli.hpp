// The command-line interface of `radfraga`, as a function so tests can call it with
// their own streams. main() only forwards argv.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace radfraga::server {

// Runs one subcommand. Returns the process exit code: 0 success, 1 runtime failure
// (one "radfraga: error: ..." line on `err`), 2 usage error.
int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err);

}  // namespace radfraga::server
