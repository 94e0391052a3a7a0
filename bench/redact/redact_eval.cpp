// redact_eval: the scoring of `radfraga redact-eval` without the server binary, and a probe
// that lists what the redactor proposes in one JSON field of a JSONL file (precision checks
// on text with few real names, such as published answers).
//
//   redact_eval FILE.jsonl [--details]          score a file in the pii-dev format
//   redact_eval --probe FILE.jsonl FIELD [TYPE]  print every finding in FIELD
#include <boost/json.hpp>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "moderation/cli.hpp"
#include "moderation/redactor.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 3 && args[0] == "--probe") {
        const radfraga::moderation::Redactor r;
        std::ifstream f(args[1]);
        std::string line;
        while (std::getline(f, line)) {
            if (line.empty()) continue;
            const auto v = boost::json::parse(line).as_object();
            if (!v.contains(args[2]) || !v.at(args[2]).is_string()) continue;
            const std::string text(v.at(args[2]).as_string());
            for (const auto& fd : r.find(text)) {
                if (args.size() > 3 && radfraga::moderation::type_name(fd.type) != args[3])
                    continue;
                const auto a = fd.start > 30 ? fd.start - 30 : 0;
                std::string ctx = text.substr(a, fd.end + 20 - a);
                for (auto& c : ctx)
                    if (c == '\n') c = ' ';
                std::cout << radfraga::moderation::type_name(fd.type) << '\t' << fd.text << '\t'
                          << fd.confidence << "\t…" << ctx << "…\n";
            }
        }
        return 0;
    }
    return radfraga::moderation::redact_eval_command(args, std::cin, std::cout, std::cerr);
}
