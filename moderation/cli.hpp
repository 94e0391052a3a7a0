// The `radfraga redact`, `redact-eval`, `triage` and `triage-eval` subcommands, wired by
// server/src/cli.cpp.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace radfraga::moderation {

// `radfraga redact [--json | --jsonl | --help]`: args are the arguments after
// "redact". Reads stdin, writes the result to out, diagnostics to err.
// Exit codes: 0 done, 1 bad input (invalid UTF-8, malformed JSON line), 2 usage error.
int redact_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                   std::ostream& err);

// `radfraga redact-eval FILE.jsonl [--details]`: scores the redactor on an annotated file
// (see moderation/eval.hpp). Exit codes: 0 done, 1 unreadable or malformed file, 2 usage.
int redact_eval_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                        std::ostream& err);

// `radfraga triage [--json | --jsonl | --help]`: crisis triage of stdin (moderation/triage.hpp).
// Plain: one line "crisis: suicide, child" or "no crisis". --json: the whole result of one
// text with signals (UTF-8 byte offsets). --jsonl: {"id","text"} lines in, {"id","crisis",
// "categories"} lines out, in order. Exit codes: 0 done, 1 a malformed JSON line,
// 2 usage error or input that is not valid UTF-8.
int triage_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                   std::ostream& err);

// `radfraga triage-eval FILE.jsonl... [--cv K] [--details]`: recall on crisis texts,
// false-alarm rate on the others and category accuracy on caught texts, for the triage
// and for the baseline substring list. With --cv K, k-fold cross-validation over the
// files: each fold is scored by a model trained (threshold included) on the others.
// Exit codes: 0 done, 1 unreadable or malformed file, 2 usage.
int triage_eval_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                        std::ostream& err);

}  // namespace radfraga::moderation
