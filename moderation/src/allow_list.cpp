// The operator's allow-list (moderation/redactor.hpp): terms and their inflected forms.
#include <algorithm>
#include <unordered_set>

#include "core/utf8.hpp"
#include "moderation/redactor.hpp"
#include "moderation/src/text.hpp"

namespace radfraga::moderation {

namespace {

// Swedish noun endings (indefinite and definite, singular and plural) and the genitive
// -s after each, longest first so the longest ending is tried first.
constexpr std::string_view kEndings[] = {
    "ernas", "arnas", "ornas", "erna", "arna", "orna", "rnas", "ens", "ets", "nas",
    "ers",   "ars",   "ors",   "rna",  "en",   "et",   "na",   "er",  "ar",  "or",
    "rs",    "ns",    "ts",    "es",   "s",    "n",    "t",    "r",   "e"};

std::string folded_lower(std::string_view word) {
    std::string l = detail::lower(word);
    std::string f;
    return detail::fold_diacritics(l, f) ? f : l;
}

}  // namespace

AllowList AllowList::parse(std::string_view text) {
    AllowList out;
    std::unordered_set<std::string> seen;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (const auto hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        if (line.empty() || line.size() > 200 || !is_valid_utf8(line)) continue;
        // Words as the tokenizer sees them: letters and digits, joined by inner hyphens.
        std::vector<std::string> words;
        for (const auto& tk : detail::tokenize(line))
            words.push_back(folded_lower(line.substr(tk.start, tk.end - tk.start)));
        if (words.empty()) continue;
        std::string key;
        for (const auto& w : words) key += w + ' ';
        if (!seen.insert(key).second) continue;
        out.terms_.emplace_back(line);
        out.phrases_.push_back(std::move(words));
    }
    return out;
}

namespace {
// True if `word` (folded, lower case) is `term` or one of its inflected forms.
bool inflected_form(std::string_view word, std::string_view term) {
    if (word == term) return true;
    if (word.size() <= term.size() &&
        !(term.size() >= 4 && (term.back() == 'a' || term.back() == 'e')))
        return false;
    for (const auto ending : kEndings) {
        if (word.size() <= ending.size() || word.substr(word.size() - ending.size()) != ending)
            continue;
        const std::string_view base = word.substr(0, word.size() - ending.size());
        if (base == term) return true;
        // A final -a or -e gives way to the ending: "flicka" -> "flickor", "pojke" -> "pojkar".
        if (term.size() >= 4 && (term.back() == 'a' || term.back() == 'e') &&
            base == term.substr(0, term.size() - 1))
            return true;
    }
    return false;
}
}  // namespace

bool AllowList::covers_word(std::string_view lower_word) const {
    const std::string w = folded_lower(lower_word);
    return std::any_of(phrases_.begin(), phrases_.end(),
                       [&](const auto& p) { return p.size() == 1 && inflected_form(w, p[0]); });
}

std::size_t AllowList::match(std::span<const std::string_view> lower_words) const {
    std::size_t best = 0;
    std::vector<std::string> folded;  // folded lazily, once per word
    for (const auto& p : phrases_) {
        if (p.size() > lower_words.size() || p.size() <= best) continue;
        while (folded.size() < p.size()) folded.push_back(folded_lower(lower_words[folded.size()]));
        bool ok = true;
        for (std::size_t k = 0; k + 1 < p.size() && ok; ++k) ok = folded[k] == p[k];
        if (ok && inflected_form(folded[p.size() - 1], p.back())) best = p.size();
    }
    return best;
}

}  // namespace radfraga::moderation
