// Internal: the linguistic layer of crisis triage. Splits Swedish text into words with
// UTF-8 byte offsets, lower-cases and folds them (å, ä → a; ö → o, so texts written
// without the Swedish letters meet the same rules), and lemmatises them with Hunspell
// plus a small table of the strong verbs Hunspell leaves unrelated ("slog", "slagen",
// "tog" → "slå", "ta"), memoising per spelling everything the later layers need.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

struct Hunhandle;

namespace radfraga::moderation::detail {

struct ModelView;

// Rule and context terms (triage_rules.cpp) are numbered; a spelling records which it
// matches as a bit set, so a rule tests a word with one bit instead of hash lookups.
inline constexpr std::size_t kMaxTerms = 320;
struct TermSet {
    std::array<std::uint64_t, kMaxTerms / 64> words{};
    bool test(std::size_t id) const { return (words[id / 64] >> (id % 64)) & 1u; }
    void set(std::size_t id) { words[id / 64] |= std::uint64_t{1} << (id % 64); }
};

// Everything about a word that depends on its lower-cased spelling alone, computed once
// per spelling (Hunspell, the term table, the classifier's word features) and memoised
// by the Lemmatiser. Immutable once memoised. The fields every occurrence of a word
// reads come first and the model's ids are in one array, for few cache lines per word.
struct alignas(64) Spelling {
    std::string lower;  // the lower-cased spelling: the memo's key

    // The classifier layer (annotate_features): hashed ids of the word's own features.
    bool negator = false;           // negates the next two words' lemmas
    std::uint32_t unigram = 0;      // the lemma
    std::uint32_t negated = 0;      // the lemma after a negator
    std::uint32_t bigram_head = 0;  // hash state after "<lemma> " of a bigram feature
    // With a model given to the Lemmatiser: the negated lemma's row + 1 (0: none), and
    // the word's own features (the unigram and each character n-gram occurrence, which
    // the classifier counts per occurrence) as their number and the sum of their weight
    // rows per output, so that an occurrence of the word costs six additions.
    std::uint32_t negated_row = 0;
    std::uint32_t own_count = 0;  // 0: not annotated with a model
    std::array<double, 6> own_sum{};

    // The rules layer (annotate_terms): the terms the folded form or a lemma matches,
    // and the rules whose anchor it matches, ascending.
    TermSet terms;
    std::vector<std::uint16_t> anchors;

    std::string lemma;  // the preferred lemma (lemmas.front())

    std::string folded;                 // lower-cased and folded surface form
    std::vector<std::string> lemmas;    // folded lemmas, the preferred one first; never empty
    std::vector<std::uint32_t> ngrams;  // character 3-5-grams of "<folded>", in order
};

struct Word {
    std::size_t start = 0;  // UTF-8 byte offsets into the analysed text, end exclusive
    std::size_t end = 0;
    std::size_t clause = 0;              // index of the clause (split at . ! ? ; : and line breaks)
    bool digits = false;                 // the word is a number
    const Spelling* spelling = nullptr;  // never null; owned by the Analysis' memo
    const std::string& folded() const { return spelling->folded; }
    const std::vector<std::string>& lemmas() const { return spelling->lemmas; }
    const std::string& lemma() const { return spelling->lemma; }
};

// The words of a text. Keeps the memoised spellings its words point to alive.
struct Analysis {
    std::vector<Word> words;
    std::vector<std::shared_ptr<const void>> keep;
};

// Lower-cases (Swedish and Latin letters) and folds å/ä → a, ö → o, é → e, ü → u.
std::string fold(std::string_view s);

// Defined by the rules layer (triage_rules.cpp) and the classifier layer
// (triage_model.cpp): fill in their parts of a Spelling whose folded form and lemmas are
// set. `model` may be null.
void annotate_terms(Spelling& s);
void annotate_features(Spelling& s, const ModelView* model);

// One Hunspell handle, serialised, and a bounded memo of Spellings. Safe to call from
// many threads; a Lemmatiser without a dictionary (require_hunspell = false and the
// files missing) returns every word as its own lemma plus the strong-verb table. With a
// model (which must outlive the Lemmatiser), spellings also carry that model's rows.
class Lemmatiser {
  public:
    Lemmatiser(const std::string& aff, const std::string& dic, bool require_hunspell,
               const ModelView* model = nullptr);
    ~Lemmatiser();
    Lemmatiser(const Lemmatiser&) = delete;
    Lemmatiser& operator=(const Lemmatiser&) = delete;

    // Folded lemmas of a lower-cased (unfolded) word, the preferred first, never empty.
    std::vector<std::string> lemmas(const std::string& lower_word) const;

    // The words of a well-formed UTF-8 text. Words longer than 64 bytes are skipped
    // (they carry no Swedish words and would only cost Hunspell time).
    Analysis analyse(std::string_view text) const;

  private:
    struct Memo;
    std::vector<std::string> compute(const std::string& lower_word) const;
    Spelling make_spelling(const std::string& lower_word) const;
    struct Deleter {
        void operator()(Hunhandle* h) const noexcept;
    };
    std::unique_ptr<Hunhandle, Deleter> hunspell_;
    const ModelView* model_;
    mutable std::mutex hunspell_mutex_;
    mutable std::shared_mutex memo_mutex_;
    mutable std::shared_ptr<Memo> memo_;  // replaced by an empty one when full
};

inline Analysis analyse(std::string_view text, const Lemmatiser& lemmatiser) {
    return lemmatiser.analyse(text);
}

}  // namespace radfraga::moderation::detail
