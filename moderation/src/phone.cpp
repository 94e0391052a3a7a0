// Phone numbers: a cheap scan finds digit runs that could be Swedish or international
// numbers; only those short windows go to libphonenumber's PhoneNumberMatcher (region
// SE, leniency VALID), so the matcher's regular expressions never see the whole text.
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "moderation/src/detectors.hpp"

namespace radfraga::moderation::detail {

namespace {

using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

// Length in bytes of a separator inside a written phone number at i, or 0.
std::size_t sep_len(std::string_view t, std::size_t i) {
    const char c = t[i];
    if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') return 1;
    if (t.substr(i, 2) == "\xC2\xA0") return 2;  // NBSP
    if (t.substr(i, 3) == "\xE2\x80\x93" || t.substr(i, 3) == "\xE2\x80\x94")
        return 3;  // en/em dash
    if (t.substr(i, 3) == "\xE2\x80\x90" || t.substr(i, 3) == "\xE2\x80\x91") return 3;  // hyphens
    return 0;
}

}  // namespace

namespace {
// Bit n is set when Parse strips the trunk '0' from a national number that leaves n
// digits: it keeps the '0' when n is not a possible length of a Swedish number. Asked of
// libphonenumber itself once, so the rule follows its metadata.
std::uint32_t stripped_lengths() {
    static const std::uint32_t lengths = [] {
        const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
        std::uint32_t bits = 0;
        for (std::size_t n = 6; n <= 14; ++n) {
            i18n::phonenumbers::PhoneNumber num;
            if (util.Parse("01" + std::string(n - 1, '2'), "SE", &num) ==
                    PhoneNumberUtil::NO_PARSING_ERROR &&
                num.country_code() == 46 && !num.italian_leading_zero())
                bits |= 1u << n;
        }
        return bits;
    }();
    return lengths;
}
}  // namespace

std::uint64_t se_national_number(std::string_view window) {
    if (window.empty() || window[0] != '0') return 0;
    std::uint64_t value = 0;
    int digits = 0;
    for (const char ch : window.substr(1)) {
        if (!is_ascii_digit(ch)) continue;
        if (digits == 0 && ch == '0') return 0;
        value = value * 10 + static_cast<std::uint64_t>(ch - '0');
        ++digits;
    }
    const bool stripped = digits >= 6 && digits <= 14 && ((stripped_lengths() >> digits) & 1u) != 0;
    return stripped && is_ascii_digit(window.back()) ? value : 0;
}

namespace {

// Public and non-personal numbers: helplines, authorities, free-phone and premium
// ranges. `national` is the number with its leading 0, digits only.
bool is_public(const Lexicon& lex, const std::string& national) {
    if (lex.is_public_number(national)) return true;
    static constexpr std::string_view service_prefixes[] = {"020",  "0200", "0900", "0939",
                                                            "0944", "0718", "0713"};
    for (auto p : service_prefixes) {
        if (national.starts_with(p)) return true;
    }
    return false;
}

// A shared-cost 077x number that is on no public list: a company's or a caller's that
// the asker quotes ("ett sms från 0771-10 20 30"). Proposed, but as uncertain, since
// authorities not listed use the range too.
bool unlisted_service(const std::string& national) {
    return national.starts_with("077");
}

// A Swedish national number as dialled at home: "0" and the national significant
// number. Appended, not `"0" + std::to_string(n)`, which trips GCC 12's -Wrestrict false
// positive (bug 105329) in release builds.
std::string with_trunk_zero(std::uint64_t national_number) {
    std::string out = "0";
    out += std::to_string(national_number);
    return out;
}

std::string national_digits(std::string_view raw) {
    std::string d;
    for (char c : raw) {
        if (is_ascii_digit(c)) d.push_back(c);
    }
    const bool plus = !raw.empty() && raw.front() == '+';
    // Rewritten in place: `"0" + d.substr(n)` trips GCC 12's -Wrestrict false positive
    // (bug 105329) in release builds.
    if (plus && d.starts_with("46")) {
        d.replace(0, 2, "0");
        return d;
    }
    if (d.starts_with("0046")) {
        d.replace(0, 4, "0");
        return d;
    }
    // "+46 (0)70 ..." leaves "0460..." after the plus branch above; handle "46 0".
    return d;
}

// The digits a number word stands for ("sju" 1, "femtiotvå" 2, "tolv" 2), or 0 if it is
// none. Sets `zero` for "noll".
int number_word_digits(std::string_view w, bool& zero) {
    static constexpr std::string_view kUnits[] = {"noll", "ett", "en",  "två",  "tre", "fyra",
                                                  "fem",  "sex", "sju", "åtta", "nio"};
    static constexpr std::string_view kTeens[] = {"tio",     "elva",   "tolv",   "tretton",
                                                  "fjorton", "femton", "sexton", "sjutton",
                                                  "arton",   "nitton"};
    static constexpr std::string_view kTens[] = {"tjugo",  "trettio", "fyrtio", "femtio",
                                                 "sextio", "sjuttio", "åttio",  "nittio"};
    zero = w == "noll";
    for (auto u : kUnits)
        if (w == u) return 1;
    for (auto u : kTeens)
        if (w == u) return 2;
    for (auto u : kTens) {
        if (!w.starts_with(u)) continue;
        const std::string_view rest = w.substr(u.size());
        if (rest.empty()) return 2;
        for (std::size_t k = 1; k < std::size(kUnits); ++k)
            if (rest == kUnits[k] && rest != "en") return 2;
    }
    return 0;
}

// A phone number written in words so that a reader cannot copy it ("noll sju sex – tre
// nio åtta – femtiotvå fyrtiofyra"): number words in a row from "noll" (a Swedish number
// starts with its trunk zero), separated by spaces, dashes or commas, that make 8 to 12
// digits. No sentence lists that many number words from zero otherwise.
void find_phone_words(Scan& s) {
    const auto t = s.text;
    const auto& tk = s.tokens;
    std::size_t next = 0;  // the first token a number may start at
    for (const std::size_t k : s.noll_words) {
        if (k < next || s.lower_tok(k) != "noll") continue;
        bool zero = false;
        std::size_t digits = 0;
        std::size_t e = k;
        while (e < tk.size()) {
            if (e > k) {
                bool ok = true;
                for (std::size_t q = tk[e - 1].end; q < tk[e].start && ok;) {
                    const std::size_t l = sep_len(t, q);
                    ok = l != 0 || t[q] == ',';
                    q += l == 0 ? 1 : l;
                }
                if (!ok || tk[e].start - tk[e - 1].end > 5) break;
            }
            const int d = number_word_digits(s.lower_tok(e), zero);
            if (d == 0) break;
            digits += static_cast<std::size_t>(d);
            ++e;
        }
        if (digits >= 8 && digits <= 12) {
            s.add(FindingType::phone, tk[k].start, tk[e - 1].end, 0.8);
            next = e;
        }
    }
}

// Reads one number from a window as Parse(window, "SE") does, directly when it is written
// the Swedish way at home (see se_national_number). False if Parse fails.
bool read_number(const PhoneNumberUtil& util, const std::string& window,
                 i18n::phonenumbers::PhoneNumber& num) {
    if (const std::uint64_t nsn = se_national_number(window); nsn != 0) {
        num.set_country_code(46);
        num.set_national_number(nsn);
        return true;
    }
    return util.Parse(window, "SE", &num) == PhoneNumberUtil::NO_PARSING_ERROR;
}

// "08-508 00 508 (växeln)", "Växel: 0771-…": a switchboard is an organisation's number,
// never a person's, so a number labelled so right before or after is not proposed.
bool switchboard_near(const Scan& s, std::size_t start, std::size_t end) {
    auto label = [&](std::size_t k) {
        const std::string_view w = s.lower_tok(k);
        return w.starts_with("växel") || w == "vxl" || w == "vx";
    };
    const std::size_t after = s.token_at_or_after(end);
    for (std::size_t k = after; k < s.tokens.size() && k < after + 2; ++k) {
        if (s.tokens[k].newline_before) break;
        if (label(k)) return true;
    }
    const std::size_t at = s.token_at_or_after(start);
    for (std::size_t k = at, steps = 0; k > 0 && steps < 2; --k, ++steps) {
        if (label(k - 1)) return true;
        if (s.tokens[k - 1].newline_before) break;
    }
    return false;
}

}  // namespace

void find_phones(Scan& s) {
    find_phone_words(s);
    const std::size_t first = s.out.size();
    const auto t = s.text;
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    // A number starts at a '0', or at a '+' or '(' right before a digit.
    DigitCursor cursor(s);
    auto next_candidate = [&](std::size_t p) {
        const std::size_t d = cursor.next(p);
        if (d >= t.size()) return t.size();
        if (d > p && (t[d - 1] == '+' || t[d - 1] == '(')) return d - 1;
        return d;
    };
    for (std::size_t i = next_candidate(0); i < t.size(); i = next_candidate(i + 1)) {
        const char c = t[i];
        const bool plus = c == '+' && i + 1 < t.size() && is_ascii_digit(t[i + 1]);
        const bool paren = c == '(' && i + 1 < t.size() && t[i + 1] == '0';
        // "46739410078", "46 70 123 45 67": the international form with its "+" left out.
        // Only Sweden's country code is read so, and only as a whole valid number.
        const bool bare46 = c == '4' && i + 1 < t.size() && t[i + 1] == '6';
        if (!(plus || paren || bare46 || c == '0')) continue;
        if (!alnum_boundary_before(t, i)) continue;
        if (i >= 2 && is_ascii_digit(t[i - 2]) &&
            (t[i - 1] == '-' || t[i - 1] == '/' || t[i - 1] == '.' || t[i - 1] == ',' ||
             t[i - 1] == ' '))
            continue;  // inside a longer number
        // Collect the window: digits and separators, at most 15 digits.
        std::size_t j = i + (plus || paren ? 1 : 0);
        int digits = 0;
        std::size_t last_digit_end = j;
        int seps_in_row = 0;
        while (j < t.size()) {
            if (is_ascii_digit(t[j])) {
                ++digits;
                ++j;
                last_digit_end = j;
                seps_in_row = 0;
                if (digits > 15) break;
                continue;
            }
            // " / " between two numbers ("021-41 88 02 / 072 550 61 19") separates them:
            // no one number is written with a spaced slash inside.
            if (t[j] == '/' && j > 0 && t[j - 1] == ' ' && j + 1 < t.size() && t[j + 1] == ' ')
                break;
            const std::size_t l = sep_len(t, j);
            if (l == 0 || ++seps_in_row > 3) break;
            j += l;
        }
        const std::size_t end = last_digit_end;
        if (digits < 7 || digits > 15 || !alnum_boundary_after(t, end)) {
            i = std::max(i, end > 0 ? end - 1 : i);
            continue;
        }
        const std::string window(t.substr(i, end - i));
        if (bare46) {
            i18n::phonenumbers::PhoneNumber num;
            // No trunk "0" follows a country code, and "460312-1234" is a personnummer.
            if (digits >= 10 && digits <= 12 && window[2] != '0' &&
                !(window.size() > 6 && window[6] == '-') &&
                util.Parse("+" + window, "SE", &num) == PhoneNumberUtil::NO_PARSING_ERROR &&
                num.country_code() == 46 && util.IsValidNumber(num) &&
                !is_public(s.lex, with_trunk_zero(num.national_number())) &&
                !is_amount_unit(s.next_word(end)) &&
                !s.word_before(i, 3,
                               {"faktura", "fakturanr", "fakturanummer", "ocr", "ocr-nummer",
                                "ordernummer", "ordernr", "kundnummer", "kundnr", "org", "orgnr",
                                "organisationsnummer", "avtalsnummer"}))
                s.add(FindingType::phone, i, end, 0.8);
            i = end - 1;
            continue;
        }
        bool found = false;
        // Fast path: most windows are exactly one number. Parsing it with the util (whose
        // regular expressions are compiled once) and checking validity is what the
        // matcher's VALID leniency does, without compiling the matcher's own patterns for
        // every window. Anything else (two numbers in a window, an invalid one) goes to
        // the matcher as before.
        if (window.find('/') == std::string::npos) {
            // A listed public number written with its trunk zero is one valid number
            // (tests/moderation checks each with libphonenumber), so parsing it would only
            // end in "public, not proposed": skip the parse (~150 000 instructions).
            if (c == '0' && window[1] != '0' && s.lex.is_public_number(national_digits(window))) {
                i = end - 1;
                continue;
            }
            i18n::phonenumbers::PhoneNumber num;
            if (read_number(util, window, num) && util.IsValidNumber(num)) {
                const std::string national = num.country_code() == 46
                                                 ? with_trunk_zero(num.national_number())
                                                 : national_digits(window);
                found = true;
                if (!is_public(s.lex, national) && !is_amount_unit(s.next_word(end)))
                    s.add(FindingType::phone, i, end, unlisted_service(national) ? 0.6 : 0.9);
                i = end - 1;
                continue;
            }
        }
        PhoneNumberMatcher matcher(util, window, "SE", PhoneNumberMatcher::VALID, 10);
        while (matcher.HasNext()) {
            PhoneNumberMatch m;
            if (!matcher.Next(&m)) break;
            const auto raw = m.raw_string();
            const auto off = window.find(raw);
            if (off == std::string::npos) continue;
            std::string national;
            if (m.number().country_code() == 46) {
                national = with_trunk_zero(m.number().national_number());
            } else {
                national = national_digits(raw);
            }
            if (is_public(s.lex, national)) {
                found = true;
                continue;
            }
            const std::size_t a = i + off;
            const std::size_t b = a + raw.size();
            if (is_amount_unit(s.next_word(b))) continue;
            s.add(FindingType::phone, a, b, unlisted_service(national) ? 0.6 : 0.9);
            found = true;
        }
        if (!found) {
            // libphonenumber rejects it; a mobile number with a typo or an odd grouping
            // is still worth proposing.
            const std::string nat = national_digits(window);
            const bool mobile = nat.starts_with("07") && nat.size() >= 9 && nat.size() <= 11;
            const bool intl =
                (c == '+' || window.starts_with("00")) && nat.size() >= 9 && nat.size() <= 13;
            if ((mobile || intl) && !is_public(s.lex, nat) && !is_amount_unit(s.next_word(end)))
                s.add(FindingType::phone, i, end, 0.55);
        }
        i = end - 1;
    }
    // A switchboard's number is no one's: every reading of it goes (a personnummer in
    // odd groups or a case number over the same digits too).
    std::vector<std::pair<std::size_t, std::size_t>> boards;
    for (std::size_t k = first; k < s.out.size(); ++k) {
        const Candidate& c = s.out[k];
        if (c.type == FindingType::phone && switchboard_near(s, c.start, c.end))
            boards.emplace_back(c.start, c.end);
    }
    if (boards.empty()) return;
    std::erase_if(s.out, [&](const Candidate& c) {
        return std::any_of(boards.begin(), boards.end(),
                           [&](const auto& b) { return c.start < b.second && b.first < c.end; });
    });
}

}  // namespace radfraga::moderation::detail
