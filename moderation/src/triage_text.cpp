#include "moderation/src/triage_text.hpp"

#include <hunspell/hunspell.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "moderation/src/text.hpp"

namespace radfraga::moderation::detail {

namespace {

constexpr std::size_t kMaxWordBytes = 64;
// The memo starts afresh when it grows past this many spellings (a few hundred bytes
// each): a bound against hostile input, far above the vocabulary of real questions.
constexpr std::size_t kMaxMemo = 100000;
// A word written without å/ä/ö is tried with them in at most this many vowel positions.
constexpr std::size_t kMaxFoldPositions = 3;

// Strong and irregular verb forms that Hunspell's sv_SE stems leave apart from their
// infinitive, limited to verbs the triage rules and features care about. Keys and
// values are folded.
struct Irregular {
    std::string_view form;
    std::string_view lemma;
};
constexpr Irregular kIrregular[] = {
    {"slog", "sla"},
    {"slogs", "sla"},
    {"slagit", "sla"},
    {"slagits", "sla"},
    {"slagen", "sla"},
    {"slagna", "sla"},
    {"slaget", "sla"},
    {"slar", "sla"},
    {"tog", "ta"},
    {"togs", "ta"},
    {"tagit", "ta"},
    {"tagits", "ta"},
    {"tagen", "ta"},
    {"tar", "ta"},
    {"tas", "ta"},
    {"valdtog", "valdta"},
    {"valdtogs", "valdta"},
    {"valdtagit", "valdta"},
    {"valdtagen", "valdta"},
    {"valdtagits", "valdta"},
    {"valdtar", "valdta"},
    {"valdtas", "valdta"},
    {"valdtagna", "valdta"},
    {"atit", "ata"},
    {"ater", "ata"},
    {"skar", "skara"},
    {"skurit", "skara"},
    {"skuren", "skara"},
    {"skurna", "skara"},
    {"strop", "strypa"},
    {"strypt", "strypa"},
    {"strypte", "strypa"},
    {"lever", "leva"},
    {"levt", "leva"},
    {"levde", "leva"},
    {"hogg", "hugga"},
    {"huggit", "hugga"},
    {"huggen", "hugga"},
    {"skot", "skjuta"},
    {"skjutit", "skjuta"},
    {"skjuten", "skjuta"},
    {"drog", "dra"},
    {"dragit", "dra"},
    {"drar", "dra"},
    {"sade", "saga"},
    {"sagt", "saga"},
    {"blev", "bli"},
    {"blivit", "bli"},
    {"blir", "bli"},
    {"var", "vara"},
    {"varit", "vara"},
    {"gick", "ga"},
    {"gatt", "ga"},
    {"gar", "ga"},
    {"fick", "fa"},
    {"fatt", "fa"},
    {"gav", "ge"},
    {"gett", "ge"},
    {"givit", "ge"},
    {"ger", "ge"},
    {"sov", "sova"},
    {"sovit", "sova"},
    {"sover", "sova"},
    {"legat", "ligga"},
    {"satt", "sitta"},
    {"suttit", "sitta"},
    {"dog", "do"},
    {"dott", "do"},
    {"dor", "do"},
    {"tankar", "tanke"},
    {"vill", "vilja"},
    {"ville", "vilja"},
    {"velat", "vilja"},
    {"orkar", "orka"},
    {"knivhogg", "knivhugga"},
    {"knivhuggit", "knivhugga"},
    {"kvavde", "kvava"},
    {"kastade", "kasta"},
    {"slangde", "slanga"},
    {"slangt", "slanga"},
    {"vraktes", "vraka"},
    {"sparkade", "sparka"},
    {"brot", "bryta"},
    {"brutit", "bryta"},
    {"bundit", "binda"},
    {"sparrade", "sparra"},
    {"latit", "lata"},
    {"hotade", "hota"},
};

void fold_into(std::string_view s, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out.push_back(ascii_lower(static_cast<char>(c)));
            ++i;
            continue;
        }
        std::size_t len = 1;
        char32_t cp = to_lower(decode(s, i, len));
        i += len;
        switch (cp) {
            case U'å':
            case U'ä':
            case U'à':
            case U'á':
            case U'â':
            case U'ã':
                cp = U'a';
                break;
            case U'ö':
            case U'ø':
            case U'ó':
            case U'ò':
            case U'ô':
            case U'õ':
                cp = U'o';
                break;
            case U'é':
            case U'è':
            case U'ê':
            case U'ë':
                cp = U'e';
                break;
            case U'ü':
            case U'ú':
            case U'ù':
                cp = U'u';
                break;
            case U'í':
            case U'ì':
            case U'ï':
                cp = U'i';
                break;
            default:
                break;
        }
        append_utf8(out, cp);
    }
}

bool has_swedish_letter(std::string_view lower_word) {
    // å ä ö in UTF-8: C3 A5, C3 A4, C3 B6
    for (std::size_t i = 0; i + 1 < lower_word.size(); ++i) {
        if (static_cast<unsigned char>(lower_word[i]) == 0xC3) {
            const auto n = static_cast<unsigned char>(lower_word[i + 1]);
            if (n == 0xA5 || n == 0xA4 || n == 0xB6) return true;
        }
    }
    return false;
}

void add_unique(std::vector<std::string>& v, std::string s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// lower_into() for one word, with the common cases (ASCII, Latin-1 letters) inline.
void lower_word_into(std::string_view word, std::string& out) {
    out.resize(word.size());
    for (std::size_t k = 0; k < word.size(); ++k) {
        const auto c = static_cast<unsigned char>(word[k]);
        if (c < 0x80) {
            out[k] = ascii_lower(static_cast<char>(c));
            continue;
        }
        if (c == 0xC3 && k + 1 < word.size()) {
            // U+00C0..U+00DE but × (U+00D7) lower-case to U+00E0..U+00FE: C3 80..9E -> C3 A0..BE.
            const auto b1 = static_cast<unsigned char>(word[k + 1]);
            out[k] = static_cast<char>(c);
            out[k + 1] = static_cast<char>(b1 >= 0x80 && b1 <= 0x9E && b1 != 0x97 ? b1 + 0x20 : b1);
            ++k;
            continue;
        }
        lower_into(word, out);
        return;
    }
}

// The memo's hash of a lower-cased word: eight bytes at a time, for words of a few bytes
// far cheaper than std::hash's byte loop. Collisions only cost a key comparison.
std::size_t memo_hash(std::string_view w) {
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
    std::uint64_t h = w.size() * kMul;
    std::size_t k = 0;
    for (; k + 8 <= w.size(); k += 8) {
        std::uint64_t chunk;
        std::memcpy(&chunk, w.data() + k, 8);
        h = (h ^ chunk) * kMul;
        h ^= h >> 29;
    }
    if (k < w.size()) {
        std::uint64_t chunk = 0;
        for (std::size_t b = k; b < w.size(); ++b)
            chunk = chunk << 8 | static_cast<unsigned char>(w[b]);
        h = (h ^ chunk) * kMul;
        h ^= h >> 29;
    }
    return h * kMul ^ (h >> 32);
}

// Inline loops: the gap between two words and a word are a few bytes, too short for
// the library's memchr and memcmp calls to pay.
bool gap_ends_clause(std::string_view gap) {
    for (const char c : gap) {
        if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == '\n') return true;
    }
    return false;
}

bool same_bytes(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (a[k] != b[k]) return false;
    }
    return true;
}

}  // namespace

std::string fold(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    fold_into(s, out);
    return out;
}

void Lemmatiser::Deleter::operator()(Hunhandle* h) const noexcept {
    Hunspell_destroy(h);
}

// Spellings by lower-cased word. Never erased from: a full memo is replaced by an empty
// one, and the old one lives on while an Analysis still points into it.
//
// An open-addressing table of (hash, spelling): a lookup reads one slot and the
// spelling's first cache line, where its key is, instead of a bucket, the node before
// and the node of an unordered_map.
struct Lemmatiser::Memo {
    struct Slot {
        std::size_t hash = 0;
        Spelling* spelling = nullptr;  // null: empty
    };
    std::vector<std::unique_ptr<Spelling>> spellings;
    std::vector<Slot> slots = std::vector<Slot>(1024);  // a power of two, at most half full

    std::size_t size() const { return spellings.size(); }

    const Spelling* find(std::string_view lower, std::size_t hash) const {
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const auto& slot = slots[i];
            if (slot.spelling == nullptr) return nullptr;
            if (slot.hash == hash && same_bytes(slot.spelling->lower, lower)) return slot.spelling;
        }
    }

    // The memoised spelling of s.lower: s itself, or one memoised meanwhile.
    const Spelling* insert(Spelling&& s, std::size_t hash) {
        if (const auto* found = find(s.lower, hash)) return found;
        if (2 * (spellings.size() + 1) > slots.size()) {
            std::vector<Slot> bigger(slots.size() * 2);
            const std::size_t mask = bigger.size() - 1;
            for (const auto& slot : slots) {
                if (slot.spelling == nullptr) continue;
                std::size_t i = slot.hash & mask;
                while (bigger[i].spelling != nullptr) i = (i + 1) & mask;
                bigger[i] = slot;
            }
            slots = std::move(bigger);
        }
        spellings.push_back(std::make_unique<Spelling>(std::move(s)));
        const std::size_t mask = slots.size() - 1;
        std::size_t i = hash & mask;
        while (slots[i].spelling != nullptr) i = (i + 1) & mask;
        slots[i] = Slot{hash, spellings.back().get()};
        return spellings.back().get();
    }
};

Lemmatiser::Lemmatiser(const std::string& aff, const std::string& dic, bool require_hunspell,
                       const ModelView* model)
    : model_(model), memo_(std::make_shared<Memo>()) {
    // Hunspell_create does not report a missing file; check first so the error is clear.
    const bool files_ok = std::ifstream(aff).good() && std::ifstream(dic).good();
    if (files_ok) hunspell_.reset(Hunspell_create(aff.c_str(), dic.c_str()));
    if (!hunspell_ && require_hunspell) {
        throw std::runtime_error("triage: cannot open the Hunspell dictionary " + aff + " / " +
                                 dic + " (install hunspell-sv)");
    }
}

Lemmatiser::~Lemmatiser() = default;

std::vector<std::string> Lemmatiser::lemmas(const std::string& lower_word) const {
    return compute(lower_word);
}

Spelling Lemmatiser::make_spelling(const std::string& lower_word) const {
    Spelling s;
    s.lower = lower_word;
    s.folded = fold(lower_word);
    s.lemmas = compute(lower_word);
    s.lemma = s.lemmas.front();
    annotate_terms(s);
    annotate_features(s, model_);
    return s;
}

std::vector<std::string> Lemmatiser::compute(const std::string& lower_word) const {
    std::vector<std::string> out;
    const std::string folded = fold(lower_word);
    for (const auto& irr : kIrregular) {
        if (irr.form == folded) add_unique(out, std::string(irr.lemma));
    }
    const bool digits =
        std::all_of(lower_word.begin(), lower_word.end(), [](char c) { return is_ascii_digit(c); });
    if (hunspell_ && !digits) {
        const std::lock_guard lock(hunspell_mutex_);
        auto stems_of = [&](const std::string& w) {
            if (Hunspell_spell(hunspell_.get(), w.c_str()) == 0) return false;
            char** list = nullptr;
            const int n = Hunspell_stem(hunspell_.get(), &list, w.c_str());
            for (int i = 0; i < n; ++i) add_unique(out, fold(list[i]));
            if (n > 0) Hunspell_free_list(hunspell_.get(), &list, n);
            return true;
        };
        bool known = stems_of(lower_word);
        if (!known && !has_swedish_letter(lower_word)) {
            // Written without å/ä/ö: try the Swedish letters in the first few a/o
            // positions ("foraldrar" → "föräldrar", "ata" → "äta").
            std::vector<std::size_t> pos;
            for (std::size_t i = 0; i < lower_word.size() && pos.size() < kMaxFoldPositions; ++i) {
                if (lower_word[i] == 'a' || lower_word[i] == 'o') pos.push_back(i);
            }
            std::size_t combos = 1;
            for (const auto p : pos)
                combos *= lower_word[p] == 'a' ? std::size_t{3} : std::size_t{2};
            for (std::size_t k = 1; k < combos && !known; ++k) {
                std::string cand;
                std::size_t rest = k, last = 0;
                for (const auto p : pos) {
                    cand.append(lower_word, last, p - last);
                    const bool is_a = lower_word[p] == 'a';
                    const std::size_t base = is_a ? 3 : 2;
                    const std::size_t choice = rest % base;
                    rest /= base;
                    if (is_a)
                        cand += choice == 0 ? "a" : choice == 1 ? "\xC3\xA4" : "\xC3\xA5";
                    else
                        cand += choice == 0 ? "o" : "\xC3\xB6";
                    last = p + 1;
                }
                cand.append(lower_word, last, std::string::npos);
                known = stems_of(cand);
            }
        }
    }
    add_unique(out, folded);
    return out;
}

Analysis Lemmatiser::analyse(std::string_view text) const {
    Analysis a;
    auto& words = a.words;
    const auto tokens = tokenize(text);
    words.reserve(tokens.size());
    // Words whose spelling is not memoised yet: index and lower-cased spelling.
    std::vector<std::pair<std::size_t, std::string>> missing;
    std::size_t clause = 0, prev_end = 0;
    std::string lower_word;
    {
        const std::shared_lock lock(memo_mutex_);
        a.keep.push_back(memo_);
        for (const auto& t : tokens) {
            if (!words.empty() && gap_ends_clause(text.substr(prev_end, t.start - prev_end)))
                ++clause;
            prev_end = t.end;
            if (t.end - t.start > kMaxWordBytes) continue;
            Word w;
            w.start = t.start;
            w.end = t.end;
            w.clause = clause;
            w.digits = t.has_digit && !t.has_letter;
            lower_word_into(text.substr(t.start, t.end - t.start), lower_word);
            w.spelling = memo_->find(lower_word, memo_hash(lower_word));
            if (w.spelling == nullptr) missing.emplace_back(words.size(), lower_word);
            words.push_back(w);
        }
    }
    for (std::size_t m = 0; m < missing.size(); ++m) {
        const auto& [index, lower] = missing[m];
        const auto same =
            std::find_if(missing.begin(), missing.begin() + static_cast<std::ptrdiff_t>(m),
                         [&l = lower](const auto& x) { return x.second == l; });
        if (same != missing.begin() + static_cast<std::ptrdiff_t>(m)) {
            words[index].spelling = words[same->first].spelling;
            continue;
        }
        auto spelling = make_spelling(lower);
        const std::unique_lock lock(memo_mutex_);
        if (memo_->size() >= kMaxMemo) memo_ = std::make_shared<Memo>();
        if (a.keep.back() != memo_) a.keep.push_back(memo_);
        words[index].spelling = memo_->insert(std::move(spelling), memo_hash(lower));
    }
    return a;
}

}  // namespace radfraga::moderation::detail
