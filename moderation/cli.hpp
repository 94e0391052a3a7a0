// The `radfraga redact` and `radfraga redact-eval` subcommands, wired by server/main.cpp.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace radfraga::moderation {

// `radfraga redact [--json | --jsonl | --help]`: args are the arguments after
// "redact". Reads stdin, writes the result to out, diagnostics to err.
// Exit codes: 0 done, 1 bad input (invalid UTF-8, malformed JSON line), 2 usage error.
int redact_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

// `radfraga redact-eval FILE.jsonl [--details]`: scores the redactor on an annotated file
// (see moderation/eval.hpp). Exit codes: 0 done, 1 unreadable or malformed file, 2 usage.
int redact_eval_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace radfraga::moderation
