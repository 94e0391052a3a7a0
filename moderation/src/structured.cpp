// Detectors for the structured types: e-mail, URL, IP, personnummer, bank, case number,
// plate, street address, postal code. Hand-written scanners, no regular expressions:
// each starts only at a byte that can begin its form, so a pass is linear in the text.
#include <arpa/inet.h>
#include <cassert>

#include <algorithm>
#include <array>
#include <cstring>
#include <span>

#include "moderation/src/detectors.hpp"

namespace radfraga::moderation::detail {

namespace {

bool digit_at(std::string_view t, std::size_t i) {
    return i < t.size() && is_ascii_digit(t[i]);
}
bool alpha_at(std::string_view t, std::size_t i) {
    return i < t.size() && is_ascii_alpha(t[i]);
}
bool upper_at(std::string_view t, std::size_t i) {
    return i < t.size() && t[i] >= 'A' && t[i] <= 'Z';
}
std::size_t digits_from(std::string_view t, std::size_t i) {
    std::size_t j = i;
    while (j < t.size() && is_ascii_digit(t[j])) ++j;
    return j - i;
}
int num(std::string_view t, std::size_t i, std::size_t n) {
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) v = v * 10 + (t[i + k] - '0');
    return v;
}
// Skips one separator of a written number: space, NBSP, hyphen, en/em dash, with
// optional spaces around a dash. Returns the position after it, or `i` if none.
std::size_t skip_sep(std::string_view t, std::size_t i, bool allow_space = true) {
    std::size_t j = i;
    while (allow_space && j < t.size() && t[j] == ' ') ++j;
    if (j < t.size() && t[j] == '-') {
        ++j;
    } else if (t.substr(j, 3) == "\xE2\x80\x93" || t.substr(j, 3) == "\xE2\x80\x94") {
        j += 3;
    } else if (allow_space && t.substr(j, 2) == "\xC2\xA0") {
        j += 2;
    }
    while (allow_space && j < t.size() && t[j] == ' ') ++j;
    return j;
}

[[gnu::always_inline]] inline bool ends_with(std::string_view s, std::string_view suf) {
    return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

}  // namespace

bool luhn_ok(std::string_view d) {
    int sum = 0;
    bool dbl = (d.size() % 2) == 0;
    for (char c : d) {
        int v = c - '0';
        if (dbl) {
            v *= 2;
            if (v > 9) v -= 9;
        }
        sum += v;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

bool is_amount_unit(std::string_view w) {
    static constexpr std::string_view units[] = {
        "kr",       "kronor", "krona",   "sek",     "kkr",     "tkr",     "mkr",      "euro",
        "eur",      "dollar", "usd",     "st",      "stycken", "procent", "personer", "pers",
        "invånare", "m",      "km",      "mil",     "meter",   "kvm",     "m2",       "kg",
        "g",        "år",     "åring",   "månader", "mån",     "dagar",   "dygn",     "timmar",
        "tim",      "h",      "minuter", "min",     "veckor",  "gånger",  "ggr",      "barn",
        "elever",   "sidor",  "poäng",   "hp",      "kcal",    "mg",      "ml",       "cl",
        "l",        "liter",  "mb",      "gb"};
    // No unit is empty or longer than nine bytes; the first byte decides most of the rest.
    if (w.empty() || w.size() > 9) return false;
    return std::any_of(std::begin(units), std::end(units),
                       [&](std::string_view u) { return u[0] == w[0] && u == w; });
}

// ---------------------------------------------------------------- e-mail
namespace {
bool known_tld(std::string_view tld);

bool ieq(std::string_view t, std::size_t p, std::string_view word) {
    if (p + word.size() > t.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
        if (ascii_lower(t[p + k]) != word[k]) return false;
    }
    return true;
}

// The words askers type for "@" and "." to keep an address from spam robots
// ("anna punkt berg at gmail punkt com", "namn[at]doman.se", "per snabel-a telia.se").
constexpr std::string_view kAtWords[] = {"at", "a", "snabel-a", "snabela", "snabel a"};
constexpr std::string_view kDotWords[] = {"punkt", "dot", "prick"};

// Length of a written-out word from `words` in brackets at p ("(at)", "[ punkt ]",
// "{dot}"), or 0.
std::size_t bracketed_word(std::string_view t, std::size_t p,
                           std::initializer_list<std::string_view> words) {
    if (p >= t.size()) return 0;
    const char open = t[p];
    const char close = open == '('   ? ')'
                       : open == '[' ? ']'
                       : open == '{' ? '}'
                       : open == '<' ? '>'
                                     : 0;
    if (close == 0) return 0;
    std::size_t q = p + 1;
    if (q < t.size() && t[q] == ' ') ++q;
    for (std::string_view w : words) {
        if (!ieq(t, q, w)) continue;
        std::size_t e = q + w.size();
        if (e < t.size() && t[e] == ' ') ++e;
        if (e < t.size() && t[e] == close) return e + 1 - p;
    }
    return 0;
}

// A written dot between two parts of an address, starting at p: ".", " punkt ",
// " (dot) ", "[punkt]". Returns its length (0 if none) and whether it was written out.
std::size_t dot_at(std::string_view t, std::size_t p, bool& written) {
    written = false;
    if (p >= t.size()) return 0;
    if (t[p] == '.') return 1;
    std::size_t q = p;
    if (t[q] == ' ') ++q;
    if (const std::size_t b = bracketed_word(t, q, {"punkt", "dot", "prick"}); b > 0) {
        std::size_t e = q + b;
        if (e < t.size() && t[e] == ' ') ++e;
        written = true;
        return e - p;
    }
    if (q == p) return 0;
    for (std::string_view w : kDotWords) {
        if (ieq(t, q, w) && q + w.size() < t.size() && t[q + w.size()] == ' ') {
            written = true;
            return q + w.size() + 1 - p;
        }
    }
    return 0;
}

// The same, ending at byte p (for reading a local part backwards).
std::size_t dot_before(std::string_view t, std::size_t p, bool& written) {
    written = false;
    if (p == 0) return 0;
    if (t[p - 1] == '.') return 1;
    for (std::size_t len = 3; len <= 12 && len <= p; ++len) {
        bool w = false;
        if (dot_at(t, p - len, w) == len && w) {
            written = true;
            return len;
        }
    }
    return 0;
}
}  // namespace

void find_emails(Scan& s) {
    const auto t = s.text;
    auto letter_at = [&](std::size_t i, std::size_t& l) {
        l = 1;
        const char c = t[i];
        if (static_cast<unsigned char>(c) < 0x80) return is_ascii_alnum(c);
        if ((static_cast<unsigned char>(c) & 0xC0u) == 0x80u) return false;
        return is_letter(decode(t, i, l));
    };
    auto local_char = [&](std::size_t i) {
        const char c = t[i];
        return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' ||
               (static_cast<unsigned char>(c) >= 0x80 && (static_cast<unsigned char>(c) & 0xC0u) != 0x80u
                    ? [&] { std::size_t l = 1; return is_letter(decode(t, i, l)); }()
                    : (static_cast<unsigned char>(c) & 0xC0u) == 0x80u);
    };
    // Where "@" is written: the sign itself, or a word for it in brackets ("(at)",
    // "[snabel-a]") or alone between spaces (" at ", " snabel-a "). Each is [start, end)
    // with the spaces around it; `plain` for the sign.
    struct Marker {
        std::size_t start, end;
        bool plain;
    };
    std::vector<Marker> markers;
    for (std::size_t p = t.find('@'); p != std::string_view::npos; p = t.find('@', p + 1)) {
        // Also "(@)" and " @ ": the sign in brackets or between spaces.
        std::size_t a = p;
        std::size_t b = p + 1;
        if (a > 0 && b < t.size() &&
            ((t[a - 1] == '(' && t[b] == ')') || (t[a - 1] == '[' && t[b] == ']'))) {
            --a;
            ++b;
        }
        if (a > 0 && b < t.size() && t[a - 1] == ' ' && t[b] == ' ') {
            --a;
            ++b;
        }
        markers.push_back({a, b, a + 1 == b});
    }
    for (const std::size_t k : s.at_words) {
        const std::string_view w = s.lower_tok(k);
        if (w != "at" && w != "a" && w != "snabel-a" && w != "snabela" && w != "snabel") continue;
        std::size_t a = s.tokens[k].start;
        std::size_t b = s.tokens[k].end;
        if (w == "snabel") {
            if (!(b + 2 <= t.size() && t[b] == ' ' && ascii_lower(t[b + 1]) == 'a')) continue;
            b += 2;
        }
        // In brackets, with or without a space inside.
        std::size_t o = a;
        if (o > 0 && t[o - 1] == ' ') --o;
        if (o > 0) {
            const std::size_t len = bracketed_word(t, o - 1, {w == "snabel" ? "snabel a" : w});
            if (len > 0) {
                a = o - 1;
                b = a + len;
                if (a > 0 && t[a - 1] == ' ') --a;
                if (b < t.size() && t[b] == ' ') ++b;
                markers.push_back({a, b, false});
                continue;
            }
        }
        // Alone between single spaces; a lone "a" is too common a word.
        if (w == "a" || a == 0 || t[a - 1] != ' ' || b >= t.size() || t[b] != ' ') continue;
        markers.push_back({a - 1, b + 1, false});
    }
    if (markers.empty()) return;
    std::sort(markers.begin(), markers.end(),
              [](const Marker& x, const Marker& y) { return x.start < y.start; });
    std::size_t last_end = 0;
    for (const Marker& m : markers) {
        if (m.start < last_end) continue;
        // The domain: labels joined by dots, written or not.
        std::size_t b = m.end;
        std::size_t labels = 0;
        bool written_dot = false;
        std::size_t tld_start = b;
        std::size_t domain_end = b;
        while (true) {
            std::size_t e = b;
            std::size_t l = 1;
            while (e < t.size() && (letter_at(e, l) || t[e] == '-' || t[e] == '_')) e += l;
            if (e == b) break;
            ++labels;
            tld_start = b;
            domain_end = e;
            bool w = false;
            const std::size_t d = dot_at(t, e, w);
            if (d == 0) break;
            std::size_t l2 = 1;
            if (e + d >= t.size() || !letter_at(e + d, l2)) break;
            written_dot = written_dot || w;
            b = e + d;
        }
        if (labels < 2) continue;
        const auto tld = t.substr(tld_start, domain_end - tld_start);
        const bool tld_alpha = tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), [](char c) {
                                   return is_ascii_alpha(c);
                               });
        // A written-out "@" or "." is trusted only before a top-level domain we know.
        if (!tld_alpha || ((!m.plain || written_dot) && !known_tld(tld))) continue;
        // The local part, read backwards: a run of address characters, and for written-
        // out forms further runs joined by written dots ("anna punkt berg at ...").
        std::size_t a = m.start;
        for (int part = 0; part < 4; ++part) {
            std::size_t q = a;
            while (q > last_end && local_char(q - 1)) --q;
            if (q == a) break;
            a = q;
            bool w = false;
            const std::size_t d = dot_before(t, a, w);
            if (!w || a < last_end + d + 1) break;
            if (!local_char(a - d - 1)) break;
            a -= d;
        }
        while (a < m.start && (t[a] == '.' || (static_cast<unsigned char>(t[a]) & 0xC0u) == 0x80u))
            ++a;
        if (a >= m.start || !alnum_boundary_before(t, a)) continue;
        s.add(FindingType::email, a, domain_end, m.plain && !written_dot ? 0.99 : 0.9);
        last_end = domain_end;
    }
}

// ---------------------------------------------------------------- URL
namespace {
bool known_tld(std::string_view tld) {
    static constexpr std::string_view tlds[] = {
        "se", "com", "nu",     "net",  "org",    "io",   "me",  "tv",   "fi",   "no",   "dk",
        "de", "eu",  "info",   "biz",  "co",     "uk",   "app", "blog", "page", "link", "ly",
        "gg", "xyz", "online", "site", "live",   "ai",   "fm",  "to",   "cc",   "ws",   "us",
        "ca", "be",  "nl",     "fr",   "es",     "it",   "pl",  "ru",   "tr",   "ir",   "so",
        "ba", "rs",  "hr",     "at",   "ch",     "is",   "ee",  "lt",   "lv",   "ua",   "gr",
        "pt", "int", "gov",    "edu",  "social", "chat", "art"};
    std::string l;
    for (char c : tld) l.push_back(ascii_lower(c));
    return std::find(std::begin(tlds), std::end(tlds), l) != std::end(tlds);
}
bool host_char(char c) {
    return is_ascii_alnum(c) || c == '-' || c == '.' || c == '_';
}
bool path_char(std::string_view t, std::size_t i) {
    const char c = t[i];
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>' || c == '\'' ||
        c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|' ||
        c == '\\' || c == '^' || c == '`')
        return false;
    if (static_cast<unsigned char>(c) >= 0x80) {
        std::size_t l = 1;
        const char32_t cp = decode(t, i, l);
        return is_letter(cp);
    }
    return true;
}
}  // namespace

namespace {
bool handle_char(char c) {
    return is_ascii_alnum(c) || c == '_' || c == '.';
}

// A social-media handle read from byte p: letters, digits, '_' and '.', without a
// trailing dot. Returns its end (p if none).
std::size_t handle_end(std::string_view t, std::size_t p) {
    std::size_t e = p;
    while (e < t.size() && handle_char(t[e]) && e - p < 31) ++e;
    while (e > p && t[e - 1] == '.') --e;
    return e;
}

// Social-media handles: "@kingzz_07" (an '@' that does not follow the local part of an
// e-mail address), and a bare handle near a platform word ("min snap är sanna.k.2009",
// "heter lilla_my07 på tiktok"). A bare handle must look like one, with a digit, an
// underscore or an inner dot, so a plain word or name next to "snap" is left alone.
void find_handles(Scan& s) {
    const auto t = s.text;
    for (std::size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
        if (at > 0 && (handle_char(t[at - 1]) || t[at - 1] == '-')) continue;  // an e-mail
        const std::size_t e = handle_end(t, at + 1);
        if (e - at < 3 || (e < t.size() && (t[e] == '@' || is_ascii_alnum(t[e])))) continue;
        const std::string_view h = t.substr(at + 1, e - at - 1);
        if (std::none_of(h.begin(), h.end(), [](char c) { return is_ascii_alpha(c); })) continue;
        const auto dot = h.rfind('.');
        if (dot != std::string_view::npos && known_tld(lower(h.substr(dot + 1)))) continue;
        s.add(FindingType::url, at, e, 0.85);
    }
    if ((s.any_flags & kPlatform) == 0) return;
    for (std::size_t k = 0; k < s.tokens.size(); ++k) {
        if ((s.flags[k] & kPlatform) == 0) continue;
        const std::size_t lo = k >= 4 ? k - 4 : 0;
        const std::size_t hi = std::min(s.tokens.size(), k + 5);
        for (std::size_t j = lo; j < hi; ++j) {
            if (j == k || (j > k ? s.tokens[j].newline_before : s.tokens[k].newline_before))
                continue;
            const std::size_t a = s.tokens[j].start;
            if (a > 0 && (handle_char(t[a - 1]) || t[a - 1] == '@' || t[a - 1] == '/')) continue;
            std::size_t e = handle_end(t, a);
            // A Discord tag: the name, '#' and four digits ("xXdarkangelXx#4471").
            const bool tag = e + 5 <= t.size() && t[e] == '#' && e > a &&
                             digits_from(t, e + 1) == 4 && alnum_boundary_after(t, e + 5);
            if (!tag && (e - a < 4 || (e < t.size() && (t[e] == '@' || t[e] == '/')))) continue;
            const std::string_view h = t.substr(a, e - a);
            if (tag) e += 5;
            std::size_t letters = 0;
            bool mark = tag;
            bool dotted = false;
            for (std::size_t q = 0; q < h.size(); ++q) {
                if (is_ascii_alpha(h[q])) ++letters;
                if (is_ascii_digit(h[q]) || h[q] == '_') mark = true;
                if (h[q] == '.') dotted = true;
            }
            // Dots alone make an abbreviation ("t.ex", "bl.a") unless the parts are long.
            if (!mark && dotted) {
                std::size_t shortest = 99;
                for (std::size_t q = 0, from = 0; q <= h.size(); ++q) {
                    if (q == h.size() || h[q] == '.') {
                        shortest = std::min(shortest, q - from);
                        from = q + 1;
                    }
                }
                mark = shortest >= 3;
            }
            if (letters < 3 || !mark || h.find("..") != std::string_view::npos) continue;
            const auto dot = h.rfind('.');
            if (dot != std::string_view::npos && known_tld(lower(h.substr(dot + 1)))) continue;
            s.add(FindingType::url, a, e, 0.8);
        }
    }
}
}  // namespace

void find_urls(Scan& s) {
    const auto t = s.text;
    std::size_t last_end = 0;
    for (std::size_t i = t.find('.', 1); i != std::string_view::npos && i + 1 < t.size();
         i = t.find('.', i + 1)) {
        if (t[i] != '.' || i < last_end || !is_ascii_alnum(t[i - 1]) || !is_ascii_alpha(t[i + 1]))
            continue;
        std::size_t a = i;
        while (a > 0 && host_char(t[a - 1])) --a;
        if (a > 0 && t[a - 1] == '@') {  // the domain of an e-mail address
            last_end = i + 1;
            while (last_end < t.size() && host_char(t[last_end])) ++last_end;
            continue;
        }
        std::size_t start = a;
        bool scheme = false;
        if (a >= 3 && t.substr(a - 3, 3) == "://") {
            std::size_t k = a - 3;
            while (k > 0 && is_ascii_alpha(t[k - 1])) --k;
            const auto sch = lower(t.substr(k, a - 3 - k));
            if (sch == "http" || sch == "https") {
                start = k;
                scheme = true;
            }
        }
        if (!alnum_boundary_before(t, start)) continue;
        std::size_t b = a;
        while (b < t.size() && host_char(t[b])) ++b;
        std::size_t host_end = b;
        while (host_end > a && (t[host_end - 1] == '.' || t[host_end - 1] == '-')) --host_end;
        const std::string host = lower(t.substr(a, host_end - a));
        const auto dot = host.rfind('.');
        if (dot == std::string::npos || !known_tld(std::string_view(host).substr(dot + 1))) {
            last_end = b;
            continue;
        }
        std::size_t end = host_end;
        bool path = false;
        if (host_end == b && b < t.size() && (t[b] == '/' || t[b] == ':' || t[b] == '?')) {
            std::size_t p = b;
            while (p < t.size() && path_char(t, p)) {
                std::size_t l = 1;
                if (static_cast<unsigned char>(t[p]) >= 0x80) decode(t, p, l);
                p += l;
            }
            while (p > b && std::strchr(".,;:!?", t[p - 1]) != nullptr) --p;
            // "/" alone or "/?" is no path.
            const auto rest = t.substr(b, p - b);
            path = rest.size() > 1 && rest.find_first_not_of("/?#") != std::string_view::npos;
            end = p;
        }
        last_end = std::max(end, b);
        std::string_view h = host;
        const bool www = h.starts_with("www.");
        if (www) h.remove_prefix(4);
        if (s.lex.is_public_domain(h)) continue;
        double conf = 0;
        if (s.lex.is_hosting_domain(h)) {
            conf = 0.9;
        } else if (path) {
            conf = 0.85;
        } else if (scheme || www) {
            conf = 0.6;
        }
        if (conf > 0) s.add(FindingType::url, start, end, conf);
    }
    find_handles(s);
}

// ---------------------------------------------------------------- IP
void find_ips(Scan& s) {
    const auto t = s.text;
    // IPv4
    DigitCursor cursor(s);
    for (std::size_t i = cursor.next(0); i < t.size(); i = cursor.next(i + 1)) {
        if (!is_ascii_digit(t[i]) || (i > 0 && (is_ascii_alnum(t[i - 1]) || t[i - 1] == '.')))
            continue;
        std::size_t j = i;
        int parts = 0;
        bool ok = true;
        while (parts < 4) {
            const std::size_t n = digits_from(t, j);
            if (n == 0 || n > 3 || num(t, j, n) > 255 || (n > 1 && t[j] == '0')) {
                ok = false;
                break;
            }
            j += n;
            ++parts;
            if (parts < 4) {
                if (j < t.size() && t[j] == '.' && digit_at(t, j + 1)) {
                    ++j;
                } else {
                    ok = false;
                    break;
                }
            }
        }
        if (!ok) {
            i = std::max(i, j);
            while (i + 1 < t.size() && is_ascii_digit(t[i + 1])) ++i;
            continue;
        }
        if (j < t.size() && (is_ascii_alnum(t[j]) || (t[j] == '.' && digit_at(t, j + 1)))) {
            i = j;
            continue;
        }
        if (!s.word_before(i, 3,
                           {"version", "versionen", "versionsnummer", "ver", "v", "ios", "android",
                            "build", "firmware", "windows", "macos", "uppdatering", "uppdateringen",
                            "release", "app", "appen", "programversion"})) {
            s.add(FindingType::ip, i, j, t.substr(i, 2) == "0." ? 0.5 : 0.95);
        }
        i = j;
    }
    // IPv6: a run of hex digits and colons with at least two colons, checked by
    // inet_pton. Only runs around a ':' are examined.
    std::size_t done = 0;
    for (std::size_t c = t.find(':'); c != std::string_view::npos; c = t.find(':', c + 1)) {
        if (c < done) continue;
        auto hexc = [&](std::size_t k) {
            const char d = ascii_lower(t[k]);
            return is_ascii_digit(d) || (d >= 'a' && d <= 'f') || d == ':';
        };
        std::size_t i = c;
        while (i > done && hexc(i - 1) && c - i < 45) --i;
        if (i > 0 && is_ascii_alnum(t[i - 1])) {
            done = c + 1;
            continue;
        }
        std::size_t j = i;
        int colons = 0;
        int hexdigits = 0;
        while (j < t.size() && j - i <= 45) {
            const char d = t[j];
            if (d == ':') {
                ++colons;
            } else if (hexc(j)) {
                ++hexdigits;
            } else if (!(d == '.' && digit_at(t, j + 1) && colons >= 2)) {
                break;
            }
            ++j;
        }
        done = j;
        std::size_t e = j;
        while (e > i && (t[e - 1] == '.' || (t[e - 1] == ':' && !(e >= 2 && t[e - 2] == ':')))) --e;
        if (colons >= 2 && hexdigits >= 2 && e - i >= 3 &&
            (j >= t.size() || !is_ascii_alnum(t[j]))) {
            std::array<char, 64> buf{};
            std::memcpy(buf.data(), t.data() + i, std::min<std::size_t>(e - i, 63));
            unsigned char addr[16];
            if (inet_pton(AF_INET6, buf.data(), addr) == 1) s.add(FindingType::ip, i, e, 0.95);
        }
    }
}

// ---------------------------------------------------------------- personnummer
namespace {
bool valid_date(int mm, int dd) {
    return mm >= 1 && mm <= 12 && ((dd >= 1 && dd <= 31) || (dd >= 61 && dd <= 91));
}

// A number written in groups of two to four digits with spaces or a dash between them
// ("19 85 03 22 - 44 72", "8811 0323 44", "881103 23 44"), read from i: if the groups
// make exactly 10 or 12 digits and end there, returns the end and the digits.
std::size_t grouped_digits(std::string_view t, std::size_t i, std::string& digits) {
    digits.clear();
    std::size_t j = i;
    std::size_t groups = 0;
    while (true) {
        const std::size_t n = digits_from(t, j);
        if (n < 2 || digits.size() + n > 12) return 0;
        digits.append(t.substr(j, n));
        j += n;
        ++groups;
        if (digits.size() == 10 || digits.size() == 12) {
            // It must end here: no further group of digits after a separator.
            const std::size_t k = skip_sep(t, j);
            if (!alnum_boundary_after(t, j) || (k > j && digit_at(t, k))) {
                if (digits.size() == 12) return 0;
            } else {
                return groups >= 2 ? j : 0;
            }
        }
        const std::size_t k = skip_sep(t, j);
        if (k == j || !digit_at(t, k) || k - j > 5) return 0;
        j = k;
    }
}
}  // namespace

void find_personnummer(Scan& s) {
    const auto t = s.text;
    DigitCursor cursor(s);
    for (std::size_t i = cursor.next(0); i < t.size(); i = cursor.next(i + 1)) {
        if (!is_ascii_digit(t[i])) continue;
        if (i > 0 &&
            (is_ascii_alnum(t[i - 1]) || ((t[i - 1] == '-' || t[i - 1] == '/' || t[i - 1] == '.') &&
                                          i > 1 && is_ascii_digit(t[i - 2])))) {
            while (i + 1 < t.size() && is_ascii_digit(t[i + 1])) ++i;
            continue;
        }
        const std::size_t n = digits_from(t, i);
        std::size_t end = 0;
        std::string ten;  // YYMMDDNNNN for the check digit
        bool has_letter = false;
        bool spaced = false;
        bool century_ok = true;
        bool dated = false;  // the date part written as a date ("1948-02-06 9767")
        if ((n == 10 || n == 12) && alnum_boundary_after(t, i + n)) {
            const std::size_t off = n == 12 ? 2 : 0;
            if (n == 12) century_ok = num(t, i, 2) >= 18 && num(t, i, 2) <= 20;
            ten = std::string(t.substr(i + off, 10));
            end = i + n;
        } else if (n == 6 || n == 8) {
            if (n == 8) century_ok = num(t, i, 2) >= 18 && num(t, i, 2) <= 20;
            std::size_t j = i + n;
            std::size_t k = j;
            if (k < t.size() && t[k] == '+') {
                ++k;
            } else {
                k = skip_sep(t, j);
                spaced = k > j && t[j] == ' ' && k - j == 1;
            }
            if (k == j) {
                i += n - 1;
                continue;
            }
            if (digits_from(t, k) == 4 && alnum_boundary_after(t, k + 4)) {
                ten = std::string(t.substr(i + n - 6, 6)) + std::string(t.substr(k, 4));
                end = k + 4;
            } else if (upper_at(t, k) && digits_from(t, k + 1) == 3 &&
                       alnum_boundary_after(t, k + 4)) {
                has_letter = true;  // interim number: YYMMDD-T123
                ten = std::string(t.substr(i + n - 6, 6)) + "0" + std::string(t.substr(k + 1, 3));
                end = k + 4;
            }
        } else if ((n == 4 || n == 2) && t.substr(i + n, 1) == "-" &&
                   digits_from(t, i + n + 1) == 2 && t.substr(i + n + 3, 1) == "-" &&
                   digits_from(t, i + n + 4) == 2) {
            // The date part written as a date: "1948-02-06 9767", "48-02-06-9767".
            if (n == 4) century_ok = num(t, i, 2) >= 18 && num(t, i, 2) <= 20;
            const std::size_t j = i + n + 6;
            const std::size_t k = skip_sep(t, j);
            if (k > j && digits_from(t, k) == 4 && alnum_boundary_after(t, k + 4)) {
                ten = std::string(t.substr(i + n - 2, 2)) + std::string(t.substr(i + n + 1, 2)) +
                      std::string(t.substr(i + n + 4, 2)) + std::string(t.substr(k, 4));
                end = k + 4;
                dated = true;
            }
        }
        bool grouped = false;  // odd grouping: only with a valid date and check digit
        // Also when a standard reading stops before a further group ("200511 3061 28" is
        // 20051130-6128, not 051130-3061 followed by 28).
        const bool more = end != 0 && !has_letter && !dated && [&] {
            const std::size_t k = skip_sep(t, end);
            return k > end && digit_at(t, k);
        }();
        if ((end == 0 || more) && n >= 2 && n <= 8) {
            std::string d;
            const std::size_t e = grouped_digits(t, i, d);
            const bool usable =
                e != 0 &&
                (end == 0 || (luhn_ok(d.substr(d.size() - 10)) &&
                              (d.size() == 10 || (num(d, 0, 2) >= 18 && num(d, 0, 2) <= 20)) &&
                              valid_date(num(d, d.size() - 8, 2), num(d, d.size() - 6, 2))));
            if (usable) {
                century_ok = d.size() == 10 || (num(d, 0, 2) >= 18 && num(d, 0, 2) <= 20);
                ten = d.substr(d.size() - 10);
                end = e;
                grouped = true;
            }
        }
        if (end == 0 || !century_ok) {
            i += n - 1;
            continue;
        }
        const int mm = num(ten, 2, 2);
        const int dd = num(ten, 4, 2);
        if (!valid_date(mm, dd)) {
            i = end - 1;
            continue;
        }
        const bool label =
            s.word_before(i, 4,
                          {"pnr", "personnummer", "personnumret", "personnr", "pers.nr",
                           "samordningsnummer", "samordningsnumret", "född",
                           "personnummer:", "reservnummer", "interimsnummer", "prn", "p-nr", "nr"});
        double conf;
        // A date and a clock time ("2024-03-15 1400") look the same: the check digit
        // must hold.
        if ((dated || grouped) && !luhn_ok(ten)) {
            i = end - 1;
            continue;
        }
        if (has_letter) {
            conf = 0.85;
        } else if (grouped) {
            conf = label ? 0.95 : 0.75;
        } else if (luhn_ok(ten)) {
            conf = spaced && !label ? 0.8 : 0.99;
        } else {
            conf = label ? 0.85 : 0.6;  // a typo'd number is still proposed
            if (spaced && !label) conf = 0.4;
        }
        // Ten digits from 0 without separators may be a phone number; the phone
        // detector proposes it too and the resolver keeps the surer one.
        if (n == 10 && t[i] == '0' && !label) conf -= 0.15;
        s.add(FindingType::personnummer, i, end, conf);
        i = end - 1;
    }
}

// ---------------------------------------------------------------- bank
namespace {
bool iban_ok(std::string_view compact) {
    // Move the first four characters to the end, letters to numbers, mod 97 == 1.
    const std::string r = std::string(compact.substr(4)) + std::string(compact.substr(0, 4));
    int mod = 0;
    for (char c : r) {
        if (is_ascii_digit(c)) {
            mod = (mod * 10 + (c - '0')) % 97;
        } else {
            const int v = ascii_lower(c) - 'a' + 10;
            mod = (mod * 100 + v) % 97;
        }
    }
    return mod == 1;
}

struct Groups {
    std::size_t start = 0, end = 0;
    std::vector<std::size_t> lens;  // digits per group
    std::string digits;
    bool ends_dash_digit = false;  // "...-d"
    bool clearing_first = false;   // "dddd-d" or "dddd" then ", "
    bool has_comma = false;
    int dashes = 0;
    int slashes = 0;
};

// Reads digit groups separated by one space, a hyphen, or (after a clearing number)
// ", ". Stops before anything else.
Groups read_groups(std::string_view t, std::size_t i) {
    Groups g;
    g.start = i;
    std::size_t j = i;
    while (true) {
        const std::size_t n = digits_from(t, j);
        g.lens.push_back(n);
        g.digits.append(t.substr(j, n));
        j += n;
        g.end = j;
        if (g.digits.size() > 34) break;
        std::size_t k = j;
        bool dash = false;
        if (k < t.size() && t[k] == ' ' && digit_at(t, k + 1)) {
            k += 1;
        } else if (k < t.size() && t[k] == '-' && digit_at(t, k + 1)) {
            k += 1;
            dash = true;
        } else if (t.substr(k, 2) == ", " && digit_at(t, k + 2) && g.lens.size() <= 2 &&
                   g.digits.size() <= 5 && g.lens[0] == 4) {
            k += 2;
            g.clearing_first = true;
            g.has_comma = true;
        } else {
            break;
        }
        if (dash) ++g.dashes;
        j = k;
    }
    g.ends_dash_digit =
        g.lens.size() >= 2 && g.lens.back() == 1 && g.end >= 2 && t[g.end - 2] == '-';
    if (g.lens.size() >= 2 && g.lens[0] == 4 && g.lens[1] == 1 && t[g.start + 4] == '-' &&
        t[g.start] == '8')
        g.clearing_first = true;
    return g;
}

bool bank_label_near(const Scan& s, std::size_t pos) {
    if (s.label_before(pos, 5, kBankLabel)) return true;
    // Compounds: "lönekontot", "Handelsbankenkonto", "sparkonto".
    const std::size_t ti = s.token_at_or_after(pos);
    for (std::size_t k = ti, steps = 0; k > 0 && steps < 5; --k, ++steps) {
        const std::string_view w = s.lower_tok(k - 1);
        if (ends_with(w, "konto") || ends_with(w, "kontot") || ends_with(w, "kontonr") ||
            ends_with(w, "kontonummer") || ends_with(w, "giro") || ends_with(w, "banken") ||
            ends_with(w, "girot"))
            return true;
    }
    return false;
}

// A clearing label right before `pos` ("clearing 6543", "clearingnr: 8327-9", "clnr 6152").
bool clearing_label_before(const Scan& s, std::size_t pos) {
    std::size_t k = s.token_at_or_after(pos);
    for (std::size_t steps = 0; k > 0 && steps < 2; --k, ++steps) {
        const std::string_view w = s.lower_tok(k - 1);
        if (w.starts_with("clearing") || w == "clnr" || w == "cl") return true;
    }
    return false;
}

// A card label before `pos`: any compound whose head is "kort" ("betalkortet",
// "kortnummer", "bankkortet", "Visakort").
bool card_label_before(const Scan& s, std::size_t pos) {
    std::size_t k = s.token_at_or_after(pos);
    for (std::size_t steps = 0; k > 0 && steps < 5; --k, ++steps) {
        const std::string_view w = s.lower_tok(k - 1);
        if (ends_with(w, "kort") || ends_with(w, "kortet") || ends_with(w, "kortnummer") ||
            ends_with(w, "kortnr") || ends_with(w, "kortets"))
            return true;
        if (s.tokens[k - 1].newline_before) break;
    }
    return false;
}

// A bank named right after a number ("9020 123 45 67 länsförsäkringar", "5001 01 234 56
// SEB"): the bank's name is the label. Only bank names count here, not the verbs and
// nouns of kBankLabel ("in", "betala").
bool bank_name_after(const Scan& s, std::size_t end) {
    std::size_t k = s.token_at_or_after(end);
    for (std::size_t steps = 0; k < s.tokens.size() && steps < 2; ++k, ++steps) {
        const std::string_view w = s.lower_tok(k);
        if (ends_with(w, "banken") || ends_with(w, "bank") || w == "nordea" || w == "swedbank" ||
            w == "seb" || w == "handelsbanken" || w == "länsförsäkringar" ||
            w == "lansforsakringar" || w == "danske" || w == "sparbanken" || w == "skandia" ||
            w == "lf" || w == "shb")
            return true;
        if (!s.tokens[k].has_letter) break;
    }
    return false;
}
// The start of a clearing number written before an account that was found on its own
// ("6152 - 324 819 675", "8105-9 kontonr 913 456 221-8", "6000, kontonr 123 456 789"):
// four digits not starting with 0 (Swedbank's may carry a fifth after a hyphen), then
// spaces, a dash or a comma, and at most one account label. Returns `start` if there is
// none. The account is already a bank number, so the four digits before it are its
// clearing number.
std::size_t clearing_before(const Scan& s, std::size_t start) {
    const auto t = s.text;
    std::size_t p = start;
    auto skip_gap = [&] {
        while (p > 0) {
            const char c = t[p - 1];
            if (c == ' ' || c == ',' || c == '-' || c == ':') {
                --p;
            } else if (p >= 3 && t.substr(p - 3, 3) == "\xE2\x80\x93") {  // en dash
                p -= 3;
            } else {
                break;
            }
        }
    };
    skip_gap();
    if (p == start) return start;
    // One account label in between ("kontonr", "konto", "kontonummer", "nr").
    if (p > 0 && is_ascii_alpha(t[p - 1])) {
        const std::size_t k = s.token_at_or_after(p) - 1;
        if (k >= s.tokens.size() || s.tokens[k].end != p) return start;
        const std::string_view w = s.lower_tok(k);
        if (!(ends_with(w, "konto") || ends_with(w, "kontonr") || ends_with(w, "kontonummer") ||
              w == "nr" || w == "ktonr" || w == "kto" || w == "konto:"))
            return start;
        p = s.tokens[k].start;
        const std::size_t before_label = p;
        skip_gap();
        if (p == before_label) return start;
    }
    // "8105-9": Swedbank's clearing number with its check digit.
    std::size_t e = p;
    if (e >= 2 && digit_at(t, e - 1) && t[e - 2] == '-') e -= 2;
    if (e < 4 || digits_from(t, e - 4) != 4 || t[e - 4] == '0' ||
        !alnum_boundary_before(t, e - 4) || (e - 4 > 0 && (t[e - 5] == '-' || t[e - 5] == '.')))
        return start;
    if (p == e + 2 && digits_from(t, e + 1) != 1) return start;
    return e - 4;
}
}  // namespace

void find_bank(Scan& s) {
    const auto t = s.text;
    // IBAN: two letters, two check digits, then up to 30 letters/digits in groups.
    // Its third byte is a digit: visit only positions two before a digit.
    DigitCursor iban_cursor(s);
    auto iban_from = [&](std::size_t p) {
        const std::size_t d = iban_cursor.next(p + 2);
        return d >= t.size() ? t.size() : d - 2;
    };
    for (std::size_t i = iban_from(0); i + 4 < t.size(); i = iban_from(i + 1)) {
        // Also in lower case ("se25 5000 ..."): then only with a correct check sum.
        if (!alpha_at(t, i) || !alpha_at(t, i + 1) || !digit_at(t, i + 2) || !digit_at(t, i + 3))
            continue;
        const bool upper_cc = upper_at(t, i) && upper_at(t, i + 1);
        if (!upper_cc && (upper_at(t, i) || upper_at(t, i + 1))) continue;
        if (!alnum_boundary_before(t, i)) continue;
        std::string compact(t.substr(i, 4));
        std::size_t j = i + 4;
        std::size_t best_end = 0;
        while (j < t.size() && compact.size() < 34) {
            std::size_t k = j;
            if (t[k] == ' ' && k + 1 < t.size() && is_ascii_alnum(t[k + 1])) ++k;
            if (!(is_ascii_digit(t[k]) ||
                  (upper_cc ? upper_at(t, k) : (alpha_at(t, k) && !upper_at(t, k)))))
                break;
            compact.push_back(t[k]);
            j = k + 1;
            if (compact.size() >= 15 && alnum_boundary_after(t, j) && iban_ok(compact))
                best_end = j;
        }
        if (best_end != 0) {
            s.add(FindingType::bank, i, best_end, 0.99);
            i = best_end;
        } else if (upper_cc && t.substr(i, 2) == "SE" && compact.size() == 24 &&
                   alnum_boundary_after(t, j)) {
            s.add(FindingType::bank, i, j, 0.7);  // Swedish IBAN with a typo
            i = j;
        }
    }
    // Account, clearing, bankgiro and plusgiro numbers.
    DigitCursor cursor(s);
    for (std::size_t i = cursor.next(0); i < t.size(); i = cursor.next(i + 1)) {
        if (!is_ascii_digit(t[i]) || !alnum_boundary_before(t, i)) continue;
        if (i > 0 && (t[i - 1] == '-' || t[i - 1] == '/' || t[i - 1] == '.' || t[i - 1] == ',' ||
                      t[i - 1] == ':' || t[i - 1] == '+'))
            continue;
        const Groups g = read_groups(t, i);
        const std::size_t nd = g.digits.size();
        const std::size_t skip_to = g.end;
        auto next = [&] { i = skip_to - 1; };
        // A clearing number alone after its label ("clearing 6543 konto ...").
        if (t[i] != '0' &&
            ((g.lens.size() == 1 && nd == 4) ||
             (g.lens.size() == 2 && g.lens[0] == 4 && g.lens[1] == 1 && t[g.start + 4] == '-')) &&
            alnum_boundary_after(t, g.end) && clearing_label_before(s, i)) {
            s.add(FindingType::bank, g.start, g.end, 0.9);
            next();
            continue;
        }
        if (g.lens.size() < 2 && nd < 7) {
            next();
            continue;
        }
        // Not an amount ("15 000 kr", "4 300:-") and not a date (2023-11-14).
        if (g.end < t.size() && t[g.end] == ':' && g.end + 1 < t.size() && t[g.end + 1] == '-') {
            next();
            continue;
        }
        if (is_amount_unit(s.next_word(g.end))) {
            next();
            continue;
        }
        if (g.lens.size() == 3 && g.lens[0] == 4 && g.lens[1] == 2 && g.lens[2] == 2 &&
            g.dashes == 2) {
            next();
            continue;
        }
        if (g.lens.size() >= 2 && t[g.start] == '0' && g.lens[0] <= 4 && !g.clearing_first) {
            // Leading zero: a phone number's area code, not a clearing number.
            if (!bank_label_near(s, i)) {
                next();
                continue;
            }
        }
        const bool label = bank_label_near(s, i) || bank_name_after(s, g.end);
        // Invoice, OCR, order, customer and organisation numbers have the same shapes.
        const bool other_label =
            s.word_before(i, 3,
                          {"faktura", "fakturanr", "fakturanummer", "ocr", "ocr-nummer",
                           "ordernummer", "ordernr", "kundnummer", "kundnr", "medlemsnummer", "org",
                           "orgnr", "organisationsnummer", "avtalsnummer"});
        // A payment card: 15-19 digits in groups of four or glued, with a valid Luhn
        // check digit, or any 13-19 digits after a card label ("betalkortet").
        const bool card_groups =
            g.lens.size() == 1 ||
            std::all_of(g.lens.begin(), g.lens.end() - 1, [](std::size_t n) { return n == 4; });
        const bool card = card_groups && g.dashes == 0 && !g.has_comma && t[i] != '0' &&
                          !other_label &&
                          ((nd >= 15 && nd <= 19 && luhn_ok(g.digits)) ||
                           (nd >= 13 && nd <= 19 && card_label_before(s, i)));
        // A Swedish account without a label: a four-digit clearing number (never starting
        // with 0, unlike an area code) and 7 to 11 more digits in groups ("6000-418 220 937",
        // "9020 123 45 67"), or a business Swish number (123 and seven digits).
        const bool account_shape = g.lens.size() >= 2 && g.lens[0] == 4 && t[i] != '0' &&
                                   nd >= 11 && nd <= 15 && g.dashes <= 1 && !other_label;
        const bool swish = nd == 10 && g.digits.starts_with("123") && g.lens.size() >= 2;
        double conf = 0;
        if (card) {
            conf = 0.9;
        } else if (g.clearing_first && nd >= 10 && nd <= 16) {
            conf = 0.95;
        } else if (label && nd >= 5 && nd <= 17) {
            conf = 0.9;
        } else if (g.ends_dash_digit && nd >= 9 && nd <= 12) {
            conf = 0.7;  // Swedbank-style account "903 457 118-2"
        } else if (label && g.clearing_first && nd == 5) {
            conf = 0.9;
        } else if (account_shape) {
            conf = 0.8;
        } else if (swish) {
            conf = 0.8;
        }
        if (conf > 0) s.add(FindingType::bank, clearing_before(s, g.start), g.end, conf);
        next();
    }
}

// ---------------------------------------------------------------- case numbers
namespace {
// A reference number as authorities write them: groups of digits joined by single
// '-', '/' or '.' without spaces ("2024-1234-56", "3.5.1-11842/2023", "21-873412-24"); a
// group after a separator may start with one or two upper-case letters ("5000-K884213-24"),
// and a letter code may close it ("2021/4471-SOC").
// The digits per group of a RefNumber: at most nine groups (read_ref() stops there), kept
// inline so reading a number allocates nothing.
class GroupLengths {
  public:
    void push_back(std::size_t n) {
        assert(size_ < v_.size());
        v_[size_++] = n;
    }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::size_t back() const { return v_[size_ - 1]; }
    std::size_t operator[](std::size_t k) const { return v_[k]; }
    const std::size_t* begin() const { return v_.data(); }
    const std::size_t* end() const { return v_.data() + size_; }

  private:
    std::array<std::size_t, 9> v_{};
    std::size_t size_ = 0;
};

struct RefNumber {
    std::size_t end = 0;
    GroupLengths lens;  // digits per group
    std::string seps;   // the separator before each group after the first
    std::size_t digits = 0;
    bool letter_group = false;       // a group that starts with letters ("K884213")
    bool colon = false;              // a ':' after a year ("2024:0456")
    bool code_after = false;         // "-SOC"
    std::size_t lower_code_end = 0;  // end of a lower-case closing code ("-soc"), not in `end`
    std::size_t max_group() const {
        return lens.empty() ? 0 : *std::max_element(lens.begin(), lens.end());
    }
};

bool year_at(std::string_view t, std::size_t p, std::size_t len) {
    return len == 4 && (t.substr(p, 2) == "19" || t.substr(p, 2) == "20");
}

// Series of statutes and official prints, written like a case number with a colon or a
// slash ("SFS 2001:453", "SOU 2023:40", "prop. 2024/25:89", "HSLF-FS 2016:30"): the
// code names a public document, not anyone's case.
bool statute_code(std::string_view lower_code) {
    static constexpr std::string_view kCodes[] = {
        "sfs",   "sou",  "ds",  "prop",  "dir",        "bet",          "rskr", "fs",
        "sosfs", "hslf", "lag", "lagen", "förordning", "förordningen", "kap",  "jämför"};
    return one_of(lower_code, kCodes);
}

// The series among statute_code's codes: abbreviations cited as year:number.
bool statute_series(std::string_view lower_code) {
    static constexpr std::string_view kSeries[] = {"sfs", "sou",  "ds", "prop",  "dir",
                                                   "bet", "rskr", "fs", "sosfs", "hslf"};
    return one_of(lower_code, kSeries);
}

// A court, board or tribunal named before a number ("förvaltningsrätten, 3101-24",
// "Hovrätten har målnumret ..."): the compound's head is the evidence, so every court
// ("tingsrätten", "kammarrättens", "migrationsdomstolen", "hyresnämnden") is covered.
bool court_word(std::string_view lw) {
    static constexpr std::string_view kHeads[] = {"rätten",    "rättens",        "rätt",
                                                  "domstolen", "domstolens",     "nämnden",
                                                  "nämndens",  "överförmyndaren"};
    // Every head ends in n, s or t: most words stop here.
    if (lw.empty() || (lw.back() != 'n' && lw.back() != 's' && lw.back() != 't')) return false;
    return std::any_of(std::begin(kHeads), std::end(kHeads),
                       [&](std::string_view h) { return ends_with(lw, h); });
}

RefNumber read_ref(std::string_view t, std::size_t i) {
    RefNumber r;
    std::size_t j = i;
    while (true) {
        const std::size_t n = digits_from(t, j);
        r.lens.push_back(n);
        r.digits += n;
        j += n;
        r.end = j;
        if (r.lens.size() > 8 || j + 1 >= t.size()) break;
        // "2024:0456", "SN/2024:0419": a colon only after a year (a clock time "14:30" has
        // none); whether it is a case or a statute ("SFS 2001:453") is decided by context.
        if (t[j] == ':' && digit_at(t, j + 1) && year_at(t, j - n, n)) {
            r.colon = true;
            r.seps.push_back(':');
            j += 1;
            continue;
        }
        if (!(t[j] == '-' || t[j] == '/' || t[j] == '.')) break;
        std::size_t k = j + 1;
        if (digit_at(t, k)) {
            r.seps.push_back(t[j]);
            j = k;
            continue;
        }
        // "2025-IFO-7732", "2024/BUN/0417": a unit's code of two to five capitals between
        // two separators inside the number.
        {
            std::size_t e = k;
            while (e < t.size() && upper_at(t, e) && e - k <= 5) ++e;
            if (e - k >= 2 && e - k <= 5 && e + 1 < t.size() && (t[e] == '-' || t[e] == '/') &&
                t[e] == t[j] && digits_from(t, e + 1) >= 3) {
                r.letter_group = true;
                r.seps.push_back(t[j]);
                j = e + 1;
                continue;
            }
        }
        // "-K884213": one or two capitals glued to at least four digits.
        std::size_t a = k;
        while (a < t.size() && upper_at(t, a) && a - k < 3) ++a;
        if (a > k && a - k <= 2 && digits_from(t, a) >= 4) {
            r.letter_group = true;
            r.seps.push_back(t[j]);
            j = a;
            continue;
        }
        // "-SOC", ".SN": a closing code of two to five capitals; after two or more groups
        // one capital too, a register's sub-letter ("ÄO-2026-1177-B").
        if ((t[j] == '-' || t[j] == '.') && upper_at(t, k)) {
            std::size_t e = k;
            while (e < t.size() && is_ascii_alpha(t[e])) ++e;
            if (((e - k >= 2 && e - k <= 5 && upper_at(t, k + 1)) ||
                 (e - k == 1 && t[j] == '-' && r.lens.size() >= 2)) &&
                alnum_boundary_after(t, e)) {
                r.code_after = true;
                r.end = e;
            }
        } else if (t[j] == '-' && alpha_at(t, k)) {
            std::size_t e = k;
            while (e < t.size() && is_ascii_alpha(t[e]) && !upper_at(t, e)) ++e;
            if (e - k >= 2 && e - k <= 5 && alnum_boundary_after(t, e)) r.lower_code_end = e;
        }
        break;
    }
    return r;
}

// Dates, clock times, decimals, IPv4 addresses, versions and thousands: the shapes of
// digit groups that are not reference numbers.
bool not_a_reference(std::string_view t, std::size_t i, const RefNumber& r) {
    const auto& l = r.lens;
    const std::size_t g = l.size();
    auto val = [&](std::size_t group) {
        std::size_t p = i;
        for (std::size_t k = 0; k < group; ++k) p += l[k] + 1;
        return l[group] <= 4 ? num(t, p, l[group]) : 10000;
    };
    if (g == 3 && r.seps[0] == r.seps[1] && !r.letter_group) {
        // 2023-11-14, 2023/11/14, 14/11/2023, 14.11.23
        if (l[0] == 4 && l[1] <= 2 && l[2] <= 2 && val(1) >= 1 && val(1) <= 12 && val(2) >= 1 &&
            val(2) <= 31)
            return true;
        if (l[0] <= 2 && l[1] <= 2 && (l[2] == 2 || l[2] == 4) && val(0) >= 1 && val(0) <= 31 &&
            val(1) >= 1 && val(1) <= 12)
            return true;
    }
    if (r.seps.find_first_not_of('.') == std::string::npos) {
        if (r.max_group() <= 3 && g >= 3) return true;  // 192.168.1.1, 3.2.0.14
        // 1.500.000: thousands
        if (std::all_of(l.begin() + 1, l.end(), [](std::size_t n) { return n == 3; }) && l[0] <= 3)
            return true;
    }
    return false;
}
}  // namespace

namespace {
bool court_before(const Scan& s, std::size_t pos) {
    std::size_t k = s.token_at_or_after(pos);
    for (std::size_t steps = 0; k > 0 && steps < 8; --k, ++steps) {
        if (court_word(s.lower_tok(k - 1))) return true;
        if (s.tokens[k - 1].newline_before) break;
    }
    return false;
}

// A word in the same line, up to ten words before or four after a number, that speaks
// of a case, a decision or a record: a case label, or any word built on "beslut",
// "nummer"/"numret", "ärende", "diarie", "journal" or "anmälan" ("besluten",
// "polisanmälan", "journalanteckning", "olika nummer"). Next to such a word two bare
// groups of digits ("1092-4471") are a reference: phone numbers start with 0, and dates,
// years and amounts are ruled out by their shapes before this is asked.
bool reference_word_near(const Scan& s, std::size_t start, std::size_t end) {
    static constexpr std::string_view kStems[] = {"beslut", "nummer", "numret",  "numren",
                                                  "ärende", "diarie", "journal", "anmälan"};
    auto speaks_of_case = [&](std::size_t k) {
        if ((s.flags[k] & kCaseLabel) != 0) return true;
        const std::string_view w = s.lower_tok(k);
        return std::any_of(std::begin(kStems), std::end(kStems), [&](std::string_view st) {
            return w.find(st) != std::string_view::npos;
        });
    };
    std::size_t k = s.token_at_or_after(start);
    for (std::size_t steps = 0; k > 0 && steps < 10; --k, ++steps) {
        if (speaks_of_case(k - 1)) return true;
        if (s.tokens[k - 1].newline_before) break;
    }
    k = s.token_at_or_after(end);
    for (std::size_t steps = 0; k < s.tokens.size() && steps < 4; ++k, ++steps) {
        if (s.tokens[k].newline_before) break;
        if (speaks_of_case(k)) return true;
    }
    return false;
}

// A word that labels a reference number by its head: a case label, or a compound on
// "nummer"/"nr" whose first part is no phone, person, account, plate or address word
// ("fakturanr", "kundnummer", "kö-nummer"; not "telefonnummer", "kontonr", "pnr").
bool number_label(const Scan& s, std::size_t k) {
    if ((s.flags[k] & kCaseLabel) != 0) return true;
    std::string_view w = s.lower_tok(k);
    if (w.size() > 1 && w.back() == '.') w.remove_suffix(1);
    // Every head ends in r or t: most words stop here.
    if (w.empty() || (w.back() != 'r' && w.back() != 't')) return false;
    std::string_view stem;
    for (std::string_view h : {"nummer", "numret", "nummret", "nr"}) {
        if (ends_with(w, h)) {
            stem = w.substr(0, w.size() - h.size());
            break;
        }
    }
    if (stem.empty()) return false;
    if (stem.back() == '-') stem.remove_suffix(1);
    if (stem.size() < 2) return false;
    static constexpr std::string_view kNot[] = {
        "telefon", "telefons",      "mobil",    "tel",         "tfn",       "mob",
        "person",  "pers",          "personnr", "konto",       "kontot",    "clearing",
        "bank",    "bankgiro",      "plusgiro", "giro",        "org",       "organisations",
        "reg",     "registrerings", "bil",      "samordnings", "lägenhets", "lgh",
        "hus",     "port",          "sms",      "swish",       "kort",      "hem",
        "jobb",    "direkt",        "växel",    "fax",         "post",      "gatu",
        "mobilnr", "kontakt",       "rum",      "buss",        "linje",     "sid",
        "sido",    "nöd",           "larm",     "skatte",      "iban"};
    return std::find(std::begin(kNot), std::end(kNot), stem) == std::end(kNot);
}

// A number label within `n` tokens before byte `pos` on the same line.
bool number_label_before(const Scan& s, std::size_t pos, std::size_t n) {
    std::size_t k = s.token_at_or_after(pos);
    for (std::size_t steps = 0; k > 0 && steps < n; --k, ++steps) {
        if (number_label(s, k - 1)) return true;
        if (s.tokens[k - 1].newline_before) break;
    }
    return false;
}

// A published precedent ("Mål nr 1234-21 i HFD-domen", "RÅ 2010 ref. 23", "NJA 2019 s.
// 3"): a supreme or precedent court named right before or after the number makes it a
// public legal reference, not the asker's case.
bool precedent_near(const Scan& s, std::size_t start, std::size_t end) {
    // The courts' abbreviations count in capitals only ("mig", "ad" are words).
    static constexpr std::string_view kCourts[] = {"HFD", "HD", "RÅ", "NJA", "MÖD", "MIG", "AD"};
    static constexpr std::string_view kWords[] = {"högsta", "prejudikat", "prejudikatet",
                                                  "vägledande"};
    auto court = [&](std::size_t k) {
        const std::string_view raw = s.tok(k);
        const std::string_view w = s.lower_tok(k);
        return std::any_of(std::begin(kCourts), std::end(kCourts),
                           [&](std::string_view c) {
                               return raw == c || (raw.starts_with(c) && raw.size() > c.size() &&
                                                   raw[c.size()] == '-');
                           }) ||
               std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
    };
    std::size_t k = s.token_at_or_after(end);
    for (std::size_t steps = 0; k < s.tokens.size() && steps < 3; ++k, ++steps) {
        if (s.tokens[k].newline_before) break;
        if (court(k)) return true;
    }
    k = s.token_at_or_after(start);
    for (std::size_t steps = 0; k > 0 && steps < 4; --k, ++steps) {
        if (court(k - 1)) return true;
        if (s.tokens[k - 1].newline_before) break;
    }
    return false;
}

// The digit groups and separators of a reference ("4-2" for 3101-24, "4/4" for 2024/1265).
std::string shape_of(const RefNumber& r) {
    std::string out = std::to_string(r.lens[0]);
    for (std::size_t k = 1; k < r.lens.size(); ++k) {
        out += r.seps[k - 1];
        out += std::to_string(r.lens[k]);
    }
    return out;
}

// After a found number: a code of two to five capitals after one space that is no word
// ("2024/1265 IFO"), or for a court's number its division letter ("12877-24 E"; not "I",
// which is a word). Returns the new end.
std::size_t code_after_space(const Scan& s, std::size_t end, bool court) {
    const auto t = s.text;
    if (!(end + 1 < t.size() && t[end] == ' ' && upper_at(t, end + 1))) return end;
    std::size_t e = end + 1;
    while (e < t.size() && upper_at(t, e)) ++e;
    if (!alnum_boundary_after(t, e) || (e < t.size() && static_cast<unsigned char>(t[e]) >= 0x80))
        return end;
    const std::size_t n = e - end - 1;
    if (n == 1) return court && t[end + 1] != 'I' ? e : end;
    if (n > 5) return end;
    const std::size_t ti = s.token_at_or_after(end + 1);
    // In capitals on a line that does not shout, a short word is an acronym ("SOC").
    if (ti >= s.tokens.size() || s.shouting[ti] != 0 ||
        (n > 3 && s.lex.is_ordinary(s.lower_tok(ti))) ||
        (s.flags[ti] & (kFirstName | kSurname | kPlace | kCaseLabel)) != 0)
        return end;
    return e;
}
}  // namespace

void find_case_numbers(Scan& s) {
    const auto t = s.text;
    struct Pending {
        std::size_t start, end;
        std::string shape;
    };
    std::vector<Pending> pending;
    std::vector<std::string> found_shapes;
    // Every reference starts at a run of digits: the number itself, or the code before
    // it ("SN 2023/1234", "KS2023/441", "T 2318-23", "ÖFN 2022/312").
    DigitCursor cursor(s);
    std::size_t done = 0;
    for (std::size_t i = cursor.next(0); i < t.size(); i = cursor.next(i + 1)) {
        i = cursor.run().start;
        if (i < done) {
            i = cursor.run().end - 1;
            continue;
        }
        const std::size_t run_end = cursor.run().end;
        // Inside a longer number read before ("2024-1234-56" from its first group).
        if (i >= 2 && (t[i - 1] == '-' || t[i - 1] == '/' || t[i - 1] == '.' || t[i - 1] == ',') &&
            is_ascii_digit(t[i - 2])) {
            i = run_end - 1;
            continue;
        }
        if (i > 0 && t[i - 1] == '+') {
            i = run_end - 1;
            continue;
        }
        const RefNumber r = read_ref(t, i);
        if (!alnum_boundary_after(t, r.end) ||
            (r.end < t.size() && t[r.end] == ':' && digit_at(t, r.end + 1)) ||
            (r.colon && r.lens.back() > 6)) {
            done = r.end;
            i = run_end - 1;
            continue;
        }
        // A letter code right before the number: glued, or after one space or hyphen.
        std::size_t code_start = i;
        std::size_t code_letters = 0;
        std::size_t code_uppers = 0;
        {
            std::size_t j = i;
            // Glued by a separator ("SN/2024:0419", "SOC.2024.1187", "Af-2024/0012345")
            // or after one space.
            if (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '-' || t[j - 1] == '/' || t[j - 1] == '.'))
                --j;
            std::size_t a = j;
            bool hyphen_in_code = false;
            while (a > 0 && code_letters < 7) {
                // "IFO-V 2024/1571": a code in capitals may have a hyphen inside.
                if (t[a - 1] == '-' && !hyphen_in_code && code_letters > 0 &&
                    code_uppers == code_letters && a >= 3 && upper_at(t, a - 2) &&
                    upper_at(t, a - 3) && j < i) {
                    hyphen_in_code = true;
                    --a;
                    continue;
                }
                if (is_ascii_alpha(t[a - 1])) {
                    if (upper_at(t, a - 1)) ++code_uppers;
                    --a;
                    ++code_letters;
                } else if (a >= 2 && static_cast<unsigned char>(t[a - 2]) == 0xC3 &&
                           (static_cast<unsigned char>(t[a - 1]) & 0xC0u) == 0x80u) {
                    std::size_t l = 2;
                    const char32_t cp = decode(t, a - 2, l);
                    if (!is_letter(cp)) break;
                    if (is_upper(cp)) ++code_uppers;
                    a -= 2;
                    ++code_letters;
                } else {
                    break;
                }
            }
            const bool first_upper =
                code_letters > 0 &&
                (upper_at(t, a) || (static_cast<unsigned char>(t[a]) == 0xC3 && [&] {
                     std::size_t l = 2;
                     return is_upper(decode(t, a, l));
                 }()));
            // A code in lower case ("sn 2023/1234" in a text typed without capitals).
            const bool lower_code = code_uppers == 0 && code_letters >= 2 && code_letters <= 4;
            if (code_letters >= 1 && code_letters <= 6 && (first_upper || lower_code) &&
                alnum_boundary_before(t, a))
                code_start = a;
            else
                code_letters = 0;
        }
        const std::string_view code = t.substr(code_start, code_letters > 0 ? (i - code_start) : 0);
        const std::size_t g = r.lens.size();
        const std::string_view nw = s.next_word(r.end);
        const bool unit_after = is_amount_unit(nw) || nw == "kap" || nw == "§" ||
                                (r.end + 2 < t.size() && t.substr(r.end, 3) == " \xC2\xA7");
        double conf = 0;
        std::size_t start = i;
        std::string lc = lower(code);
        while (!lc.empty() &&
               (lc.back() == ' ' || lc.back() == '-' || lc.back() == '/' || lc.back() == '.'))
            lc.pop_back();
        // A statute or official print ("SFS 2001:453", "prop. 2024/25:89") is public. A
        // series is cited as year:number, so its code counts only with a colon ("FS-26-00938"
        // is a unit's case); the words (lag, kap, förordning …) count with any form.
        // A code with a hyphen inside goes by its last part ("HSLF-FS 2016:30").
        auto statute = [&](std::string_view c) {
            return statute_code(c) && (r.colon || !statute_series(c));
        };
        const auto last_hyphen = lc.rfind('-');
        if (statute(lc) ||
            (last_hyphen != std::string::npos &&
             statute(std::string_view(lc).substr(last_hyphen + 1))) ||
            s.word_before(i, 2, {"sfs", "sou", "ds", "prop", "prop."})) {
            i = std::max(run_end, std::min(r.end, t.size())) - 1;
            done = r.end;
            continue;
        }
        const std::size_t code_tok = code_letters > 0 ? s.token_at_or_after(code_start) : 0;
        // On a shouted line capitals are no evidence: there the code must be no
        // ordinary word ("RINGA 0771-567", "NR 559187-3042").
        const bool shouted =
            code_letters > 0 && code_tok < s.tokens.size() && s.shouting[code_tok] != 0;
        const bool label_word =
            code_letters > 0 && ((s.lex.flags(lc) & kCaseLabel) != 0 || t[i] == '0' ||
                                 (shouted && t[i - 1] != '-' && s.lex.is_ordinary(lc)));
        const bool glued =
            code_letters > 0 && (t[i - 1] == '-' || t[i - 1] == '/' || t[i - 1] == '.');
        if (code_letters > 0 && g >= 2 && !unit_after && !not_a_reference(t, i, r)) {
            // The code is part of the number. Two or more capitals ("SN", "BoU", "ÖFN") with
            // a year first or at least five digits; one capital only in the courts' form
            // "T 2318-23" (digits, hyphen, two-digit year), or glued to a number that starts
            // with a year ("Af-2024/0012345").
            const bool court =
                g == 2 && r.seps[0] == '-' && r.lens[1] == 2 && r.lens[0] >= 2 && r.lens[0] <= 6;
            if (!label_word && code_uppers >= 2 &&
                (year_at(t, i, r.lens[0]) || r.digits >= 5 || court))
                conf = 0.9;
            else if (!label_word && code_letters == 1 && code_uppers == 1 && court)
                conf = 0.85;
            else if (!label_word && code_uppers >= 1 && glued && year_at(t, i, r.lens[0]) &&
                     r.digits >= 6 && !s.lex.is_ordinary(lc))
                conf = 0.85;
            else if (!label_word && code_uppers == 0 && year_at(t, i, r.lens[0]) &&
                     !(g == 2 && r.lens[1] <= 2) &&
                     ((code_start + code_letters < i && t[i - 1] == '-') ||
                      !s.lex.is_ordinary(lc)) &&
                     (s.flags[code_tok] &
                      (kPlace | kFirstName | kSurname | kNonName | kBankLabel)) == 0)
                conf = 0.8;  // without capitals: glued by a hyphen, or no word ("ifo 2024/0912")
            if (conf > 0) start = code_start;
        }
        // Digits in groups after single spaces ("Kundnummer 3 482 119 07", "BF-664 201"):
        // only after a number label, where no phone (they start with 0), amount (a unit
        // follows) or personnummer (its own labels) is meant.
        std::size_t spaced_end = r.end;
        std::size_t spaced_digits = r.digits;
        if (g == 1 && t[i] != '0') {
            std::size_t e = r.end;
            while (e + 1 < t.size() && t[e] == ' ' && digit_at(t, e + 1)) {
                const std::size_t n = digits_from(t, e + 1);
                if (n < 2 || n > 4 || !alnum_boundary_after(t, e + 1 + n)) break;
                e += 1 + n;
                spaced_digits += n;
            }
            if (e > r.end && !is_amount_unit(s.next_word(e))) spaced_end = e;
        }
        if (conf == 0 && !unit_after) {
            const bool label = s.label_before(i, 8, kCaseLabel) || court_before(s, i) ||
                               number_label_before(s, i, 3);
            const bool phone_shaped = t[i] == '0' && r.lens[0] <= 4;
            const bool two_years =
                g == 2 && year_at(t, i, r.lens[0]) && r.lens[1] == 4 && year_at(t, i + 5, 4);
            const bool season = g == 2 && r.seps[0] == '/' && r.lens[1] <= 2;
            if (g >= 2 && !not_a_reference(t, i, r) && !two_years && !season) {
                if (label && r.digits >= 5 && (!phone_shaped || s.label_before(i, 2, kCaseLabel)))
                    conf = 0.9;
                else if (r.code_after && r.digits >= 5)
                    conf = 0.8;
                else if (r.letter_group && r.digits >= 6)
                    conf = 0.8;
                // Three or more groups, one of them long: no date, time, amount or phone
                // number is written so ("2024-1234-56", "21-873412-24", "3.5.1-11842/2023").
                else if (g >= 3 && r.digits >= 7 && r.max_group() >= 3 && !phone_shaped && !r.colon)
                    conf = 0.75;
                // Two bare groups of three to five digits ("1092-4471") where the sentence
                // speaks of a case or a decision; round pairs are ranges ("1500-2000").
                else if (g == 2 && r.seps[0] != '.' && r.lens[0] >= 3 && r.lens[0] <= 5 &&
                         r.lens[1] >= 3 && r.lens[1] <= 5 && t[i] != '0' && !r.letter_group &&
                         !(t[i + r.lens[0] - 1] == '0' && t[r.end - 1] == '0') &&
                         !(r.lens[0] == 4 && r.lens[1] == 4 && num(t, i, 2) < 24 &&
                           num(t, i + 2, 2) < 60 && num(t, i + 5, 2) < 24 &&
                           num(t, i + 7, 2) < 60) &&  // "1030-1145": clock times
                         reference_word_near(s, i, r.end))
                    conf = 0.75;
                // A letter code before a number found by its label ("dnr sn 24/1187") is
                // part of it unless it is a word.
                if (conf > 0 && code_letters >= 2 && !label_word &&
                    (s.flags[code_tok] & (kPlace | kFirstName | kSurname | kBankLabel)) == 0 &&
                    !s.lex.is_ordinary(lc))
                    start = code_start;
            } else if (g == 1 && spaced_digits >= 5 && spaced_digits <= 14 && !phone_shaped &&
                       !r.code_after &&
                       (s.label_before(i, 3, kCaseLabel) || number_label_before(s, i, 5))) {
                // "ärendenummer 12345678", "fakturanr 90021147": a bare number right after
                // its label, also in groups ("kö-nummer BF-664 201"); a capital code glued
                // by a hyphen is part of it.
                conf = 0.85;
                if (code_letters >= 2 && code_uppers == code_letters && t[i - 1] == '-')
                    start = code_start;
            }
            // "Ä 2024-5520" after a label: one capital right before a labelled number is
            // the register's letter ("I" is a word).
            if (conf > 0 && start == i && code_letters == 1 && code_uppers == 1 &&
                t[i - 1] == ' ' && t[code_start] != 'I' && label)
                start = code_start;
        }
        std::size_t end = conf > 0 && g == 1 ? spaced_end : r.end;
        if (conf > 0 && precedent_near(s, start, end)) conf = 0;
        if (conf > 0 && r.lower_code_end != 0 && (start < i || s.label_before(i, 8, kCaseLabel)))
            end = r.lower_code_end;
        if (conf > 0) end = code_after_space(s, end, g == 2 && r.seps[0] == '-' && r.lens[1] == 2);
        // "131 482219-24/113": a short first group written with a space.
        if (conf > 0 && g >= 3 && start == i && i >= 4 && t[i - 1] == ' ' &&
            digits_from(t, i - 4) == 3 && alnum_boundary_before(t, i - 4) &&
            (i == 4 || !digit_at(t, i - 6)))
            start = i - 4;
        if (conf == 0 && g >= 2 && !unit_after && !not_a_reference(t, i, r))
            pending.push_back({i, r.end, shape_of(r)});
        if (conf > 0) {
            found_shapes.push_back(shape_of(r));
            s.add(FindingType::case_number, start, end, conf);
            done = end;
        }
        i = std::max(run_end, std::min(r.end, t.size())) - 1;
    }
    // A number written exactly like one found in the same text ("mål 3101-24 och
    // 3102-24", "2024/1265 IFO, men i kallelsen 2024/1256 IFO") is one too.
    for (const auto& p : pending) {
        if (std::find(found_shapes.begin(), found_shapes.end(), p.shape) == found_shapes.end())
            continue;
        s.add(FindingType::case_number, p.start,
              code_after_space(s, p.end, p.shape.find("-2") != std::string::npos), 0.8);
    }
}

// ---------------------------------------------------------------- plates
void find_plates(Scan& s) {
    const auto t = s.text;
    auto plate_letter = [](char c) {
        const char u = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        return u >= 'A' && u <= 'Z' && u != 'I' && u != 'Q' && u != 'V';
    };
    static constexpr std::string_view acronyms[] = {
        "LSS", "LVU", "LVM", "SOL", "HVB",  "SIP", "BUP", "IVO", "SFS", "CSN", "ADD", "KBT",
        "DBT", "SMS", "PDF", "EKB", "BBIC", "FHM", "SKR", "TSS", "ABC", "AKK", "OCD", "PTS",
        "MVG", "NPF", "BMI", "COP", "HLR",  "ATT", "SOU", "TBC", "RUT", "ROT", "SCB"};
    // A plate starts a token ("ABC", "ABC123", "ABC-123", "abc12d"): visit only tokens of
    // at most 7 bytes whose first three bytes are ASCII letters, and of them only those
    // with a digit or right before a token that opens with one (the tokens of
    // Scan::digit_tokens and Scan::before_digit, merged in order).
    MergedIndices candidates(s.digit_tokens, s.before_digit);
    for (std::size_t ti = 0; candidates.next(ti);) {
        const Token& tk = s.tokens[ti];
        if (tk.end - tk.start > 7 || tk.end - tk.start < 3) continue;
        const std::size_t i = tk.start;
        // A token without a digit can only be the letters of "ABC 123" (a hyphen or a
        // digit right after the letters would be part of the token).
        if (!tk.has_digit && !(tk.end - i == 3 && tk.end + 1 < t.size() && t[tk.end] == ' ' &&
                               is_ascii_digit(t[tk.end + 1])))
            continue;
        if (!is_ascii_alpha(t[i]) || i + 5 > t.size()) continue;
        if (alpha_at(t, i + 1) && alpha_at(t, i + 2) && alpha_at(t, i + 3))
            continue;  // a longer word
        if (!(plate_letter(t[i]) && alpha_at(t, i + 1) && plate_letter(t[i + 1]) &&
              alpha_at(t, i + 2) && plate_letter(t[i + 2]) && !alpha_at(t, i + 3)) ||
            !alnum_boundary_before(t, i)) {
            continue;
        }
        const bool upper = upper_at(t, i) && upper_at(t, i + 1) && upper_at(t, i + 2);
        // Mixed case ("glY 402", "Rty 339") is typed case: read like lower case.
        const bool lowercase = !upper;
        std::size_t j = i + 3;
        if (j < t.size() && (t[j] == ' ' || t[j] == '-')) ++j;
        if (!(digit_at(t, j) && digit_at(t, j + 1) && j + 2 < t.size())) continue;
        const char last = t[j + 2];
        const bool last_ok =
            is_ascii_digit(last) ||
            (plate_letter(last) && (!upper || upper_at(t, j + 2)) && last != 'O' && last != 'o');
        if (!last_ok || !alnum_boundary_after(t, j + 3)) continue;
        const std::string code(t.substr(i, 3));
        const bool acronym =
            std::find(std::begin(acronyms), std::end(acronyms), code) != std::end(acronyms);
        const std::string_view nw = s.next_word(j + 3);
        if (is_amount_unit(nw) || nw == "kap" ||
            (j + 4 < t.size() && t.substr(j + 3, 3) == " \xC2\xA7"))
            continue;
        const bool context = s.word_before(i, 4,
                                           {"reg",
                                            "regnr",
                                            "reg.nr",
                                            "registreringsnummer",
                                            "registreringsnumret",
                                            "skylt",
                                            "skylten",
                                            "bil",
                                            "bilen",
                                            "bilnummer",
                                            "regnummer",
                                            "nummerplåt",
                                            "nummerplåten",
                                            "plåt",
                                            "bilar",
                                            "volvo",
                                            "saab",
                                            "audi",
                                            "bmw",
                                            "mc",
                                            "moped",
                                            "nr",
                                            "registrerad"});
        if (acronym && !context) continue;
        // A car make followed by a model number ("BMW 320", "Kia 130") is no plate.
        {
            const std::string lc = lower(code);
            if (lc == "bmw" || lc == "kia" || lc == "gaz" || lc == "uaz") continue;
        }
        double conf = context ? 0.95 : (upper ? 0.85 : 0.7);
        if (!context && (lowercase || (ti < s.shouting.size() && s.shouting[ti] != 0))) {
            // Without a cue and without capitals to go by ("rtm 63k", "kjh 452", or any
            // three letters on a shouted line), the letters must be no word or
            // abbreviation Hunspell knows ("rum 214", "typ 250", "lgh 204", "RUM 214").
            std::string letters = lower(code);
            if (s.lex.is_ordinary(letters) || s.lex.flags(letters) != 0 ||
                std::find(std::begin(acronyms), std::end(acronyms), std::string_view(code)) !=
                    std::end(acronyms))
                continue;
            std::string up(code);
            for (auto& c : up) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
            if (std::find(std::begin(acronyms), std::end(acronyms), std::string_view(up)) !=
                std::end(acronyms))
                continue;
            if (lowercase) conf = is_ascii_alpha(last) ? 0.7 : 0.6;
        }
        s.add(FindingType::plate, i, j + 3, conf);
    }
}

// ---------------------------------------------------------------- postal codes
namespace {
// Reads a postal code at i: "NNN NN" or "NNNNN" (first digit 1-9). Returns its end or 0.
std::size_t postal_at(std::string_view t, std::size_t i, bool& spaced) {
    if (!digit_at(t, i) || t[i] == '0') return 0;
    if (digits_from(t, i) == 3 && i + 5 < t.size() + 1 &&
        (t[i + 3] == ' ' || t.substr(i + 3, 2) == "\xC2\xA0")) {
        const std::size_t k = i + 3 + (t[i + 3] == ' ' ? 1 : 2);
        if (digits_from(t, k) == 2 && alnum_boundary_after(t, k + 2)) {
            spaced = true;
            return k + 2;
        }
    }
    if (digits_from(t, i) == 5 && alnum_boundary_after(t, i + 5)) {
        spaced = false;
        return i + 5;
    }
    return 0;
}
}  // namespace

void find_postal_codes(Scan& s) {
    const auto t = s.text;
    DigitCursor cursor(s);
    for (std::size_t i = cursor.next(0); i < t.size(); i = cursor.next(i + 1)) {
        if (!is_ascii_digit(t[i])) continue;
        if (!alnum_boundary_before(t, i)) continue;
        std::size_t start = i;
        // Part of a longer number ("070 123 45 67", "1 234 567")? Then not a postal code.
        const bool prev_group =
            i >= 2 && (t[i - 1] == ' ' || t[i - 1] == '-' || t[i - 1] == '.' || t[i - 1] == ',') &&
            is_ascii_digit(t[i - 2]);
        bool spaced = false;
        const std::size_t end = postal_at(t, i, spaced);
        if (end == 0 || prev_group) {
            while (i + 1 < t.size() && is_ascii_digit(t[i + 1])) ++i;
            continue;
        }
        if (i >= 3 && (t.substr(i - 3, 3) == "SE-" || t.substr(i - 2, 2) == "S-")) start = i;
        const bool next_group =
            end + 1 < t.size() &&
            (t[end] == ' ' || t[end] == '-' || t[end] == ',' || t[end] == '.') &&
            is_ascii_digit(t[end + 1]);
        const std::string_view nw = s.next_word(end);
        if (next_group || is_amount_unit(nw) || (end < t.size() && t[end] == ':') ||
            (end < t.size() && t[end] == '%')) {
            i = end - 1;
            continue;
        }
        {
            std::string digits;
            for (std::size_t k = i; k < end; ++k) {
                if (is_ascii_digit(t[k])) digits.push_back(t[k]);
            }
            if (s.lex.is_public_number(digits)) {
                i = end - 1;
                continue;
            }
        }
        const bool label = s.word_before(
            i, 3, {"postnr", "postnummer", "postnumret", "postnummret", "postadress", "postort"});
        double conf = 0;
        if (spaced) {
            conf = label ? 0.95 : 0.85;
        } else {
            // Five bare digits: also years (no: 4), amounts, counts. Need a cue.
            const bool prep = s.word_before(i, 1,
                                            {"i", "till", "från", "nära", "på", "kring", "runt",
                                             "område", "området", "adress", "bor"});
            std::size_t k = end;
            while (k < t.size() && t[k] == ' ') ++k;
            bool town_after = false;
            if (k > end && k < t.size()) {
                std::size_t l = 1;
                const char32_t cp = decode(t, k, l);
                town_after = is_upper(cp);
            }
            if (label)
                conf = 0.95;
            else if (prep || town_after)
                conf = 0.75;
        }
        if (conf > 0) s.add(FindingType::postal_code, start, end, conf);
        i = end - 1;
    }
}

// ---------------------------------------------------------------- street addresses
namespace {
// "c/o Andersson": the care-of line names the person the post goes through.
void find_care_of(Scan& s) {
    const auto t = s.text;
    for (std::size_t p = t.find("/o "); p != std::string_view::npos; p = t.find("/o ", p + 1)) {
        if (p == 0 || (t[p - 1] != 'c' && t[p - 1] != 'C') || !alnum_boundary_before(t, p - 1))
            continue;
        const std::size_t start = p - 1;
        std::size_t ti = s.token_at_or_after(p + 3);
        std::size_t end = 0;
        for (std::size_t k = 0; k < 3 && ti < s.tokens.size(); ++k, ++ti) {
            const Token& tk = s.tokens[ti];
            if (!tk.first_upper || tk.has_digit || (end != 0 && tk.start != end + 1) ||
                (end == 0 && tk.start != p + 3))
                break;
            end = tk.end;
        }
        if (end != 0) s.add(FindingType::address, start, end, 0.9);
    }
}
}  // namespace

namespace {
constexpr std::string_view kStreetSuffixes[] = {
    "gatan",  "gata",    "vägen",      "väg",        "gränd",    "gränden",   "stigen",  "allén",
    "allé",   "alle",    "backe",      "backen",     "torget",   "torg",      "platsen", "plats",
    "leden",  "stråket", "promenaden", "esplanaden", "kajen",    "gången",    "liden",   "slingan",
    "ringen", "svängen", "bryggan",    "höjden",     "kroken",   "terrassen", "parken",  "tået",
    "vägen",  "strand",  "stranden",   "plan",       "gårdsväg", "vägens",    "hage",    "hagen",
    "lid",    "udden",   "kullen"};

// A word list as typed without å/ä/ö: each entry folded ("vägen" -> "vagen").
std::vector<std::string> folded(std::span<const std::string_view> words) {
    std::vector<std::string> out;
    std::string f;
    for (auto w : words) out.push_back(fold_diacritics(w, f) ? f : std::string(w));
    return out;
}

// `lw` with å/ä/ö folded (in `buf`), or `lw` itself when it has none.
std::string_view fold_view(std::string_view lw, std::string& buf) {
    return fold_diacritics(lw, buf) ? std::string_view(buf) : lw;
}

bool street_token(std::string_view lw_in, bool capitalised, bool& separate_word) {
    // Compared with å/ä/ö folded on both sides: askers type "Kvarnvagen 3" as often as
    // "Kvarnvägen 3".
    static const std::vector<std::string> suffixes = folded(kStreetSuffixes);
    static constexpr std::string_view kLowerOkRaw[] = {"gatan", "gata",    "vägen", "väg",
                                                       "gränd", "gränden", "allén", "torget"};
    static const std::vector<std::string> lower_ok = folded(kLowerOkRaw);
    std::string buf;
    const std::string_view lw = fold_view(lw_in, buf);
    separate_word = false;
    if (lw.empty()) return false;
    for (const std::string& suf : suffixes) {
        // The last byte first: it turns down most suffixes with one comparison.
        if (suf.back() != lw.back() || !ends_with(lw, suf)) continue;
        if (lw.size() == suf.size()) {
            separate_word = true;
            return true;
        }
        // A compound street name: "storgatan", "rosengårdsvägen". Lower-case ones only
        // with a real first part (not "vägen" or "backen" alone) and a suffix that is
        // nearly always a street ("uppdateringen 10" is no address).
        if (capitalised) return true;
        if (lw.size() >= suf.size() + 3 &&
            std::find(lower_ok.begin(), lower_ok.end(), suf) != lower_ok.end())
            return true;
    }
    return false;
}
}  // namespace

void find_addresses(Scan& s) {
    find_care_of(s);
    const auto t = s.text;
    const auto& tk = s.tokens;
    // A flat number alone ("vi bor i lgh 1204"): the four digits of the Swedish
    // apartment register (floor and flat) after its label point at one home even
    // without the street; an address found around it below is longer and wins.
    for (const std::size_t k : s.before_digit) {
        const std::string_view w = s.lower_tok(k);
        if (w != "lgh" && w != "lghnr" && w != "lägenhetsnummer" && w != "lägenhetsnr") continue;
        std::size_t q = tk[k].end;
        if (q < t.size() && t[q] == '.') ++q;
        if (q < t.size() && t[q] == ':') ++q;
        while (q < t.size() && t[q] == ' ') ++q;
        if (digits_from(t, q) == 4 && alnum_boundary_after(t, q + 4) &&
            !is_amount_unit(s.next_word(q + 4)))
            s.add(FindingType::address, tk[k].start, q + 4, 0.75);
    }
    // Extends an address ending at `end` over what may follow it: floor, door,
    // apartment, room, postal code (also on the next line, as in an address block) and
    // town. Sets had_postal when a postal code was taken.
    auto extend = [&](std::size_t end, bool& had_postal) {
        std::size_t pos = end;
        while (pos < t.size()) {
            std::size_t q = pos;
            bool comma = false;
            if (t[q] == ',') {
                ++q;
                comma = true;
            }
            // A line break only before a postal code ("Storgatan 7\n553 21 Jönköping").
            bool newline = false;
            if (!had_postal && q < t.size() && t[q] == '\n') {
                ++q;
                newline = true;
            } else if (!(q < t.size() && t[q] == ' ')) {
                break;
            }
            while (q < t.size() && t[q] == ' ') ++q;
            if (q >= t.size()) break;
            // "2 tr", "1 trappa", "nb", "n.b.", "bv", "lgh 1204", "lägenhet 3", "vån 2", "uppg B"
            auto word_end = [&](std::size_t a) {
                std::size_t b = a;
                while (b < t.size() && (is_ascii_alnum(t[b]) ||
                                        static_cast<unsigned char>(t[b]) >= 0x80 || t[b] == '.'))
                    ++b;
                while (b > a && t[b - 1] == '.') --b;
                return b;
            };
            const std::size_t we = word_end(q);
            const std::string w = lower(t.substr(q, we - q));
            std::size_t next_end = 0;
            if (newline) {
                // only the postal code below
            } else if (w == "nb" || w == "n.b" || w == "bv" || w == "ög" || w == "bottenvåning" ||
                       w == "entréplan") {
                next_end = we;
                if (next_end < t.size() && t[next_end] == '.') ++next_end;
            } else if (w == "lgh" || w == "lgh." || w == "lägenhet" || w == "lägenhetsnummer" ||
                       w == "vån" || w == "våning" || w == "uppg" || w == "uppgång" || w == "tr" ||
                       w == "trappor" || w == "lgh.nr" || w == "lghnr" || w == "port" ||
                       w == "porten" || w == "rum" || w == "rumsnummer" || w == "dörr" ||
                       w == "ingång" || w == "hus") {
                std::size_t a = we;
                if (a < t.size() && t[a] == '.') ++a;
                if (t.substr(a, 4) == " nr ") a += 3;
                if (a < t.size() && t[a] == ' ') ++a;
                const std::size_t m = digits_from(t, a);
                if (m >= 1 && m <= 5)
                    next_end = a + m;
                else if (upper_at(t, a) && alnum_boundary_after(t, a + 1))
                    next_end = a + 1;
            } else if (digits_from(t, q) >= 1 && digits_from(t, q) <= 2 && !had_postal &&
                       !newline) {
                const std::size_t m = digits_from(t, q);
                std::size_t a = q + m;
                if (a < t.size() && t[a] == ' ') ++a;
                const std::size_t b = word_end(a);
                const std::string w2 = lower(t.substr(a, b - a));
                if (w2 == "tr" || w2 == "tr." || w2 == "trappor" || w2 == "trappa" || w2 == "vån" ||
                    w2 == "våningen") {
                    next_end = b;
                    if (next_end < t.size() && t[next_end] == '.' && w2 == "tr") ++next_end;
                }
            }
            if (next_end == 0 && !had_postal) {
                bool sp = false;
                std::size_t pq = q;
                if (t.substr(pq, 3) == "SE-")
                    pq += 3;
                else if (t.substr(pq, 2) == "S-")
                    pq += 2;
                const std::size_t pe = postal_at(t, pq, sp);
                if (pe != 0) {
                    next_end = pe;
                    had_postal = true;
                    // Town after the postal code.
                    std::size_t a = pe;
                    if (a < t.size() && t[a] == ' ') {
                        ++a;
                        const std::size_t ta = s.token_at_or_after(a);
                        // The town: capitalised, or without case but a known place or no
                        // ordinary word ("211 34 malmö", "903 25 umea").
                        if (ta < tk.size() && tk[ta].start == a && tk[ta].has_letter &&
                            !tk[ta].has_digit &&
                            (!s.caseless(ta) || (s.flags[ta] & kPlace) != 0 ||
                             !s.lex.is_ordinary(s.lower_tok(ta)))) {
                            next_end = tk[ta].end;
                            // Two-word towns: "Upplands Väsby", "Östra Göinge".
                            if (ta + 1 < tk.size() && tk[ta + 1].start == tk[ta].end + 1 &&
                                tk[ta + 1].first_upper && !tk[ta + 1].has_digit &&
                                (s.lex.flags(s.lower_tok(ta + 1)) & kPlace) != 0)
                                next_end = tk[ta + 1].end;
                        }
                    }
                }
            }
            if (newline && !had_postal) break;
            if (next_end == 0 && comma) {
                // ", Town" when the town is known or ends the clause.
                const std::size_t ta = s.token_at_or_after(q);
                if (ta < tk.size() && tk[ta].start == q && tk[ta].has_letter && !tk[ta].has_digit &&
                    (!s.caseless(ta) || (s.flags[ta] & kPlace) != 0)) {
                    const std::string_view tl = s.lower_tok(ta);
                    const bool place = (s.lex.flags(tl) & kPlace) != 0;
                    const std::size_t e = tk[ta].end;
                    const bool clause_end =
                        e >= t.size() || std::strchr(".,;:!?)\n", t[e]) != nullptr;
                    if (place || (clause_end && !s.lex.is_ordinary(tl) &&
                                  (s.lex.flags(tl) & (kFirstName | kNonName)) == 0))
                        next_end = e;
                    // A two-word town whose first word is a direction or size ("Östra
                    // Ryd", "Södra Sandby", "Stora Mellösa"), ending the clause.
                    static constexpr std::string_view kTownPrefixes[] = {
                        "östra", "västra", "norra", "södra", "stora", "lilla", "nedre", "övre"};
                    static const std::vector<std::string> town_prefixes = folded(kTownPrefixes);
                    std::string tb;
                    if (next_end == 0 && !s.caseless(ta) && ta + 1 < tk.size() &&
                        tk[ta + 1].start == e + 1 && tk[ta + 1].first_upper &&
                        tk[ta + 1].has_letter && !tk[ta + 1].has_digit &&
                        std::find(town_prefixes.begin(), town_prefixes.end(), fold_view(tl, tb)) !=
                            town_prefixes.end()) {
                        const std::size_t e2 = tk[ta + 1].end;
                        if (e2 >= t.size() || std::strchr(".,;:!?)\n", t[e2]) != nullptr)
                            next_end = e2;
                    }
                }
            }
            if (next_end == 0) break;
            pos = next_end;
        }
        return pos;
    };
    // A street name is followed by its number: only the tokens right before one that
    // opens with a digit are visited, in order, from `next` on.
    std::size_t next = 0;
    for (const std::size_t ti : s.before_digit) {
        if (ti < next) continue;
        const Token& tok = tk[ti];
        if (!tok.has_letter || tok.has_digit) continue;
        {
            // Cheap test first: a street name is followed by " 12" or ", 12".
            std::size_t q = tok.end;
            if (q < t.size() && t[q] == ',') ++q;
            if (!(q + 1 < t.size() && t[q] == ' ' &&
                  (is_ascii_digit(t[q + 1]) || (t[q + 1] == ' ' && digit_at(t, q + 2)))))
                continue;
        }
        const std::string_view lw = s.lower_tok(ti);
        bool separate = false;
        if (lw == "box" && tok.first_upper) {
            // "Box 123": a post-office box is an address on its own.
            std::size_t j = tok.end + 1;
            const std::size_t n = digits_from(t, j);
            if (n >= 1 && n <= 6 && alnum_boundary_after(t, j + n)) {
                bool had_postal = false;
                s.add(FindingType::address, tok.start, extend(j + n, had_postal), 0.9);
            }
            continue;
        }
        bool postal_only = false;
        if (!street_token(lw, tok.first_upper, separate)) {
            // Rural and estate addresses without a street suffix: "Lillgården 4",
            // "Björkebo 12", "Västra Ekeby 3" — capitalised, a place-name ending, and an
            // address cue before it ("bor på", "adress", "till", "hos").
            static constexpr std::string_view kRuralRaw[] = {
                "gården", "gård",   "bo",     "torp",  "torpet", "by",   "byn", "hult",
                "näs",    "stugan", "lyckan", "ängen", "holmen", "åsen", "dal", "dalen",
                "hagen",  "berga",  "sta",    "tuna",  "lund",   "vik"};
            bool rural = false;
            if (tok.first_upper && !tok.all_upper) {
                static const std::vector<std::string> rural_sufs = folded(kRuralRaw);
                std::string rbuf;
                const std::string_view lwf = fold_view(lw, rbuf);
                for (const auto& suf : rural_sufs)
                    rural = rural || (lwf.size() >= suf.size() + 3 && suf.back() == lwf.back() &&
                                      ends_with(lwf, suf));
            }
            if (!rural || (s.flags[ti] & (kFirstName | kSurname | kNonName)) != 0 ||
                !s.word_before(
                    tok.start, 3,
                    {"adress", "adressen", "adressen:", "bor", "bodde", "till", "hos", "boende",
                     "postadress", "besöksadress", "skriven", "folkbokförd"})) {
                // Any other capitalised name with a house number is an address when a
                // postal code and town follow ("Skogsbrynet 6, 443 72 Gråbo"): the code
                // confirms it. Checked below, after the extensions.
                if (!tok.first_upper || tok.all_upper || tok.has_digit || tok.end - tok.start < 4 ||
                    (s.flags[ti] & (kFirstName | kSurname | kNonName | kPlace)) != 0 ||
                    tok.end + 2 >= t.size() || (t[tok.end] != ' ' && t[tok.end] != ',') ||
                    !digit_at(t, tok.end + (t[tok.end] == ',' ? 2 : 1)))
                    continue;
                postal_only = true;
            }
        }
        // House number: spaces, 1-4 digits, optional letter ("12B", "12 B"), range "12-14".
        std::size_t j = tok.end;
        if (j < t.size() && t[j] == ',') ++j;
        if (!(j < t.size() && t[j] == ' ')) continue;
        while (j < t.size() && t[j] == ' ') ++j;
        const std::size_t n = digits_from(t, j);
        if (n == 0 || n > 4 || t[j] == '0') continue;
        std::size_t end = j + n;
        if (end + 1 < t.size() && t[end] == '-' && digit_at(t, end + 1))
            end += 1 + digits_from(t, end + 1);
        if (alpha_at(t, end) && alnum_boundary_after(t, end + 1)) {
            end += 1;
        } else if (end + 1 < t.size() && t[end] == ' ' &&
                   (upper_at(t, end + 1) ||
                    (alpha_at(t, end + 1) && t[end + 1] <= 'h' && s.caseless(ti))) &&
                   alnum_boundary_after(t, end + 2) &&
                   (end + 2 >= t.size() || static_cast<unsigned char>(t[end + 2]) < 0x80)) {
            // "Storgatan 12 B"; without case ("angsvagen 12 b") only a-h, the letters
            // doors and entrances get ("i", "o" and "å" are words).
            end += 2;
        }
        if (!alnum_boundary_after(t, end)) continue;
        // Not "vägen 3 gånger", "gatan 2 km", a date "Storgatan 3 maj"?
        const std::string_view nw = s.next_word(end);
        if (is_amount_unit(nw) && nw != "m") continue;
        // Street name start: preceding capitalised words that belong to it.
        std::size_t start = tok.start;
        std::size_t k = ti;
        int added = 0;
        while (k > 0 && added < 2) {
            const Token& p = tk[k - 1];
            // Without case ("hjalmar brantingsgatan 21") only a prefix or a listed name
            // that is no ordinary word belongs to the street name.
            if (p.has_digit || tk[k].newline_before || !p.has_letter) break;
            if (s.caseless(k - 1) && !(s.flags[k - 1] & (kFirstName | kSurname)) &&
                !(s.flags[k - 1] & kPlace)) {
                std::string fb;
                static constexpr std::string_view kCaselessPrefixes[] = {
                    "stora", "lilla", "norra", "södra", "östra", "västra",
                    "gamla", "nya",   "övre",  "nedre", "sankt"};
                static const std::vector<std::string> cp = folded(kCaselessPrefixes);
                if (std::find(cp.begin(), cp.end(), fold_view(s.lower_tok(k - 1), fb)) == cp.end())
                    break;
            }
            if (s.caseless(k - 1) && (s.flags[k - 1] & (kFirstName | kSurname)) != 0 &&
                s.lex.is_ordinary(s.lower_tok(k - 1)))
                break;
            if (p.end + 1 != tk[k].start || t[p.end] != ' ') break;
            const std::string_view pl = s.lower_tok(k - 1);
            static constexpr std::string_view kPrefixes[] = {
                "stora",      "lilla",     "norra",      "södra",  "östra",
                "västra",     "gamla",     "nya",        "övre",   "nedre",
                "sankt",      "drottning", "kung",       "konung", "prins",
                "prinsessan", "doktor",    "fru",        "kapten", "fältmarskalk",
                "biskop",     "professor", "kyrkoherde", "amiral", "general"};
            const auto f = s.lex.flags(pl);
            static const std::vector<std::string> prefixes = folded(kPrefixes);
            std::string pbuf;
            const std::string_view plf = fold_view(pl, pbuf);
            const bool prefix = std::find(prefixes.begin(), prefixes.end(), plf) != prefixes.end();
            if (!(prefix || (f & (kFirstName | kSurname)) != 0 || ends_with(pl, "s") ||
                  (separate && added == 0)))
                break;
            if (p.sentence_start && !prefix && (f & (kFirstName | kSurname)) == 0 && !separate)
                break;
            start = p.start;
            --k;
            ++added;
        }
        // Extensions: floor, door, apartment, postal code, town.
        bool had_postal = false;
        const std::size_t pos = extend(end, had_postal);
        // "Backe 14, 371 62 Lyckeby": a street word alone is a street name only when a
        // postal code follows; "väg 5" alone is none.
        if (separate && added == 0 && !(had_postal && tok.first_upper)) continue;
        if (postal_only && !had_postal) continue;
        s.add(FindingType::address, start, pos, 0.95);
        next = std::max<std::size_t>(s.token_at_or_after(pos), 1);
    }
}

}  // namespace radfraga::moderation::detail
