#include "search/src/synonyms.hpp"

#include <algorithm>

namespace radfraga::search::detail {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::vector<SynonymExpr> parse_list(std::string_view list, const Analyzer& analyzer) {
    std::vector<SynonymExpr> out;
    while (true) {
        auto comma = list.find(',');
        std::string_view item = trim(list.substr(0, comma));
        if (!item.empty()) {
            SynonymExpr e;
            for (auto& t : tokenize(item)) {
                auto a = analyzer.analyze(t.word);
                e.stems.push_back(a->stopword ? std::vector<std::string>{} : a->primary);
                e.words.push_back(std::move(t.word));
            }
            if (!e.words.empty()) out.push_back(std::move(e));
        }
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return out;
}

bool word_matches(const SynonymExpr& e, std::size_t i, const std::string& word, const WordAnalysis& a) {
    if (e.words[i] == word) return true;
    if (e.stems[i].empty() || a.stopword) return false;
    return std::any_of(e.stems[i].begin(), e.stems[i].end(), [&](const std::string& s) {
        return std::find(a.primary.begin(), a.primary.end(), s) != a.primary.end();
    });
}

}  // namespace

void Synonyms::add_rules(std::string_view text, std::string_view source, const Analyzer& analyzer) {
    std::size_t line_no = 0;
    while (!text.empty()) {
        ++line_no;
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) continue;
        Rule r;
        if (auto arrow = line.find("=>"); arrow != std::string_view::npos) {
            r.symmetric = false;
            r.from = parse_list(line.substr(0, arrow), analyzer);
            r.to = parse_list(line.substr(arrow + 2), analyzer);
        } else {
            r.from = parse_list(line, analyzer);
            r.to = r.from;
        }
        const bool ok = r.symmetric ? r.from.size() >= 2 : (!r.from.empty() && !r.to.empty());
        if (!ok) {
            throw Error(std::string(source) + ", rad " + std::to_string(line_no) +
                        ": en synonymregel behöver minst två uttryck (\"a, b\" eller \"a => b\").");
        }
        rules_.push_back(std::move(r));
    }
}

std::vector<SynonymMatch> Synonyms::match(const std::vector<std::string>& words, const Analyzer& analyzer) const {
    std::vector<std::shared_ptr<const WordAnalysis>> analysed;
    analysed.reserve(words.size());
    for (const auto& w : words) analysed.push_back(analyzer.analyze(w));

    std::vector<SynonymMatch> out;
    std::size_t i = 0;
    while (i < words.size()) {
        SynonymMatch best;
        for (const auto& rule : rules_) {
            for (const auto& e : rule.from) {
                if (e.words.size() > words.size() - i || e.words.size() < best.count) continue;
                bool all = true;
                for (std::size_t k = 0; k < e.words.size() && all; ++k) {
                    all = word_matches(e, k, words[i + k], *analysed[i + k]);
                }
                if (!all) continue;
                if (e.words.size() > best.count) {
                    best = SynonymMatch{i, e.words.size(), {}};
                }
                for (const auto& alt : rule.to) {
                    if (&alt == &e || alt.words == e.words) continue;
                    if (std::find(best.alternatives.begin(), best.alternatives.end(), &alt) == best.alternatives.end()) {
                        best.alternatives.push_back(&alt);
                    }
                }
            }
        }
        if (best.count > 0 && !best.alternatives.empty()) {
            i += best.count;
            out.push_back(std::move(best));
        } else {
            ++i;
        }
    }
    return out;
}

}  // namespace radfraga::search::detail
