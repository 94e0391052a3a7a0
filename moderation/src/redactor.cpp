#include "moderation/redactor.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "core/utf8.hpp"
#include "moderation/src/detectors.hpp"
#include "moderation/src/lexicon.hpp"
#include "moderation/src/quasi.hpp"

namespace radfraga::moderation {

namespace {
struct TypeInfo {
    FindingType type;
    std::string_view name;
    std::string_view placeholder;
};
constexpr TypeInfo kTypes[] = {
    {FindingType::name, "name", "[namn]"},
    {FindingType::personnummer, "personnummer", "[personnummer]"},
    {FindingType::phone, "phone", "[telefonnummer]"},
    {FindingType::email, "email", "[e-post]"},
    {FindingType::address, "address", "[adress]"},
    {FindingType::postal_code, "postal_code", "[postnummer]"},
    {FindingType::url, "url", "[länk]"},
    {FindingType::plate, "plate", "[registreringsnummer]"},
    {FindingType::case_number, "case_number", "[ärendenummer]"},
    {FindingType::bank, "bank", "[kontonummer]"},
    {FindingType::ip, "ip", "[ip-adress]"},
};
const TypeInfo& info(FindingType t) {
    for (const auto& i : kTypes) {
        if (i.type == t) return i;
    }
    return kTypes[0];
}
}  // namespace

std::string_view type_name(FindingType type) {
    return info(type).name;
}
std::string_view placeholder(FindingType type) {
    return info(type).placeholder;
}
std::optional<FindingType> parse_type(std::string_view name) {
    for (const auto& i : kTypes) {
        if (i.name == name) return i.type;
    }
    return std::nullopt;
}

namespace detail {

namespace {
// For the first byte of a word, the lengths (bit n: n bytes) of the words that two
// detectors look for and that start with it: e-mail's "@" written as a word (see
// Scan::at_words: 1, 2, 6, 7 and 8 bytes from 'a' or 's') and "noll" (Scan::noll_words:
// 4 bytes from 'n'), in either case. No first byte serves both.
constexpr std::array<std::uint16_t, 256> make_word_lengths() {
    std::array<std::uint16_t, 256> lengths{};
    for (const char c : {'a', 's', 'A', 'S'}) lengths[static_cast<unsigned char>(c)] = 0x1C6;
    for (const char c : {'n', 'N'}) lengths[static_cast<unsigned char>(c)] = 1u << 4;
    return lengths;
}
constexpr std::array<std::uint16_t, 256> kWordLengths = make_word_lengths();
}  // namespace

Scan::Scan(std::string_view t, const Lexicon& l, Buffers& reuse) : text(t), lex(l) {
    release(reuse);  // take the buffers (empty ones the first time)
    digit_runs.clear();
    out.clear();
    // Padded so that the word table reads eight bytes at any word (flags_padded()).
    lowered.resize(t.size() + 8);
    const Lowering lowering = lower_in_place(t, lowered.data());
    if (lowering == Lowering::invalid_utf8)
        throw InvalidUtf8("moderation: input is not valid UTF-8");
    tokens.tokenize(t);
    const std::size_t n = tokens.size();
    flags.assign(n, 0);
    gflags.assign(n, 0);
    loff.clear();
    if (lowering == Lowering::shorter) {
        // Token by token, back to back (see lower_tok()).
        loff.resize(n + 1);
        std::size_t o = 0;
        char* const buf = lowered.data();
        for (std::size_t i = 0; i < n; ++i) {
            loff[i] = static_cast<std::uint32_t>(o);
            for (std::size_t k = tokens[i].start; k < tokens[i].end;) {
                std::size_t len = 1;
                o += lower_other(t, k, buf + o, len);
                k += len;
            }
        }
        loff[n] = static_cast<std::uint32_t>(o);
    }
    std::size_t words = 0;  // of two or more letters, for mark_shouting()
    std::size_t caps = 0;   // those of them in capitals
    capitalised.clear();
    first_names.clear();
    at_words.clear();
    noll_words.clear();
    digit_tokens.clear();
    before_digit.clear();
    any_flags = 0;
    // Words are read from `lowered` at their own offsets unless a character lower-cased
    // shorter (see lower_tok()).
    const bool same_offsets = loff.empty();
    for (std::size_t i = 0; i < n; ++i) {
        const Token& tk = tokens[i];
        const std::size_t len = tk.end - tk.start;
        if (tk.has_digit) {
            // ASCII digits only occur inside tokens, so the digit runs come from the
            // tokens that have one.
            digit_tokens.push_back(static_cast<std::uint32_t>(i));
            if (i > 0 && is_ascii_digit(t[tk.start]))
                before_digit.push_back(static_cast<std::uint32_t>(i - 1));
            for (std::size_t k = tk.start; k < tk.end;) {
                if (!is_ascii_digit(t[k])) {
                    ++k;
                    continue;
                }
                const std::size_t a = k;
                while (k < tk.end && is_ascii_digit(t[k])) ++k;
                digit_runs.push_back(
                    {static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(k)});
            }
        }
        if (!tk.has_letter) continue;
        if (tk.first_upper) capitalised.push_back(static_cast<std::uint32_t>(i));
        if (len >= 2) {
            ++words;
            if (tk.all_upper) ++caps;
        }
        if (len > 64) continue;
        // See at_words and noll_words; one test, not a branch per condition (their outcomes
        // follow the text, so a branch each is mispredicted often). len <= 64 here.
        const auto c0 = static_cast<unsigned char>(t[tk.start]);
        if (((std::uint64_t{kWordLengths[c0]} >> (len & 63u)) & 1u) != 0)
            ((c0 | 0x20) == 'n' ? noll_words : at_words).push_back(static_cast<std::uint32_t>(i));
        // Every word of `lowered` is followed by its padding at least.
        const std::string_view lw =
            same_offsets ? std::string_view(lowered.data() + tk.start, len) : lower_tok(i);
        std::uint32_t f = lex.flags_padded(lw);
        // "carl-johan", "ulla-britt": a double first name of listed first names.
        if (tk.has_hyphen && f == 0 && lw.size() >= 5) {
            const auto h = lw.find('-');
            if (h != std::string_view::npos && h >= 2 && lw.size() - h > 2 &&
                lw.find('-', h + 1) == std::string_view::npos &&
                (lex.flags_padded(lw.substr(0, h)) & kFirstName) != 0 &&
                (lex.flags_padded(lw.substr(h + 1)) & kFirstName) != 0)
                f = kFirstName;
        }
        // Genitive: "Noahs", "Annas"; also "Anna-Karins".
        std::uint32_t g = 0;
        if (lw.size() > 2 && lw.back() == 's' && (f & (kFirstName | kSurname)) == 0)
            g = lex.flags_padded(lw.substr(0, lw.size() - 1)) & (kFirstName | kSurname | kOrdinary);
        flags[i] = f;
        gflags[i] = g;
        if (((f | g) & kFirstName) != 0) first_names.push_back(static_cast<std::uint32_t>(i));
        any_flags |= f;
    }
    mark_shouting(words, caps);
    allowed.clear();
}

void Scan::mark_shouting(std::size_t all_words, std::size_t all_caps) {
    const std::size_t n = tokens.size();
    shouting.assign(n, 0);
    // Seven in ten of three or more words take at least three words in capitals, in a
    // line or in the text: with fewer, nothing shouts.
    if (all_caps < 3) return;
    const bool text_shouts = all_words >= 3 && all_caps * 10 >= all_words * 7;
    std::size_t line_start = 0;
    std::size_t words = 0;
    std::size_t caps = 0;
    auto close = [&](std::size_t end) {
        const bool shout = words >= 3 ? caps * 10 >= words * 7 : text_shouts;
        for (std::size_t k = line_start; k < end; ++k) shouting[k] = shout ? 1 : 0;
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && tokens[i].newline_before) {
            close(i);
            line_start = i;
            words = caps = 0;
        }
        if (tokens[i].has_letter && tokens[i].end - tokens[i].start >= 2) {
            ++words;
            if (tokens[i].all_upper) ++caps;
        }
    }
    close(n);
}

void Scan::mark_allowed(const AllowList& list) {
    allowed.assign(tokens.size(), 0);
    std::vector<std::string_view> words;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!tokens[i].has_letter) continue;
        // The words from i on, up to the end of the line (terms do not span lines).
        words.clear();
        for (std::size_t k = i; k < tokens.size() && words.size() < 8; ++k) {
            if (k > i && tokens[k].newline_before) break;
            words.push_back(lower_tok(k));
        }
        const std::size_t n = list.match(words);
        for (std::size_t k = 0; k < n; ++k) allowed[i + k] = 1;
    }
}

std::size_t Scan::token_at_or_after(std::size_t pos) const {
    // Tokens spread evenly enough over a text that the index its mean density gives is
    // most often a step or two away; the binary search is left for texts where it is not.
    const std::size_t n = tokens.size();
    if (n == 0 || pos > text.size()) return n;
    std::size_t k = pos * n / (text.size() + 1);
    auto start = [&](std::size_t i) { return tokens[i].start; };
    if (start(k) < pos) {
        for (int step = 0; step < 4; ++step) {
            if (++k == n || start(k) >= pos) return k;
        }
        return static_cast<std::size_t>(
            std::lower_bound(tokens.begin() + static_cast<std::ptrdiff_t>(k), tokens.end(), pos,
                             [](const Token& a, std::size_t p) { return a.start < p; }) -
            tokens.begin());
    }
    for (int step = 0; step < 4; ++step) {
        if (k == 0 || start(k - 1) < pos) return k;
        --k;
    }
    return static_cast<std::size_t>(
        std::lower_bound(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(k), pos,
                         [](const Token& a, std::size_t p) { return a.start < p; }) -
        tokens.begin());
}

bool Scan::label_before(std::size_t pos, std::size_t n, std::uint32_t flag) const {
    std::size_t k = token_at_or_after(pos);
    for (std::size_t steps = 0; k > 0 && steps < n; --k, ++steps) {
        if ((flags[k - 1] & flag) != 0) return true;
        if (tokens[k - 1].newline_before) break;
    }
    return false;
}

bool Scan::word_before(std::size_t pos, std::size_t n,
                       std::initializer_list<std::string_view> words) const {
    std::size_t k = token_at_or_after(pos);
    for (std::size_t steps = 0; k > 0 && steps < n; --k, ++steps) {
        if (tokens[k - 1].end - tokens[k - 1].start > 40) continue;
        const std::string_view buf = lower_tok(k - 1);
        // Labels are often written with a trailing period or colon: "reg.nr", "pnr:".
        for (auto w : words) {
            if (buf == w) return true;
        }
        if (tokens[k - 1].newline_before) break;
    }
    // "reg.nr" and "pers.nr" tokenize as two words; check the raw text too.
    if (std::none_of(words.begin(), words.end(),
                     [](std::string_view w) { return w.find('.') != std::string_view::npos; }))
        return false;
    std::size_t from = pos > 24 ? pos - 24 : 0;
    while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0u) == 0x80u) --from;
    const std::string_view raw = text.substr(from, pos - from);
    // Lower-casing makes a '.' of nothing but a '.', so without one there is no match.
    if (raw.find('.') == std::string_view::npos) return false;
    std::string relowered;
    const std::string_view window = loff.empty()
                                        ? std::string_view(lowered).substr(from, pos - from)
                                        : std::string_view(relowered = lower(raw));
    for (auto w : words) {
        if (w.find('.') != std::string_view::npos && window.find(w) != std::string_view::npos)
            return true;
    }
    return false;
}

std::string_view Scan::next_word(std::size_t pos) const {
    std::size_t i = pos;
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t k = token_at_or_after(i);
    if (k >= tokens.size() || tokens[k].start != i || tokens[k].end - tokens[k].start > 40)
        return {};
    return lower_tok(k);
}

}  // namespace detail

struct Redactor::Impl {
    detail::Lexicon lexicon;
    // The operator's allow-list, swapped whole under the mutex; find() copies the pointer.
    mutable std::mutex allow_mutex;
    std::shared_ptr<const AllowList> allow = std::make_shared<const AllowList>();
    explicit Impl(const RedactorOptions& o)
        : lexicon(o.hunspell_aff, o.hunspell_dic, o.require_hunspell) {}
    std::shared_ptr<const AllowList> allow_list() const {
        const std::lock_guard lock(allow_mutex);
        return allow;
    }
};

Redactor::Redactor(const RedactorOptions& options) : impl_(std::make_unique<Impl>(options)) {}

void Redactor::set_allow_list(AllowList list) {
    auto p = std::make_shared<const AllowList>(std::move(list));
    const std::lock_guard lock(impl_->allow_mutex);
    impl_->allow = std::move(p);
}

std::shared_ptr<const AllowList> Redactor::allow_list() const {
    return impl_->allow_list();
}

bool Redactor::is_known_word(std::string_view lower_word) const {
    const auto& lex = impl_->lexicon;
    if (!lex.has_hunspell() || lower_word.empty() || !is_valid_utf8(lower_word)) return false;
    // Hunspell takes numbers as words; a known word is letters (a hyphen inside) only.
    for (const char ch : lower_word) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'))
            return false;
    }
    if ((lex.flags(lower_word) & (detail::kFirstName | detail::kSurname)) != 0) return false;
    return lex.is_ordinary(lower_word);
}
std::vector<QuasiIdentifier> Redactor::find_quasi_identifiers(std::string_view text) const {
    if (!is_valid_utf8(text)) throw InvalidUtf8("moderation: input is not valid UTF-8");
    const detail::Lexicon::RejectedWordsScope rejected_words;
    return detail::find_quasi(text, impl_->lexicon);
}

std::optional<IdentifyingWarning> Redactor::identifying_combination(std::string_view text) const {
    auto parts = find_quasi_identifiers(text);
    std::size_t kinds = 0;
    for (const auto k : {QuasiKind::locality, QuasiKind::child_age, QuasiKind::institution,
                         QuasiKind::diagnosis, QuasiKind::workplace})
        if (std::any_of(parts.begin(), parts.end(),
                        [&](const QuasiIdentifier& q) { return q.kind == k; }))
            ++kinds;
    if (kinds < 2) return std::nullopt;
    IdentifyingWarning w;
    w.message = detail::quasi_message(parts);
    w.parts = std::move(parts);
    return w;
}

std::string_view quasi_kind_name(QuasiKind kind) {
    switch (kind) {
        case QuasiKind::locality:
            return "locality";
        case QuasiKind::child_age:
            return "child_age";
        case QuasiKind::institution:
            return "institution";
        case QuasiKind::diagnosis:
            return "diagnosis";
        case QuasiKind::workplace:
            return "workplace";
    }
    return "unknown";
}

std::string_view quasi_kind_label(QuasiKind kind) {
    switch (kind) {
        case QuasiKind::locality:
            return "liten ort";
        case QuasiKind::child_age:
            return "barnets exakta ålder";
        case QuasiKind::institution:
            return "skola eller boende";
        case QuasiKind::diagnosis:
            return "sällsynt diagnos";
        case QuasiKind::workplace:
            return "arbetsplats";
    }
    return "uppgift";
}

Redactor::~Redactor() = default;
Redactor::Redactor(Redactor&&) noexcept = default;
Redactor& Redactor::operator=(Redactor&&) noexcept = default;

std::vector<Finding> Redactor::find(std::string_view text) const {
    // Scan checks the text as UTF-8 (and throws InvalidUtf8) before anything reads it.
    // Per-thread scratch buffers: find() stays const and thread-safe, and a call reuses
    // the capacity of the last one on its thread instead of allocating it again.
    thread_local detail::Scan::Buffers buffers;
    const detail::Lexicon::RejectedWordsScope rejected_words;
    detail::Scan scan(text, impl_->lexicon, buffers);
    const auto allow = impl_->allow_list();
    if (!allow->empty()) scan.mark_allowed(*allow);
    detail::find_emails(scan);
    detail::find_urls(scan);
    detail::find_ips(scan);
    detail::find_personnummer(scan);
    detail::find_bank(scan);
    detail::find_case_numbers(scan);
    detail::find_plates(scan);
    detail::find_addresses(scan);
    detail::find_postal_codes(scan);
    detail::find_phones(scan);
    detail::find_names(scan);

    // Resolve overlaps: the surest candidate wins, then the longer one; the rest that
    // overlap an accepted one are dropped.
    auto& c = scan.out;
    if (!scan.allowed.empty()) {
        // A candidate whose every word the allow-list covers is dropped ("Soctanterna").
        std::erase_if(c, [&](const detail::Candidate& cand) {
            bool any = false;
            for (std::size_t k = scan.token_at_or_after(cand.start);
                 k < scan.tokens.size() && scan.tokens[k].start < cand.end; ++k) {
                if (!scan.allowed[k]) return false;
                any = true;
            }
            return any;
        });
    }
    std::sort(c.begin(), c.end(), [](const detail::Candidate& a, const detail::Candidate& b) {
        if (a.confidence != b.confidence) return a.confidence > b.confidence;
        if (a.end - a.start != b.end - b.start) return a.end - a.start > b.end - b.start;
        return a.start < b.start;
    });
    std::vector<detail::Candidate> kept;
    for (const auto& cand : c) {
        const bool overlaps = std::any_of(
            kept.begin(), kept.end(),
            [&](const detail::Candidate& k) { return cand.start < k.end && k.start < cand.end; });
        if (!overlaps) kept.push_back(cand);
    }
    std::sort(kept.begin(), kept.end(),
              [](const auto& a, const auto& b) { return a.start < b.start; });
    std::vector<Finding> findings;
    findings.reserve(kept.size());
    for (const auto& k : kept) {
        findings.push_back(Finding{k.type, k.start, k.end,
                                   std::string(text.substr(k.start, k.end - k.start)),
                                   std::min(1.0, std::max(0.0, k.confidence))});
    }
    scan.release(buffers);
    return findings;
}

std::string Redactor::redact(std::string_view text) const {
    // Replacing a finding can change the context of its neighbours (a number that was
    // part of a longer one now stands alone), so redact until nothing new is found.
    // Each pass only replaces text by placeholders, which no detector matches, so this
    // converges; the cap bounds adversarial input.
    std::string out = apply_findings(text, find(text));
    for (int pass = 0; pass < 8; ++pass) {
        const auto more = find(out);
        if (more.empty()) break;
        out = apply_findings(out, more);
    }
    return out;
}

namespace {
bool boundary(std::string_view t, std::size_t i) {
    return i == 0 || i >= t.size() || (static_cast<unsigned char>(t[i]) & 0xC0u) != 0x80u;
}
}  // namespace

std::string apply_findings(std::string_view text, std::span<const Finding> accepted) {
    std::vector<const Finding*> order;
    order.reserve(accepted.size());
    for (const auto& f : accepted) {
        if (f.start >= f.end || f.end > text.size()) {
            throw std::invalid_argument("moderation: finding range outside the text or empty");
        }
        if (!boundary(text, f.start) || !boundary(text, f.end)) {
            throw std::invalid_argument("moderation: finding range splits a UTF-8 character");
        }
        order.push_back(&f);
    }
    std::sort(order.begin(), order.end(), [](const Finding* a, const Finding* b) {
        return a->start != b->start ? a->start < b->start : a->end > b->end;
    });
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    for (std::size_t i = 0; i < order.size();) {
        const Finding* f = order[i];
        std::size_t end = f->end;
        std::size_t j = i + 1;
        while (j < order.size() && order[j]->start <= end) {
            end = std::max(end, order[j]->end);
            ++j;
        }
        out.append(text.substr(pos, f->start - pos));
        out.append(placeholder(f->type));
        pos = end;
        i = j;
    }
    out.append(text.substr(pos));
    return out;
}

}  // namespace radfraga::moderation

#include <ostream>
namespace radfraga::moderation {
std::ostream& operator<<(std::ostream& os, FindingType type) {
    return os << type_name(type);
}
}  // namespace radfraga::moderation
