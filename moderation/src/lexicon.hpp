// Internal: the word lists the redactor needs (embedded in the binary from
// moderation/data/*.txt) and the Hunspell Swedish dictionary, loaded once per Redactor.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/embedded.hpp"

struct Hunhandle;

namespace radfraga::moderation::detail {

// Defined by the generated source of radfraga_embed() (moderation/CMakeLists.txt).
std::span<const radfraga::EmbeddedFile> embedded_data();

// Flags of a lower-cased word.
enum WordFlag : std::uint32_t {
    kFirstName = 1u << 0,
    kSurname = 1u << 1,
    kOrdinary = 1u << 2,      // also an ordinary Swedish word (Hunspell or ambiguous list)
    kParticle = 1u << 3,      // von, af, van, al, bin ...
    kNonName = 1u << 4,       // never a person's name (authorities, months, brands ...)
    kPlace = 1u << 5,         // a Swedish town, municipality or district
    kCueRole = 1u << 6,       // handläggare, son, sambo ...: a name may follow
    kCueSignoff = 1u << 7,    // mvh, hälsningar ...
    kCueNaming = 1u << 8,     // heter, hette, kallas
    kCueGreeting = 1u << 9,   // hej, hejsan, hallå
    kSubjectVerb = 1u << 10,  // har, är, säger ...: after a sentence-initial ambiguous name
    kBankLabel = 1u << 11,
    kCaseLabel = 1u << 12,
    kStreetWord = 1u << 13,   // väg, gata, gränd ... written as a separate word
    kInstitution = 1u << 14,  // barnsjukhus, skola ...: "Astrid Lindgrens barnsjukhus"
    kForceName = 1u << 15,    // a name Hunspell knows as a word but that is rarely one
    kPhraseStart = 1u << 16,  // first word of a phrase in non_person_phrases()
    kPlatform = 1u << 17,     // snap, insta, tiktok ...: a handle may stand near it
    kBusiness = 1u << 18,     // pizzeria, grill, bygg, ab ...: the kind of a named business
};

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

// An immutable open-addressing table from lower-cased words to flags: one contiguous key
// buffer, power-of-two slots, a word-at-a-time multiplicative hash. Looked up once per
// token, so it avoids the node chasing and modulo of std::unordered_map.
class FlatWords {
  public:
    void build(const std::unordered_map<std::string, std::uint32_t, struct StringHash,
                                        std::equal_to<>>& m);
    // Inlined: called once or twice for every word of every text.
    [[gnu::always_inline]] std::uint32_t get(std::string_view w) const noexcept {
        if (slots_.empty()) return 0;
        std::uint64_t tail = 0;
        const std::uint32_t h = hash(w, tail);
        const std::size_t n = w.size();
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.len == kEmpty) return 0;
            if (s.hash != h || s.len != n) continue;
            // A word of fewer than eight bytes is all in its tail (see hash()).
            if (n < 8 ? pack_tail(keys_.data() + s.off, n) == tail
                      : std::memcmp(keys_.data() + s.off, w.data(), n) == 0)
                return s.flags;
        }
    }
    std::size_t size() const noexcept { return count_; }
    // Eight bytes at a time (words are short: most take one or two steps), then a
    // final mix so the low bits that pick the slot depend on every byte. `tail` is set to
    // pack_tail() of the bytes left after the eight-byte steps: for a word of fewer than
    // eight bytes, the word itself.
    static std::uint32_t hash(std::string_view w, std::uint64_t& tail) noexcept {
        constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
        const char* p = w.data();
        std::size_t n = w.size();
        std::uint64_t h = k ^ n;
        while (n >= 8) {
            std::uint64_t v;
            std::memcpy(&v, p, 8);
            h = (h ^ v) * k;
            h ^= h >> 31;
            p += 8;
            n -= 8;
        }
        tail = pack_tail(p, n);
        h = (h ^ tail) * k;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ull;
        return static_cast<std::uint32_t>(h ^ (h >> 32));
    }
    static std::uint32_t hash(std::string_view w) noexcept {
        std::uint64_t tail = 0;
        return hash(w, tail);
    }

  private:
    // The n < 8 bytes at p in one value that, together with n, determines them all: the
    // first and last four bytes from four bytes on, else the first, middle and last byte.
    static std::uint64_t pack_tail(const char* p, std::size_t n) noexcept {
        if (n >= 4) {
            std::uint32_t a;
            std::uint32_t b;
            std::memcpy(&a, p, 4);
            std::memcpy(&b, p + n - 4, 4);
            return (static_cast<std::uint64_t>(a) << 32) | b;
        }
        if (n > 0) {
            return (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
                   (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
                   static_cast<unsigned char>(p[n - 1]);
        }
        return 0;
    }

    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    struct Slot {
        std::uint32_t hash = 0;
        std::uint32_t off = 0;
        std::uint32_t len = kEmpty;
        std::uint32_t flags = 0;
    };
    std::string keys_;
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t count_ = 0;
};

class Lexicon {
  public:
    Lexicon(const std::string& aff, const std::string& dic, bool require_hunspell);
    ~Lexicon();
    Lexicon(const Lexicon&) = delete;
    Lexicon& operator=(const Lexicon&) = delete;

    [[gnu::always_inline]] std::uint32_t flags(std::string_view lower_word) const {
        return flat_.get(lower_word);
    }
    std::size_t first_name_count() const { return first_names_; }
    std::size_t surname_count() const { return surnames_; }
    // True if Hunspell accepts the lower-cased word as an ordinary Swedish word, or the
    // word carries kOrdinary. Serialised: Hunspell handles are not documented as
    // thread-safe. Hunspell's answers are remembered (a word's answer never changes and
    // one call costs ~20 000 instructions; the same unknown capitalised words recur from
    // text to text), up to kHunspellMemo words, then the memo starts again.
    bool is_ordinary(std::string_view lower_word) const;

    // Multi-word phrases (lower-case tokens) that contain names but name no person:
    // "maria ungdom", "lex sarah", "astrid lindgrens barnsjukhus" ...
    const std::vector<std::vector<std::string>>& non_person_phrases() const { return phrases_; }

    bool is_public_number(std::string_view digits) const {
        return public_numbers_.contains(digits);
    }
    bool is_public_domain(std::string_view host) const;
    bool is_hosting_domain(std::string_view host) const;
    bool has_hunspell() const { return hunspell_ != nullptr; }

  private:
    struct HunspellDeleter {
        void operator()(Hunhandle* h) const noexcept;
    };
    void add(std::string_view word, std::uint32_t flag);
    static bool suffix_in(std::string_view host,
                          const std::unordered_set<std::string, StringHash, std::equal_to<>>& set);

    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>>
        words_;  // construction only
    FlatWords flat_;
    // Lower-case stems of the Hunspell dictionary that stand on their own (no NEEDAFFIX,
    // ONLYINCOMPOUND or FORBIDDENWORD flag): a cheap "yes, an ordinary word" before the
    // (serialised, slower) Hunspell call.
    FlatWords stems_;
    std::size_t first_names_ = 0;
    std::size_t surnames_ = 0;
    std::vector<std::vector<std::string>> phrases_;
    std::unordered_set<std::string, StringHash, std::equal_to<>> public_numbers_;
    std::unordered_set<std::string, StringHash, std::equal_to<>> public_domains_;
    std::unordered_set<std::string, StringHash, std::equal_to<>> hosting_domains_;
    std::unique_ptr<Hunhandle, HunspellDeleter> hunspell_;
    mutable std::mutex hunspell_mutex_;
    static constexpr std::size_t kHunspellMemo = 1u << 16;
    mutable std::unordered_map<std::string, bool, StringHash, std::equal_to<>>
        hunspell_memo_;  // guarded by hunspell_mutex_
};

}  // namespace radfraga::moderation::detail
