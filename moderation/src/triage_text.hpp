// Internal: the linguistic layer of crisis triage. Splits Swedish text into words with
// UTF-8 byte offsets, lower-cases and folds them (å, ä → a; ö → o, so texts written
// without the Swedish letters meet the same rules), and lemmatises them with Hunspell
// plus a small table of the strong verbs Hunspell leaves unrelated ("slog", "slagen",
// "tog" → "slå", "ta").
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct Hunhandle;

namespace radfraga::moderation::detail {

struct Word {
    std::size_t start = 0;  // UTF-8 byte offsets into the analysed text, end exclusive
    std::size_t end = 0;
    std::string folded;               // lower-cased and folded surface form
    std::vector<std::string> lemmas;  // folded lemmas, the preferred one first; never empty
    std::size_t clause = 0;           // index of the clause (split at . ! ? ; : and line breaks)
    bool digits = false;              // the word is a number
    const std::string& lemma() const { return lemmas.front(); }
};

// Lower-cases (Swedish and Latin letters) and folds å/ä → a, ö → o, é → e, ü → u.
std::string fold(std::string_view s);

// Serialised access to one Hunspell handle with a memo of lemmas per word. Safe to call
// from many threads; a Lemmatiser without a dictionary (require_hunspell = false and the
// files missing) returns every word as its own lemma plus the strong-verb table.
class Lemmatiser {
  public:
    Lemmatiser(const std::string& aff, const std::string& dic, bool require_hunspell);
    ~Lemmatiser();
    Lemmatiser(const Lemmatiser&) = delete;
    Lemmatiser& operator=(const Lemmatiser&) = delete;

    // Folded lemmas of a lower-cased (unfolded) word, the preferred first, never empty.
    std::vector<std::string> lemmas(const std::string& lower_word) const;

  private:
    std::vector<std::string> compute(const std::string& lower_word) const;
    struct Deleter {
        void operator()(Hunhandle* h) const noexcept;
    };
    std::unique_ptr<Hunhandle, Deleter> hunspell_;
    mutable std::mutex hunspell_mutex_;
    mutable std::shared_mutex memo_mutex_;
    mutable std::unordered_map<std::string, std::vector<std::string>> memo_;
};

// The words of a well-formed UTF-8 text. Words longer than 64 bytes are skipped (they
// carry no Swedish words and would only cost Hunspell time).
std::vector<Word> analyse(std::string_view text, const Lemmatiser& lemmatiser);

}  // namespace radfraga::moderation::detail
