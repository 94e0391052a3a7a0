#include "moderation/cli.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "core/utf8.hpp"
#include "moderation/eval.hpp"
#include "moderation/redactor.hpp"

namespace radfraga::moderation {

namespace {

constexpr std::string_view kRedactHelp =
    "Usage: radfraga redact [--data DIR] [--json | --jsonl]\n"
    "\n"
    "Reads Swedish text on stdin and proposes personal data to remove: names,\n"
    "personnummer, phone numbers, e-mail, addresses, postal codes, links, car\n"
    "registration numbers, case numbers, bank numbers, IP addresses.\n"
    "\n"
    "  (no option)  print the text with every finding replaced by a placeholder\n"
    "               such as [namn] or [telefonnummer]\n"
    "  --json       print one JSON object:\n"
    "               {\"redacted\": \"...\", \"findings\": [{\"type\": \"name\", \"start\": 10,\n"
    "                \"end\": 14, \"text\": \"Anna\", \"confidence\": 0.9}]}\n"
    "               start/end are UTF-8 byte offsets into the input, end exclusive;\n"
    "               \"warnings\" holds an identifying combination when the text\n"
    "               combines two or more kinds of quasi-identifier (small locality,\n"
    "               child's exact age, school or home, rare diagnosis, workplace):\n"
    "               {\"type\": \"identifying_combination\", \"message\": \"...\",\n"
    "                \"parts\": [{\"kind\": \"locality\", \"start\", \"end\", \"text\"}]};\n"
    "               these are never redacted\n"
    "  --jsonl      read JSON Lines {\"id\": ..., \"text\": \"...\"} and write one such\n"
    "               object per line with the id echoed; a line that cannot be read\n"
    "               gives {\"id\": ..., \"error\": \"...\"} and exit code 1 at the end\n"
    "  --data DIR   use the operator's allow-list DIR/redaction-allow.txt (one term a\n"
    "               line; the words it covers and their inflected forms are never\n"
    "               proposed)\n"
    "  --help       this text\n"
    "\n"
    "Input must be UTF-8; invalid UTF-8 is rejected (exit code 1).\n"
    "Exit codes: 0 done, 1 bad input, 2 usage error.\n";

// Serialises {"redacted": ..., "findings": [...], "warnings": [...]} (plus "id" first if
// given). Written by
// hand around boost::json::serialize for the strings so confidences print as 0.9, not
// Boost.JSON's 9E-1.
std::string result_json(const Redactor& r, std::string_view text, const boost::json::value* id) {
    const auto findings = r.find(text);
    std::string out = "{";
    if (id != nullptr) out += "\"id\":" + boost::json::serialize(*id) + ",";
    out += "\"redacted\":" +
           boost::json::serialize(boost::json::string(apply_findings(text, findings)));
    out += ",\"findings\":[";
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const auto& f = findings[i];
        char conf[16];
        std::snprintf(conf, sizeof conf, "%.2f", f.confidence);
        if (i > 0) out += ',';
        out += "{\"type\":\"" + std::string(type_name(f.type)) +
               "\",\"start\":" + std::to_string(f.start) + ",\"end\":" + std::to_string(f.end) +
               ",\"text\":" + boost::json::serialize(boost::json::string(f.text)) +
               ",\"confidence\":" + conf + "}";
    }
    out += "]";
    // Identifying combinations: never redacted, shown so the expert can judge.
    out += ",\"warnings\":[";
    if (const auto w = r.identifying_combination(text)) {
        out += "{\"type\":\"identifying_combination\",\"message\":" +
               boost::json::serialize(boost::json::string(w->message)) + ",\"parts\":[";
        for (std::size_t i = 0; i < w->parts.size(); ++i) {
            const auto& q = w->parts[i];
            if (i > 0) out += ',';
            out += "{\"kind\":\"" + std::string(quasi_kind_name(q.kind)) +
                   "\",\"start\":" + std::to_string(q.start) + ",\"end\":" + std::to_string(q.end) +
                   ",\"text\":" + boost::json::serialize(boost::json::string(q.text)) + "}";
        }
        out += "]}";
    }
    out += "]}";
    return out;
}

}  // namespace

int redact_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                   std::ostream& err) {
    enum class Mode { text, json, jsonl } mode = Mode::text;
    std::optional<std::string> data_dir;
    for (std::size_t k = 0; k < args.size(); ++k) {
        const auto& a = args[k];
        if (a == "--help" || a == "-h") {
            out << kRedactHelp;
            return 0;
        }
        if ((a == "--data" && k + 1 < args.size()) || a.starts_with("--data=")) {
            if (data_dir) {
                err << "radfraga redact: --data given twice\n";
                return 2;
            }
            data_dir = a == "--data" ? args[++k] : a.substr(7);
            continue;
        }
        if (a == "--json" && mode == Mode::text) {
            mode = Mode::json;
        } else if (a == "--jsonl" && mode == Mode::text) {
            mode = Mode::jsonl;
        } else {
            err << "radfraga redact: unknown or conflicting option '" << a << "'\n"
                << "Try 'radfraga redact --help'.\n";
            return 2;
        }
    }
    std::unique_ptr<Redactor> redactor;
    try {
        redactor = std::make_unique<Redactor>();
    } catch (const std::exception& e) {
        err << "radfraga redact: " << e.what() << '\n';
        return 1;
    }
    if (data_dir) {
        if (!std::filesystem::is_directory(*data_dir)) {
            err << "radfraga redact: no data folder " << *data_dir << '\n';
            return 1;
        }
        // The allow-list is optional: a data folder without one proposes everything.
        if (std::ifstream f(std::filesystem::path(*data_dir) / "redaction-allow.txt"); f) {
            const std::string text{std::istreambuf_iterator<char>(f),
                                   std::istreambuf_iterator<char>()};
            redactor->set_allow_list(AllowList::parse(text));
        }
    }
    if (mode != Mode::jsonl) {
        const std::string text{std::istreambuf_iterator<char>(in),
                               std::istreambuf_iterator<char>()};
        if (!is_valid_utf8(text)) {
            err << "radfraga redact: input is not valid UTF-8\n";
            return 1;
        }
        if (mode == Mode::text) {
            out << redactor->redact(text);
        } else {
            out << result_json(*redactor, text, nullptr) << '\n';
        }
        return out ? 0 : 1;
    }
    int rc = 0;
    std::string line;
    std::size_t lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        boost::json::value id = nullptr;
        std::string error;
        try {
            if (!is_valid_utf8(line)) throw std::runtime_error("line is not valid UTF-8");
            const auto v = boost::json::parse(line);
            const auto* obj = v.if_object();
            if (obj == nullptr) throw std::runtime_error("expected a JSON object");
            if (obj->contains("id")) id = obj->at("id");
            if (!obj->contains("text") || !obj->at("text").is_string())
                throw std::runtime_error("missing \"text\" string");
            const auto& s = obj->at("text").as_string();
            out << result_json(*redactor, std::string_view(s.data(), s.size()), &id) << '\n';
            continue;
        } catch (const std::exception& e) {
            error = e.what();
        }
        rc = 1;
        err << "radfraga redact: line " << lineno << ": " << error << '\n';
        out << boost::json::serialize(boost::json::object{{"id", id}, {"error", error}}) << '\n';
    }
    return rc;
}

int redact_eval_command(const std::vector<std::string>& args, std::istream&, std::ostream& out,
                        std::ostream& err) {
    std::string file;
    bool details = false;
    for (const auto& a : args) {
        if (a == "--help" || a == "-h") {
            out << "Usage: radfraga redact-eval FILE.jsonl [--details]\n"
                   "Scores the redactor on an annotated JSON Lines file (format of "
                   "pii-dev.jsonl):\n"
                   "recall, precision and F2 per type and overall, and the share of texts with no\n"
                   "leak. --details also lists every miss and false alarm.\n";
            return 0;
        }
        if (a == "--details") {
            details = true;
        } else if (file.empty() && !a.starts_with("--")) {
            file = a;
        } else {
            err << "radfraga redact-eval: unexpected argument '" << a << "'\n";
            return 2;
        }
    }
    if (file.empty()) {
        err << "radfraga redact-eval: missing FILE.jsonl (see --help)\n";
        return 2;
    }
    std::ifstream f(file);
    if (!f) {
        err << "radfraga redact-eval: cannot open " << file << '\n';
        return 1;
    }
    try {
        const Redactor redactor;
        const auto report = evaluate(redactor, f);
        print_report(report, out, details);
    } catch (const std::exception& e) {
        err << "radfraga redact-eval: " << file << ": " << e.what() << '\n';
        return 1;
    }
    return 0;
}

}  // namespace radfraga::moderation
