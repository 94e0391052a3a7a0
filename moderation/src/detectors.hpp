// Internal: the detectors. Each appends candidate findings for one family of types to
// Scan::out; Redactor::find() then resolves overlaps (see redactor.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/redactor.hpp"
#include "moderation/src/lexicon.hpp"
#include "moderation/src/text.hpp"

namespace radfraga::moderation::detail {

struct Candidate {
    FindingType type;
    std::size_t start;
    std::size_t end;
    double confidence;
};

// One redaction pass over one text: the text, its tokens with their lexicon flags, and
// the output list. Built once per find() call; detectors only read the shared parts.
struct Scan {
    std::string_view text;
    const Lexicon& lex;
    TokenList tokens;
    std::vector<std::uint32_t> flags;   // lexicon flags of each token, lower-cased
    std::uint32_t any_flags = 0;        // every flag some token carries (flags or'd)
    std::vector<std::uint32_t> gflags;  // flags of the token without a genitive -s (0 if none)
    // The text lower-cased at the same byte offsets: token i is lowered[start, end). A text
    // with a character that lower-cases to fewer bytes (İ -> i) instead has its tokens
    // lower-cased back to back, token i at lowered[loff[i], loff[i + 1]); loff is empty
    // otherwise. Read it through lower_tok().
    std::string lowered;
    std::vector<std::uint32_t> loff;
    // Every run of ASCII digits, in order, found once from the tokens that have a digit:
    // the number detectors visit only these instead of scanning every byte.
    struct Run {
        std::uint32_t start;
        std::uint32_t end;
    };
    std::vector<Run> digit_runs;
    // The indices of the tokens with an ASCII digit, in order; and of the tokens right
    // before one that opens with an ASCII digit ("Storgatan 12", "lgh 1204", "ABC 123"),
    // in order: a detector for a number after a word visits only these.
    std::vector<std::uint32_t> digit_tokens;
    std::vector<std::uint32_t> before_digit;
    // The indices of the tokens whose first letter is a capital, in order; and of those
    // whose flags or gflags carry kFirstName, in order: the words a name can start at.
    std::vector<std::uint32_t> capitalised;
    std::vector<std::uint32_t> first_names;
    // The indices of the tokens that may write an e-mail address's "@" as a word ("at",
    // "a", "snabel-a", "snabela", "snabel"): of one or two, or six to eight bytes, from
    // 'a' or 's' in either case. A superset, in order; find_emails() reads the words.
    std::vector<std::uint32_t> at_words;
    // The indices of the tokens of four bytes from 'n' or 'N', in order: where a phone
    // number spelled out in words can start ("noll sju sex ...").
    std::vector<std::uint32_t> noll_words;
    // 1 for each token on a line written in capitals ("MIN EXMAN DANIEL HOLM HAR TAGIT
    // BARNEN"): there case is no evidence, and an all-capital word is read as if it had
    // no case at all. A line of three or more words of two or more letters shouts when
    // seven in ten of them are all capitals; a shorter line when the whole text does.
    std::vector<unsigned char> shouting;
    // 1 for each token the operator's allow-list covers (empty when the list is).
    std::vector<unsigned char> allowed;
    std::vector<Candidate> out;

    // True if token i has no case to go by: lower case, or capitals on a shouted line.
    bool caseless(std::size_t i) const {
        return !tokens[i].first_upper || (tokens[i].all_upper && shouting[i] != 0);
    }

    // The buffers of an earlier Scan on this thread (see Redactor::find), reused so a
    // call does not allocate them again; give them back with release().
    struct Buffers {
        TokenList tokens;
        std::vector<std::uint32_t> flags, gflags, loff;
        std::string lowered;
        std::vector<Run> digit_runs;
        std::vector<std::uint32_t> digit_tokens, before_digit, capitalised, first_names, at_words,
            noll_words;
        std::vector<unsigned char> shouting, allowed;
        std::vector<Candidate> out;
    };
    Scan(std::string_view t, const Lexicon& l, Buffers& reuse);
    void release(Buffers& to) noexcept {
        to.tokens.swap(tokens);
        to.flags.swap(flags);
        to.gflags.swap(gflags);
        to.loff.swap(loff);
        to.lowered.swap(lowered);
        to.digit_runs.swap(digit_runs);
        to.digit_tokens.swap(digit_tokens);
        to.before_digit.swap(before_digit);
        to.capitalised.swap(capitalised);
        to.first_names.swap(first_names);
        to.at_words.swap(at_words);
        to.noll_words.swap(noll_words);
        to.shouting.swap(shouting);
        to.allowed.swap(allowed);
        to.out.swap(out);
    }

    std::string_view tok(std::size_t i) const {
        return text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
    }
    std::string_view lower_tok(std::size_t i) const {
        if (loff.empty())
            return {lowered.data() + tokens[i].start, tokens[i].end - tokens[i].start};
        return {lowered.data() + loff[i], loff[i + 1] - loff[i]};
    }
    // Index of the first token starting at or after byte `pos` (tokens.size() if none).
    std::size_t token_at_or_after(std::size_t pos) const;
    // Fills `shouting`; `words` and `caps` count the text's tokens of two or more letters
    // and those of them in capitals.
    void mark_shouting(std::size_t words, std::size_t caps);
    void mark_allowed(const AllowList& list);
    // True if one of the `n` tokens before byte `pos` carries `flag` (stops at a line break).
    bool label_before(std::size_t pos, std::size_t n, std::uint32_t flag) const;
    // True if one of the `n` tokens before byte `pos` lower-cases to one of `words`.
    bool word_before(std::size_t pos, std::size_t n,
                     std::initializer_list<std::string_view> words) const;
    // Lower-cased token following byte `pos` after spaces ("" if none).
    std::string_view next_word(std::size_t pos) const;
    void add(FindingType type, std::size_t start, std::size_t end, double confidence) {
        if (end > start) out.push_back({type, start, end, confidence});
    }
};

// Walks Scan::digit_runs: next(pos) is the first ASCII digit at or after byte pos, or
// the text size if there is none. A detector loop `for (i = c.next(0); i < n; i = c.next(i + 1))`
// visits exactly the digits a byte-by-byte loop that skips non-digits would visit,
// including after the body moves i forward. Amortised O(1) for non-decreasing pos.
class DigitCursor {
  public:
    explicit DigitCursor(const Scan& s) : runs_(s.digit_runs), size_(s.text.size()) {}
    std::size_t next(std::size_t pos) {
        while (k_ > 0 && runs_[k_ - 1].end > pos) --k_;
        while (k_ < runs_.size() && runs_[k_].end <= pos) ++k_;
        if (k_ == runs_.size()) return size_;
        return std::max<std::size_t>(runs_[k_].start, pos);
    }
    // The run the last next() landed in (valid while next() < size).
    const Scan::Run& run() const { return runs_[k_]; }

  private:
    const std::vector<Scan::Run>& runs_;
    std::size_t size_;
    std::size_t k_ = 0;
};

// Walks two ascending lists of token indices (such as Scan::digit_tokens and
// Scan::before_digit) as one ascending list, an index in both once:
// `for (std::size_t i; m.next(i);)`.
class MergedIndices {
  public:
    MergedIndices(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b)
        : a_(a), b_(b) {}
    bool next(std::size_t& i) {
        if (ka_ == a_.size() && kb_ == b_.size()) return false;
        if (kb_ == b_.size() || (ka_ < a_.size() && a_[ka_] < b_[kb_])) {
            i = a_[ka_++];
        } else {
            i = b_[kb_++];
            if (ka_ < a_.size() && a_[ka_] == i) ++ka_;
        }
        return true;
    }

  private:
    const std::vector<std::uint32_t>& a_;
    const std::vector<std::uint32_t>& b_;
    std::size_t ka_ = 0;
    std::size_t kb_ = 0;
};

void find_emails(Scan& s);
void find_urls(Scan& s);
void find_ips(Scan& s);
void find_personnummer(Scan& s);
void find_bank(Scan& s);
void find_case_numbers(Scan& s);
void find_plates(Scan& s);
void find_addresses(Scan& s);
void find_postal_codes(Scan& s);
void find_names(Scan& s);

// Phone numbers through libphonenumber; the matcher is built per call and the
// PhoneNumberUtil singleton is thread-safe.
void find_phones(Scan& s);

// The national number (without the trunk '0') that libphonenumber's Parse(window, "SE")
// reads from a window written the Swedish way at home: a '0', then ASCII digits, the first
// of them not '0', and separators (those of a phone window: spaces, - . ( ), NBSP and
// dashes), ending in a digit, 7 to 15 digits in all. Parse finds no country code,
// extension or second number in such a window; it strips the trunk '0' when the digits
// left are a possible length for Sweden, and sets country code 46 and nothing else.
// Reading the digits directly skips Parse's regular expressions (~140 000 instructions a
// window); test_primitives checks the two agree. Returns 0 for a window of another shape
// or length (no separator is checked: the caller's window has only digits and
// separators).
std::uint64_t se_national_number(std::string_view window);

// Helpers shared by detectors.
bool luhn_ok(std::string_view digits);
bool is_amount_unit(std::string_view lower_word);

}  // namespace radfraga::moderation::detail
