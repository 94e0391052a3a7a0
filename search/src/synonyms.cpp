#include "search/src/synonyms.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace radfraga::search::detail {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

SynonymExpr make_expr(std::string_view item, const Analyzer& analyzer) {
    SynonymExpr e;
    for (auto& t : tokenize(item)) {
        auto a = analyzer.analyze(t.word);
        e.stems.push_back(a->stopword ? std::vector<std::string>{} : a->primary);
        e.words.push_back(std::move(t.word));
    }
    return e;
}

std::vector<SynonymExpr> parse_list(std::string_view list, const Analyzer& analyzer) {
    std::vector<SynonymExpr> out;
    while (true) {
        auto comma = list.find(',');
        std::string_view item = trim(list.substr(0, comma));
        if (!item.empty()) {
            SynonymExpr e = make_expr(item, analyzer);
            if (!e.words.empty()) out.push_back(std::move(e));
        }
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return out;
}

bool word_matches(const SynonymExpr& e, std::size_t i, const std::string& word,
                  const WordAnalysis& a) {
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
        // A trailing "@ 0.4": how sure the rule is that its expressions mean the same.
        if (auto at = line.rfind('@'); at != std::string_view::npos) {
            const std::string number(trim(line.substr(at + 1)));
            char* end = nullptr;
            const double w = number.empty() ? 0 : std::strtod(number.c_str(), &end);
            if (number.empty() || end != number.c_str() + number.size() || !(w > 0 && w <= 1)) {
                throw Error(std::string(source) + ", rad " + std::to_string(line_no) +
                            ": vikten efter @ ska vara ett tal större än 0 och högst 1.");
            }
            r.weight = w;
            line = trim(line.substr(0, at));
        }
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
        const std::size_t rule = rules_.size();
        for (std::size_t x = 0; x < r.from.size(); ++x) {
            const SynonymExpr& e = r.from[x];
            for (std::size_t k = 0; k < e.words.size(); ++k) {
                if (e.stems[k].empty()) continue;
                starts_[e.words[k]].push_back(Start{rule, x});
                for (const auto& stem : e.stems[k]) starts_[stem].push_back(Start{rule, x});
                break;
            }
        }
        rules_.push_back(std::move(r));
    }
}

std::vector<SynonymMatch> Synonyms::match(const std::vector<std::string>& all_words,
                                          const Analyzer& analyzer,
                                          const std::vector<bool>& ignore) const {
    // Stopwords and ignored words are skipped on both sides: "ta mitt barn" is "ta barn",
    // and "anmälan om oro" is met by "anmälan … oro".
    std::vector<std::size_t> at;  // index in all_words of each content word
    std::vector<std::string> words;
    std::vector<std::shared_ptr<const WordAnalysis>> analysed;
    for (std::size_t k = 0; k < all_words.size(); ++k) {
        if (k < ignore.size() && ignore[k]) continue;
        auto a = analyzer.analyze(all_words[k]);
        if (a->stopword) continue;
        at.push_back(k);
        words.push_back(all_words[k]);
        analysed.push_back(std::move(a));
    }

    std::vector<SynonymMatch> out;
    std::size_t i = 0;
    while (i < words.size()) {
        SynonymMatch best;
        std::size_t best_len = 0;  // content words matched
        // The expressions that may start here, in the order of the file (the order in
        // which equally long matches gather their alternatives).
        std::vector<Start> candidates;
        const auto gather = [&](const std::string& key) {
            if (auto it = starts_.find(key); it != starts_.end())
                candidates.insert(candidates.end(), it->second.begin(), it->second.end());
        };
        gather(words[i]);
        for (const auto& stem : analysed[i]->primary) gather(stem);
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        for (const Start& start : candidates) {
            const Rule& rule = rules_[start.rule];
            {
                const SynonymExpr& e = rule.from[start.expr];
                std::vector<std::size_t> content;  // the expression's words that are no stopwords
                for (std::size_t k = 0; k < e.words.size(); ++k) {
                    if (!e.stems[k].empty()) content.push_back(k);
                }
                if (content.empty() || content.size() > words.size() - i ||
                    content.size() < best_len)
                    continue;
                bool all = true;
                for (std::size_t k = 0; k < content.size() && all; ++k) {
                    all = word_matches(e, content[k], words[i + k], *analysed[i + k]);
                }
                if (!all) continue;
                if (content.size() > best_len) {
                    best_len = content.size();
                    best = SynonymMatch{at[i], at[i + best_len - 1] - at[i] + 1, {}};
                }
                for (const auto& alt : rule.to) {
                    if (&alt == &e || alt.words == e.words || alt.stems == e.stems) continue;
                    // The same expression through several rules, or two that analyse alike
                    // ("unge", "ungar"): once, at its surest weight.
                    auto same = std::find_if(
                        best.alternatives.begin(), best.alternatives.end(),
                        [&](const SynonymAlternative& a) { return a.expr->stems == alt.stems; });
                    if (same == best.alternatives.end()) {
                        best.alternatives.push_back(SynonymAlternative{&alt, rule.weight});
                    } else {
                        same->weight = std::max(same->weight, rule.weight);
                    }
                }
            }
        }
        if (best_len > 0 && !best.alternatives.empty()) {
            i += best_len;
            out.push_back(std::move(best));
        } else {
            ++i;
        }
    }
    return out;
}

void Synonyms::set_thesaurus(std::shared_ptr<const Thesaurus> thesaurus, double weight) {
    const std::lock_guard lock(thesaurus_cache_->mutex);
    thesaurus_ = std::move(thesaurus);
    thesaurus_weight_ = weight;
    thesaurus_cache_->exprs.clear();
}

SynonymMatch Synonyms::thesaurus_match(std::size_t index, const std::string& word,
                                       const Analyzer& analyzer) const {
    SynonymMatch m;
    m.first = index;
    m.count = 1;
    m.from_thesaurus = true;
    if (!thesaurus_) return m;
    auto& cache = *thesaurus_cache_;
    const auto own = analyzer.analyze(word);
    for (const auto& form : analyzer.base_forms(word)) {
        const std::vector<std::unique_ptr<const SynonymExpr>>* exprs = nullptr;
        {
            const std::lock_guard lock(cache.mutex);
            if (const auto it = cache.exprs.find(form); it != cache.exprs.end())
                exprs = &it->second;
        }
        if (exprs == nullptr) {
            // Looked up and analysed outside the lock; the first to store it wins. An
            // entry is never removed, so the pointer stays valid.
            std::vector<std::unique_ptr<const SynonymExpr>> made;
            for (const auto& syn : thesaurus_->lookup(form)) {
                // One word each: the thesaurus's phrases are idioms ("på snusen").
                auto e = std::make_unique<SynonymExpr>(make_expr(syn, analyzer));
                if (e->words.size() == 1) made.push_back(std::move(e));
            }
            if (made.empty()) continue;
            const std::lock_guard lock(cache.mutex);
            exprs = &cache.exprs.try_emplace(form, std::move(made)).first->second;
        }
        for (const auto& e : *exprs) {
            // One word that shares a stem with the reader's word is the word itself.
            if (word_matches(*e, 0, word, *own)) continue;
            const bool seen =
                std::any_of(m.alternatives.begin(), m.alternatives.end(),
                            [&](const auto& alt) { return alt.expr->words == e->words; });
            if (!seen) m.alternatives.push_back({e.get(), thesaurus_weight_});
        }
    }
    return m;
}

}  // namespace radfraga::search::detail
