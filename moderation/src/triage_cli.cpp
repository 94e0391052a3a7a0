#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

#include "core/utf8.hpp"
#include "moderation/cli.hpp"
#include "moderation/src/triage_model.hpp"
#include "moderation/triage.hpp"

namespace radfraga::moderation {

namespace {

constexpr std::string_view kTriageHelp =
    "Usage: radfraga triage [--json | --jsonl]\n"
    "\n"
    "Reads Swedish text on stdin and says whether it signals acute danger now, and of\n"
    "which kind: suicide, violence, child, sexual, acute_need.\n"
    "\n"
    "  (no option)  print \"crisis: CATEGORY, ...\" or \"no crisis\"\n"
    "  --json       print one JSON object for the whole input:\n"
    "               {\"crisis\": true, \"categories\": [\"suicide\"], \"probability\": 0.93,\n"
    "                \"signals\": [{\"category\": \"suicide\", \"start\": 4, \"end\": 19,\n"
    "                \"text\": \"vill inte leva\"}]}\n"
    "               start/end are UTF-8 byte offsets into the input, end exclusive\n"
    "  --jsonl      read JSON Lines {\"id\": ..., \"text\": \"...\"} and write\n"
    "               {\"id\": ..., \"crisis\": true|false, \"categories\": [...]} per line,\n"
    "               in order; a line that cannot be read gives {\"id\": ..., \"error\": \"...\"}\n"
    "               and exit code 1 at the end\n"
    "  --help       this text\n"
    "\n"
    "Input must be UTF-8; invalid UTF-8 is rejected with exit code 2.\n"
    "Exit codes: 0 done, 1 a malformed JSON line, 2 usage error or invalid UTF-8.\n";

boost::json::array category_array(const std::vector<Category>& cats) {
    boost::json::array a;
    for (const auto c : cats) a.emplace_back(category_name(c));
    return a;
}

std::string full_json(const TriageResult& r) {
    boost::json::array signals;
    for (const auto& s : r.signals) {
        signals.push_back(boost::json::object{{"category", category_name(s.category)},
                                              {"start", s.start},
                                              {"end", s.end},
                                              {"text", s.text}});
    }
    char prob[16];
    std::snprintf(prob, sizeof prob, "%.3f", r.probability);
    // Written by hand around serialize() so the probability prints as 0.930, not 9.3E-1.
    return std::string("{\"crisis\":") + (r.crisis ? "true" : "false") +
           ",\"categories\":" + boost::json::serialize(category_array(r.categories)) +
           ",\"probability\":" + prob + ",\"signals\":" + boost::json::serialize(signals) + "}";
}

struct Tally {
    std::size_t crisis = 0, caught = 0, calm = 0, false_alarms = 0, category_right = 0;
    std::array<std::size_t, all_categories.size()> per_cat{}, per_cat_caught{};
    std::vector<std::string> misses, alarms, wrong_category;
    void add(const detail::Example& e, bool flagged,
             const std::array<bool, all_categories.size()>* cats, const std::string& why = {}) {
        if (e.crisis) {
            ++crisis;
            for (std::size_t c = 0; c < all_categories.size(); ++c) {
                if (e.gold[c]) {
                    ++per_cat[c];
                    if (flagged) ++per_cat_caught[c];
                }
            }
            if (!flagged) {
                misses.push_back(e.id + why + ": " + e.text);
                return;
            }
            ++caught;
            bool right = cats == nullptr;
            for (std::size_t c = 0; cats != nullptr && c < all_categories.size(); ++c)
                right = right || (e.gold[c] && (*cats)[c]);
            if (right) {
                ++category_right;
            } else {
                std::string names;
                for (std::size_t c = 0; c < all_categories.size(); ++c) {
                    if ((*cats)[c])
                        names += std::string(names.empty() ? "" : ",") + std::string(kNamesOf(c));
                }
                wrong_category.push_back(e.id + why + " [" + names + "]: " + e.text);
            }
        } else {
            ++calm;
            if (flagged) {
                ++false_alarms;
                alarms.push_back(e.id + why + ": " + e.text);
            }
        }
    }
    static std::string_view kNamesOf(std::size_t c) { return category_name(all_categories[c]); }
};

// " (rule, p=0.42)": what decided, for --details.
std::string why(const detail::ModelView& model, const detail::Example& e) {
    char buf[48];
    std::snprintf(buf, sizeof buf, " (%sp=%.2f)", e.rule_strong ? "rule, " : "",
                  detail::score(model, e.features)[0]);
    return buf;
}

double ratio(std::size_t a, std::size_t b) {
    return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}

void print_tally(std::string_view name, const Tally& t, bool with_categories, std::ostream& out) {
    char line[256];
    std::snprintf(line, sizeof line, "%-10s recall %.3f (%zu/%zu)  false alarms %.3f (%zu/%zu)",
                  std::string(name).c_str(), ratio(t.caught, t.crisis), t.caught, t.crisis,
                  ratio(t.false_alarms, t.calm), t.false_alarms, t.calm);
    out << line;
    if (with_categories) {
        std::snprintf(line, sizeof line, "  category right %.3f (%zu/%zu)",
                      ratio(t.category_right, t.caught), t.category_right, t.caught);
        out << line;
    }
    out << '\n';
    out << "           recall by category:";
    for (std::size_t c = 0; c < all_categories.size(); ++c) {
        std::snprintf(line, sizeof line, " %s %.2f (%zu/%zu)",
                      std::string(category_name(all_categories[c])).c_str(),
                      ratio(t.per_cat_caught[c], t.per_cat[c]), t.per_cat_caught[c], t.per_cat[c]);
        out << line;
    }
    out << '\n';
}

void print_details(const Tally& t, std::ostream& out) {
    for (const auto& m : t.misses) out << "  miss: " << m << '\n';
    for (const auto& a : t.alarms) out << "  false alarm: " << a << '\n';
    for (const auto& w : t.wrong_category) out << "  wrong category: " << w << '\n';
}

}  // namespace

int triage_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                   std::ostream& err) {
    enum class Mode { text, json, jsonl } mode = Mode::text;
    for (const auto& a : args) {
        if (a == "--help" || a == "-h") {
            out << kTriageHelp;
            return 0;
        }
        if (a == "--json" && mode == Mode::text) {
            mode = Mode::json;
        } else if (a == "--jsonl" && mode == Mode::text) {
            mode = Mode::jsonl;
        } else {
            err << "radfraga triage: unknown or conflicting option '" << a << "'\n"
                << "Try 'radfraga triage --help'.\n";
            return 2;
        }
    }
    std::unique_ptr<Triage> triage;
    try {
        triage = std::make_unique<Triage>();
    } catch (const std::exception& e) {
        err << "radfraga triage: " << e.what() << '\n';
        return 1;
    }
    if (mode != Mode::jsonl) {
        const std::string text{std::istreambuf_iterator<char>(in),
                               std::istreambuf_iterator<char>()};
        if (!is_valid_utf8(text)) {
            err << "radfraga triage: input is not valid UTF-8\n";
            return 2;
        }
        const auto r = triage->triage(text);
        if (mode == Mode::json) {
            out << full_json(r) << '\n';
        } else if (r.crisis) {
            out << "crisis:";
            for (std::size_t i = 0; i < r.categories.size(); ++i)
                out << (i ? ", " : " ") << category_name(r.categories[i]);
            out << '\n';
        } else {
            out << "no crisis\n";
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
        if (!is_valid_utf8(line)) {
            err << "radfraga triage: line " << lineno << ": input is not valid UTF-8\n";
            return 2;
        }
        boost::json::value id = nullptr;
        std::string error;
        try {
            const auto v = boost::json::parse(line);
            const auto* obj = v.if_object();
            if (obj == nullptr) throw std::runtime_error("expected a JSON object");
            if (obj->contains("id")) id = obj->at("id");
            if (!obj->contains("text") || !obj->at("text").is_string())
                throw std::runtime_error("missing \"text\" string");
            const auto& s = obj->at("text").as_string();
            const auto r = triage->triage(std::string_view(s.data(), s.size()));
            out << "{\"id\":" << boost::json::serialize(id)
                << ",\"crisis\":" << (r.crisis ? "true" : "false")
                << ",\"categories\":" << boost::json::serialize(category_array(r.categories))
                << "}\n";
            continue;
        } catch (const InvalidUtf8&) {
            err << "radfraga triage: line " << lineno << ": text is not valid UTF-8\n";
            return 2;
        } catch (const std::exception& e) {
            error = e.what();
        }
        rc = 1;
        err << "radfraga triage: line " << lineno << ": " << error << '\n';
        out << boost::json::serialize(boost::json::object{{"id", id}, {"error", error}}) << '\n';
    }
    return rc;
}

int triage_eval_command(const std::vector<std::string>& args, std::istream&, std::ostream& out,
                        std::ostream& err) {
    std::vector<std::string> files;
    bool details = false;
    std::size_t folds = 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a == "--help" || a == "-h") {
            out << "Usage: radfraga triage-eval FILE.jsonl... [--cv K] [--details]\n"
                   "Scores crisis triage on annotated JSON Lines (format of crisis-dev.jsonl): "
                   "recall\n"
                   "on crisis texts, false-alarm rate on the others, category right on caught "
                   "texts\n"
                   "(at least one gold category named), and the same for the baseline substring\n"
                   "list. --cv K: k-fold cross-validation over the files, each fold scored by a\n"
                   "model trained on the other folds. --details lists misses and false alarms.\n";
            return 0;
        }
        if (a == "--details") {
            details = true;
        } else if (a == "--cv" && i + 1 < args.size()) {
            const std::string& k = args[++i];
            folds = k.size() <= 2 && !k.empty() &&
                            k.find_first_not_of("0123456789") == std::string::npos
                        ? std::stoul(k)
                        : 0;
            if (folds < 2) {
                err << "radfraga triage-eval: --cv needs a number of folds from 2 to 99\n";
                return 2;
            }
        } else if (!a.starts_with("--")) {
            files.push_back(a);
        } else {
            err << "radfraga triage-eval: unexpected argument '" << a << "'\n";
            return 2;
        }
    }
    if (files.empty()) {
        err << "radfraga triage-eval: missing FILE.jsonl (see --help)\n";
        return 2;
    }
    try {
        const TriageOptions options;
        const detail::Lemmatiser lemmatiser(options.hunspell_aff, options.hunspell_dic,
                                            options.require_hunspell);
        std::vector<detail::Example> examples;
        for (const auto& file : files) {
            std::ifstream f(file);
            if (!f) {
                err << "radfraga triage-eval: cannot open " << file << '\n';
                return 1;
            }
            try {
                auto part = detail::read_examples(f, lemmatiser);
                for (auto& e : part) examples.push_back(std::move(e));
            } catch (const std::exception& e) {
                throw std::runtime_error(file + ": " + e.what());
            }
        }
        Tally ours, baseline;
        for (const auto& e : examples) baseline.add(e, baseline_mentions_crisis(e.text), nullptr);
        if (folds == 0) {
            const auto model = detail::embedded_model();
            for (const auto& e : examples) {
                const auto d = detail::decide(model, e);
                ours.add(e, d.crisis, &d.categories, why(model, e));
            }
            out << examples.size() << " texts; crisis threshold " << model.threshold
                << ", with a rule hit " << model.rule_threshold << '\n';
        } else {
            for (std::size_t fold = 0; fold < folds; ++fold) {
                std::vector<const detail::Example*> train_set;
                for (std::size_t i = 0; i < examples.size(); ++i) {
                    if (i % folds != fold) train_set.push_back(&examples[i]);
                }
                auto model = detail::train(train_set);
                const auto t = detail::choose_thresholds(train_set, 5);
                model.threshold = t.threshold;
                model.rule_threshold = t.rule_threshold;
                for (std::size_t i = fold; i < examples.size(); i += folds) {
                    const auto d = detail::decide(model.view(), examples[i]);
                    ours.add(examples[i], d.crisis, &d.categories, why(model.view(), examples[i]));
                }
                out << "fold " << fold + 1 << "/" << folds << ": threshold " << model.threshold
                    << ", with a rule hit " << model.rule_threshold << '\n';
            }
            out << examples.size() << " texts, " << folds << "-fold cross-validation\n";
        }
        print_tally("triage", ours, true, out);
        if (details) print_details(ours, out);
        print_tally("baseline", baseline, false, out);
    } catch (const std::exception& e) {
        err << "radfraga triage-eval: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

}  // namespace radfraga::moderation
