// Build-time trainer of the triage classifier: reads the annotated corpus, chooses the
// crisis threshold by 5-fold cross-validation, trains on all of it and writes the
// weights as a C++ source (see moderation/CMakeLists.txt). Deterministic: the same
// corpus and dictionary give the same file.
//
// Usage: radfraga_triage_train OUT.cpp FILE.jsonl...
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "moderation/src/triage_model.hpp"

namespace detail = radfraga::moderation::detail;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: radfraga_triage_train OUT.cpp FILE.jsonl...\n";
        return 2;
    }
    try {
        const detail::Lemmatiser lemmatiser("/usr/share/hunspell/sv_SE.aff",
                                            "/usr/share/hunspell/sv_SE.dic", true);
        std::vector<detail::Example> examples;
        for (int i = 2; i < argc; ++i) {
            std::ifstream in(argv[i]);
            if (!in) throw std::runtime_error(std::string("cannot open ") + argv[i]);
            try {
                auto part = detail::read_examples(in, lemmatiser);
                for (auto& e : part) examples.push_back(std::move(e));
            } catch (const std::exception& e) {
                throw std::runtime_error(std::string(argv[i]) + ": " + e.what());
            }
        }
        std::vector<const detail::Example*> all;
        for (const auto& e : examples) all.push_back(&e);
        const auto thresholds = detail::choose_thresholds(all, 5);
        auto model = detail::train(all);
        model.threshold = thresholds.threshold;
        model.rule_threshold = thresholds.rule_threshold;
        const std::string out = argv[1];
        {
            std::ofstream f(out + ".tmp", std::ios::binary | std::ios::trunc);
            detail::write_model_source(model, f);
            if (!f) throw std::runtime_error("cannot write " + out + ".tmp");
        }
        if (std::rename((out + ".tmp").c_str(), out.c_str()) != 0)
            throw std::runtime_error("cannot write " + out);
        std::cout << "triage: trained on " << examples.size() << " texts, " << model.buckets.size()
                  << " features, crisis threshold " << model.threshold << ", with a rule hit "
                  << model.rule_threshold << "\n";
    } catch (const std::exception& e) {
        std::cerr << "radfraga_triage_train: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
