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
// buffer, power-of-two slots, a multiplicative hash whose high bits pick the slot. Looked
// up once or twice per token, so it avoids the node chasing and modulo of
// std::unordered_map. A slot holds a word's first eight bytes (zero-padded), so a word of
// up to eight bytes is found by comparing one integer and its length.
class FlatWords {
  public:
    // At least `slots_per_word` slots per word (a power of two in all).
    void build(
        const std::unordered_map<std::string, std::uint32_t, struct StringHash, std::equal_to<>>& m,
        std::size_t slots_per_word = 2);
    // Inlined: called once or twice for every word of every text.
    [[gnu::always_inline]] std::uint32_t get(std::string_view w) const noexcept {
        std::uint64_t head = 0;
        if (!w.empty()) std::memcpy(&head, w.data(), w.size() < 8 ? w.size() : 8);
        return probe<false>(w, head);
    }
    // The same answer as get(w), for a word followed in memory by at least seven readable
    // bytes (whatever they hold): its first eight bytes are read at once and masked.
    [[gnu::always_inline]] std::uint32_t get_padded(std::string_view w) const noexcept {
        std::uint64_t head;
        std::memcpy(&head, w.data(), 8);
        head &= kHeadMask[w.size() < 8 ? w.size() : 8];
        return probe<true>(w, head);
    }
    std::size_t size() const noexcept { return count_; }

  private:
    static constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
    // kHeadMask[n] keeps the first n bytes of a little-endian eight-byte load.
    static constexpr std::uint64_t kHeadMask[9] = {0,
                                                   0xFFull,
                                                   0xFFFFull,
                                                   0xFFFFFFull,
                                                   0xFFFFFFFFull,
                                                   0xFFFFFFFFFFull,
                                                   0xFFFFFFFFFFFFull,
                                                   0xFFFFFFFFFFFFFFull,
                                                   ~0ull};
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    // Longer words are not stored (see build); an empty slot's length field (255) then
    // never equals a word's length.
    static constexpr std::size_t kMaxLen = 254;

    // `head` is the first min(8, n) bytes of w, zero-padded. The bytes after the eighth
    // are folded in eight at a time; the length is mixed in so that heads that differ
    // only by trailing zero bytes do not collide. `Padded`: w is followed by at least
    // seven readable bytes, so each group is read whole and masked.
    template <bool Padded>
    [[gnu::always_inline]] static std::uint64_t hash(std::string_view w,
                                                     std::uint64_t head) noexcept {
        std::uint64_t h = (head ^ (std::uint64_t{w.size()} << 56)) * kMul;
        for (std::size_t k = 8; k < w.size(); k += 8) {
            const std::size_t left = w.size() - k < 8 ? w.size() - k : 8;
            std::uint64_t v = 0;
            if constexpr (Padded) {
                std::memcpy(&v, w.data() + k, 8);
                v &= kHeadMask[left];
            } else {
                std::memcpy(&v, w.data() + k, left);
            }
            h = ((h ^ (h >> 29)) ^ v) * kMul;
        }
        return h;
    }
    // True if the bytes of w after its eighth equal those of the key at `key` (of w's
    // length). `Padded`: both are followed by at least seven readable bytes, so they are
    // compared eight at a time, the last group masked.
    template <bool Padded>
    [[gnu::always_inline]] static bool tail_equal(const char* key, std::string_view w) noexcept {
        if constexpr (!Padded) {
            return std::memcmp(key + 8, w.data() + 8, w.size() - 8) == 0;
        } else {
            for (std::size_t k = 8; k < w.size(); k += 8) {
                std::uint64_t a;
                std::uint64_t b;
                std::memcpy(&a, key + k, 8);
                std::memcpy(&b, w.data() + k, 8);
                if (((a ^ b) & kHeadMask[w.size() - k < 8 ? w.size() - k : 8]) != 0) return false;
            }
            return true;
        }
    }
    // Most words looked up are in the table, so a match is tested before an empty slot.
    template <bool Padded>
    [[gnu::always_inline]] std::uint32_t probe(std::string_view w,
                                               std::uint64_t head) const noexcept {
        const std::size_t n = w.size();
        if (n > kMaxLen) return 0;
        for (std::size_t i = hash<Padded>(w, head) >> shift_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.head == head && (s.len_off & 0xFFu) == n &&
                (n <= 8 || tail_equal<Padded>(keys_.data() + (s.len_off >> 8), w)))
                return s.flags;
            if (s.len_off == kEmpty) return 0;
        }
    }

    struct Slot {
        std::uint64_t head = 0;
        std::uint32_t len_off = kEmpty;  // length in the low 8 bits, key offset above
        std::uint32_t flags = 0;
    };
    std::string keys_;  // the words back to back, then eight bytes of padding
    // Never empty: a table that was never built has two empty slots and answers 0.
    std::vector<Slot> slots_ = std::vector<Slot>(2);
    std::size_t mask_ = 1;
    unsigned shift_ = 63;
    std::size_t count_ = 0;
};

// A necessary condition for Hunspell's acceptance of a lower-case word, read at start-up
// from the same .aff and .dic files: the word is one of the dictionary's forms (a stem, or
// a stem with one of its suffixes), or a chain of forms where the first may begin a
// compound, the next continue one and the last end one. It reads the dictionary loosely, so
// it holds at least every word Hunspell accepts: suffix conditions are ignored, every form
// of a stem with a compound or COMPOUNDRULE flag counts as a part of any kind, and the
// checks that only forbid (CHECKCOMPOUNDREP, CHECKCOMPOUNDDUP, FORCEUCASE, NEEDAFFIX ...)
// are left to Hunspell. "No" means Hunspell says no; "maybe" means ask Hunspell. A word
// Hunspell rejects costs it 5-100 microseconds (every split of the word into compound
// parts is tried against the affix rules); most names are settled here in a few hundred
// instructions. Forms are kept as 28-bit fingerprints, so an unrelated form may answer
// "maybe" for a word, never "no" for a form.
class DictionaryForms {
  public:
    // Reads the forms; false, and may_accept() true for every word, when the .aff uses a
    // directive this reading does not model (prefixes, two-level suffixes, other flag
    // types or compound flags, input conversion ...).
    bool build(const std::string& aff, const std::string& dic);
    bool built() const { return !slots_.empty(); }
    // False only if Hunspell rejects the word. True for a word that holds other bytes than
    // lower-case letters (a-z and Latin-1), has 64 bytes or more, or when not built.
    bool may_accept(std::string_view lower_word) const;

  private:
    // What a form may be: a word of its own, or the first, a middle or the last part of a
    // compound.
    enum Kind : std::uint8_t { kWhole = 1, kBegin = 2, kMiddle = 4, kEnd = 8 };
    std::uint8_t kinds(std::uint64_t hash) const;
    void insert(std::uint64_t hash, std::uint8_t kinds);
    std::vector<std::uint32_t> slots_;  // fingerprint << 4 | kinds; 0 = empty
    std::size_t mask_ = 0;
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
    // flags() of a word followed in memory by at least seven readable bytes (faster).
    [[gnu::always_inline]] std::uint32_t flags_padded(std::string_view lower_word) const {
        return flat_.get_padded(lower_word);
    }
    std::size_t first_name_count() const { return first_names_; }
    std::size_t surname_count() const { return surnames_; }
    // True if Hunspell accepts the lower-cased word as an ordinary Swedish word, or the
    // word carries kOrdinary. A word DictionaryForms rules out is rejected without asking
    // Hunspell. Serialised: Hunspell handles are not documented as thread-safe. The words
    // Hunspell accepts are remembered (an answer never changes and one call costs 1-100
    // microseconds), up to kHunspellMemo words, then the memo starts again. A word it
    // rejects is not: that is most often a name or an address an asker typed, which must
    // not outlive the text it came from.
    bool is_ordinary(std::string_view lower_word) const;
    // Whether is_ordinary holds an answer for the word now (for tests of the memo).
    bool remembers(std::string_view lower_word) const;
    // While one lives on a thread, is_ordinary also remembers the words Hunspell rejects
    // on that thread (a name recurs in its own text), and forgets them when the last one
    // ends: one per redaction call, so nothing an asker typed outlives the call.
    class RejectedWordsScope {
      public:
        RejectedWordsScope();
        ~RejectedWordsScope();
        RejectedWordsScope(const RejectedWordsScope&) = delete;
        RejectedWordsScope& operator=(const RejectedWordsScope&) = delete;
    };

    // Multi-word phrases (lower-case tokens) that contain names but name no person:
    // "maria ungdom", "lex sarah", "astrid lindgrens barnsjukhus" ...
    const std::vector<std::vector<std::string>>& non_person_phrases() const { return phrases_; }

    bool is_public_number(std::string_view digits) const {
        return public_numbers_.contains(digits);
    }
    bool is_public_domain(std::string_view host) const;
    bool is_hosting_domain(std::string_view host) const;
    bool has_hunspell() const { return hunspell_ != nullptr; }
    // Hunspell's own answer, never remembered (for tests of DictionaryForms).
    bool hunspell_accepts(std::string_view lower_word) const;
    const DictionaryForms& dictionary_forms() const { return forms_; }

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
    DictionaryForms forms_;  // asked after stems_, before Hunspell
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
