#include "moderation/triage.hpp"

#include <algorithm>

#include "core/utf8.hpp"
#include "moderation/src/triage_model.hpp"

namespace radfraga::moderation {

namespace {

// A classifier-only flag is explained by the text's words whose lemma weighs most
// towards a crisis, at most this many and only above this weight.
constexpr std::size_t kMaxWordSignals = 3;
constexpr double kMinWordWeight = 0.5;

bool is_function_word(std::string_view folded) {
    static constexpr std::string_view kWords[] = {
        "inte",   "ingen",    "inga",  "inget", "aldrig", "eller", "efter", "sedan",  "innan",
        "bara",   "eftersom", "fast",  "for",   "mina",   "mitt",  "sina",  "sitt",   "hans",
        "hennes", "dina",     "ditt",  "vara",  "varit",  "blev",  "blir",  "skulle", "kommer",
        "hade",   "finns",    "fanns", "sjalv", "sjalva", "nagon", "nagot", "nagra",  "nanting",
        "sina",   "deras",    "dessa", "detta", "denna",  "alla",  "allt",  "mycket", "ocksa",
        "kanske", "igen",     "till",  "fran",  "utan",   "under", "over",  "genom",  "mellan",
        "redan",  "annu",     "hela",  "varje", "vill",   "ville"};
    for (const auto w : kWords) {
        if (w == folded) return true;
    }
    return false;
}

}  // namespace

struct Triage::Impl {
    explicit Impl(const TriageOptions& o)
        : model(detail::embedded_model()),
          index(detail::index_model(model)),
          lemmatiser(o.hunspell_aff, o.hunspell_dic, o.require_hunspell, &model) {
        model.index = index.view();
    }
    detail::ModelView model;
    detail::ModelIndex index;  // 192 KiB: a feature's row in two reads
    // Memoises per spelling the rows of `model`, so a text costs a memo lookup per word
    // and no sort of its features (detail::score_words).
    detail::Lemmatiser lemmatiser;
};

Triage::Triage(const TriageOptions& options) : impl_(std::make_unique<const Impl>(options)) {}
Triage::~Triage() = default;
Triage::Triage(Triage&&) noexcept = default;
Triage& Triage::operator=(Triage&&) noexcept = default;

TriageResult Triage::triage(std::string_view text) const {
    if (!is_valid_utf8(text)) throw InvalidUtf8("triage: input is not valid UTF-8");
    const auto analysis = impl_->lemmatiser.analyse(text);
    const auto& words = analysis.words;
    const auto context = detail::text_context(words);
    const auto hits = detail::apply_rules(words, context);
    const auto p = detail::score_words(impl_->model, words, context, hits);
    bool strong = false;
    std::array<bool, all_categories.size()> rule_cats{}, weak_cats{};
    for (const auto& h : hits) {
        const auto c = static_cast<std::size_t>(h.category);
        (h.strong ? rule_cats : weak_cats)[c] = true;
        strong = strong || h.strong;
    }
    const auto d = detail::decide(p, impl_->model, context.past && !context.present, strong,
                                  rule_cats, weak_cats);
    TriageResult r;
    r.probability = p[0];
    r.crisis = d.crisis;
    if (!d.crisis) return r;
    for (const auto c : all_categories) {
        if (d.categories[static_cast<std::size_t>(c)]) r.categories.push_back(c);
    }
    // Signals: the rule hits of the named categories, else the words the classifier
    // leaned on. Overlapping spans merge and keep the first one's category.
    struct Span {
        Category category;
        std::size_t start, end;
    };
    std::vector<Span> spans;
    for (const auto& h : hits) {
        if (d.categories[static_cast<std::size_t>(h.category)])
            spans.push_back({h.category, words[h.first].start, words[h.last].end});
    }
    if (spans.empty()) {
        std::vector<std::pair<double, std::size_t>> weighted;
        for (std::size_t i = 0; i < words.size(); ++i) {
            // Function words carry weight in the model only as context; they explain nothing.
            if (words[i].digits || words[i].folded().size() < 4 ||
                is_function_word(words[i].folded()))
                continue;
            const double w = detail::crisis_weight(impl_->model, words[i].spelling->unigram);
            if (w >= kMinWordWeight) weighted.emplace_back(w, i);
        }
        std::stable_sort(weighted.begin(), weighted.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        if (weighted.size() > kMaxWordSignals) weighted.resize(kMaxWordSignals);
        for (const auto& [w, i] : weighted)
            spans.push_back({r.categories.front(), words[i].start, words[i].end});
    }
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.start < b.start; });
    for (const auto& s : spans) {
        if (!r.signals.empty() && s.start < r.signals.back().end) {
            auto& last = r.signals.back();
            if (s.end > last.end) {
                last.end = s.end;
                last.text = std::string(text.substr(last.start, last.end - last.start));
            }
            continue;
        }
        r.signals.push_back(
            Signal{s.category, s.start, s.end, std::string(text.substr(s.start, s.end - s.start))});
    }
    return r;
}

// ---- the baseline: the substring list the server used before triage -------------------

namespace {

// Lower-cases ASCII and the Swedish capitals Å, Ä, Ö, É (UTF-8) so the stems below match.
std::string baseline_fold(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + 32);
        } else if (c == 0xC3 && i + 1 < s.size()) {
            auto n = static_cast<unsigned char>(s[i + 1]);
            if (n == 0x85 || n == 0x84 || n == 0x96 || n == 0x89)
                n = static_cast<unsigned char>(n + 0x20);
            out += static_cast<char>(c);
            out += static_cast<char>(n);
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

constexpr std::string_view kBaselineStems[] = {"självmord",
                                               "ta livet av",
                                               "tog livet av",
                                               "vill inte leva",
                                               "orkar inte leva",
                                               "vill dö",
                                               "vill inte finnas",
                                               "skada mig själv",
                                               "skadar mig själv",
                                               "skär mig",
                                               "överdos",
                                               "slår mig",
                                               "slog mig",
                                               "slår barn",
                                               "slår oss",
                                               "slog barn",
                                               "misshandl",
                                               "våldt",
                                               "hotar att döda",
                                               "hotade att döda",
                                               "hot om våld",
                                               "dödshot",
                                               "stryp",
                                               "sparkar mig",
                                               "våld",
                                               "rädd för min",
                                               "rädd för honom",
                                               "rädd för henne",
                                               "vågar inte gå hem",
                                               "far illa",
                                               "sexuella övergrepp",
                                               "övergrepp",
                                               "förgrip",
                                               "tvångsgifte",
                                               "hedersvåld",
                                               "kastat ut",
                                               "ingen mat",
                                               "sover ute"};

}  // namespace

bool baseline_mentions_crisis(std::string_view text) {
    const std::string t = baseline_fold(text);
    return std::any_of(std::begin(kBaselineStems), std::end(kBaselineStems),
                       [&](std::string_view stem) { return t.find(stem) != std::string::npos; });
}

}  // namespace radfraga::moderation
