// The `radfraga check-answer` subcommand, wired by server/src/cli.cpp.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "quality/quality.hpp"

namespace radfraga::quality {

// `radfraga check-answer [--json] [--date YYYY-MM-DD] [--data DIR]`: args are the arguments
// after "check-answer". Reads an answer (Markdown) on stdin and prints its plain-language
// measures and law references, as JSON with --json, else as a Swedish summary. --date is
// the day the answer was written (default: today); --data DIR uses DIR/laws.tsv instead of
// the shipped law table when that file exists. `today` is injected by the caller.
// Exit codes: 0 done, 1 an unreadable law table, 2 usage error or input that is not UTF-8.
int check_answer_command(const std::vector<std::string>& args, const Date& today, std::istream& in,
                         std::ostream& out, std::ostream& err);

}  // namespace radfraga::quality
