// triage_dump FILE.jsonl...: one line per text with everything Triage::triage() returns:
// the id, the crisis flag, the categories, the signals (category, byte offsets, text) and
// the probability to the last bit (%a), so that two builds can be compared byte for byte
// (bench/triage/check_outputs.sh). A change to the analysis that alters any feature
// alters the probability, so this also guards what the classifier sees.
#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "moderation/triage.hpp"

namespace md = radfraga::moderation;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: triage_dump FILE.jsonl...\n";
        return 2;
    }
    const md::Triage triage;
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i]);
        if (!in) {
            std::cerr << "triage_dump: cannot read " << argv[i] << '\n';
            return 2;
        }
        std::string line;
        while (std::getline(in, line)) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            const auto v = boost::json::parse(line).as_object();
            const auto r = triage.triage(std::string(v.at("text").as_string()));
            boost::json::array cats, signals;
            for (const auto c : r.categories) cats.emplace_back(md::category_name(c));
            for (const auto& s : r.signals) {
                signals.push_back(
                    boost::json::array{boost::json::string_view(md::category_name(s.category)),
                                       s.start, s.end, boost::json::string_view(s.text)});
            }
            char prob[40];
            std::snprintf(prob, sizeof prob, "%a", r.probability);
            std::cout << boost::json::serialize(v.contains("id") ? v.at("id")
                                                                 : boost::json::value())
                      << '\t' << (r.crisis ? "crisis" : "calm") << '\t'
                      << boost::json::serialize(cats) << '\t' << prob << '\t'
                      << boost::json::serialize(signals) << '\n';
        }
    }
    return 0;
}
