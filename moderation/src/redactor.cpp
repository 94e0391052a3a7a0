#include "moderation/redactor.hpp"

#include <algorithm>

#include "core/utf8.hpp"
#include "moderation/src/detectors.hpp"
#include "moderation/src/lexicon.hpp"

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

std::string_view type_name(FindingType type) { return info(type).name; }
std::string_view placeholder(FindingType type) { return info(type).placeholder; }
std::optional<FindingType> parse_type(std::string_view name) {
    for (const auto& i : kTypes) {
        if (i.name == name) return i.type;
    }
    return std::nullopt;
}

namespace detail {

Scan::Scan(std::string_view t, const Lexicon& l) : text(t), lex(l), tokens(tokenize(t)) {
    const std::size_t n = tokens.size();
    flags.assign(n, 0);
    gflags.assign(n, 0);
    loff.resize(n + 1);
    // Lower-case every token into one buffer. Lower-casing never changes the byte length
    // of the letters to_lower() handles except for a few (İ -> i), so reserve generously.
    lowered.reserve(t.size() + 16);
    for (std::size_t i = 0; i < n; ++i) {
        const Token& tk = tokens[i];
        loff[i] = static_cast<std::uint32_t>(lowered.size());
        const std::string_view w = t.substr(tk.start, tk.end - tk.start);
        bool ascii = true;
        for (char c : w) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        if (ascii) {
            const std::size_t at = lowered.size();
            lowered.append(w);
            for (std::size_t k = at; k < lowered.size(); ++k) lowered[k] = ascii_lower(lowered[k]);
        } else {
            for (std::size_t k = 0; k < w.size();) {
                const auto b0 = static_cast<unsigned char>(w[k]);
                if (b0 < 0x80) {
                    lowered.push_back(ascii_lower(w[k]));
                    ++k;
                    continue;
                }
                if (b0 == 0xC3 && k + 1 < w.size()) {  // Latin-1: å ä ö é ü ... (Å = C3 85 -> å = C3 A5)
                    const auto b1 = static_cast<unsigned char>(w[k + 1]);
                    lowered.push_back(w[k]);
                    lowered.push_back(static_cast<char>(b1 >= 0x80 && b1 <= 0x9E && b1 != 0x97 ? b1 + 0x20 : b1));
                    k += 2;
                    continue;
                }
                std::size_t len = 1;
                const char32_t cp = decode(w, k, len);
                append_utf8(lowered, to_lower(cp));
                k += len;
            }
        }
        if (!tk.has_letter || tk.end - tk.start > 64) continue;
        const std::string_view lw = std::string_view(lowered).substr(loff[i]);
        flags[i] = lex.flags(lw);
        // Genitive: "Noahs", "Annas"; also "Anna-Karins".
        if (lw.size() > 2 && lw.back() == 's' && (flags[i] & (kFirstName | kSurname)) == 0) {
            gflags[i] = lex.flags(lw.substr(0, lw.size() - 1)) & (kFirstName | kSurname | kOrdinary);
        }
    }
    loff[n] = static_cast<std::uint32_t>(lowered.size());
}

std::size_t Scan::token_at_or_after(std::size_t pos) const {
    auto it = std::lower_bound(tokens.begin(), tokens.end(), pos, [](const Token& a, std::size_t p) { return a.start < p; });
    return static_cast<std::size_t>(it - tokens.begin());
}

bool Scan::label_before(std::size_t pos, std::size_t n, std::uint32_t flag) const {
    std::size_t k = token_at_or_after(pos);
    for (std::size_t steps = 0; k > 0 && steps < n; --k, ++steps) {
        if ((flags[k - 1] & flag) != 0) return true;
        if (tokens[k - 1].newline_before) break;
    }
    return false;
}

bool Scan::word_before(std::size_t pos, std::size_t n, std::initializer_list<std::string_view> words) const {
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
    if (std::none_of(words.begin(), words.end(), [](std::string_view w) { return w.find('.') != std::string_view::npos; }))
        return false;
    std::size_t from = pos > 24 ? pos - 24 : 0;
    while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0u) == 0x80u) --from;
    const std::string window = lower(text.substr(from, pos - from));
    for (auto w : words) {
        if (w.find('.') != std::string_view::npos && window.find(w) != std::string::npos) return true;
    }
    return false;
}

std::string_view Scan::next_word(std::size_t pos) const {
    std::size_t i = pos;
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t k = token_at_or_after(i);
    if (k >= tokens.size() || tokens[k].start != i || tokens[k].end - tokens[k].start > 40) return {};
    return lower_tok(k);
}

}  // namespace detail

struct Redactor::Impl {
    detail::Lexicon lexicon;
    explicit Impl(const RedactorOptions& o) : lexicon(o.hunspell_aff, o.hunspell_dic, o.require_hunspell) {}
};

Redactor::Redactor(const RedactorOptions& options) : impl_(std::make_unique<const Impl>(options)) {}
Redactor::~Redactor() = default;
Redactor::Redactor(Redactor&&) noexcept = default;
Redactor& Redactor::operator=(Redactor&&) noexcept = default;

std::vector<Finding> Redactor::find(std::string_view text) const {
    if (!is_valid_utf8(text)) throw InvalidUtf8("moderation: input is not valid UTF-8");
    detail::Scan scan(text, impl_->lexicon);
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
    std::sort(c.begin(), c.end(), [](const detail::Candidate& a, const detail::Candidate& b) {
        if (a.confidence != b.confidence) return a.confidence > b.confidence;
        if (a.end - a.start != b.end - b.start) return a.end - a.start > b.end - b.start;
        return a.start < b.start;
    });
    std::vector<detail::Candidate> kept;
    for (const auto& cand : c) {
        const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const detail::Candidate& k) {
            return cand.start < k.end && k.start < cand.end;
        });
        if (!overlaps) kept.push_back(cand);
    }
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
    std::vector<Finding> findings;
    findings.reserve(kept.size());
    for (const auto& k : kept) {
        findings.push_back(Finding{k.type, k.start, k.end, std::string(text.substr(k.start, k.end - k.start)),
                                   std::min(1.0, std::max(0.0, k.confidence))});
    }
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
std::ostream& operator<<(std::ostream& os, FindingType type) { return os << type_name(type); }
}  // namespace radfraga::moderation
