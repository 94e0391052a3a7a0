#include <algorithm>
#include <cassert>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "core/time.hpp"
#include "quality/quality.hpp"
#include "quality/src/data.hpp"
#include "quality/src/laws_internal.hpp"
#include "quality/src/text.hpp"

namespace radfraga::quality {

std::optional<Date> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto num = [&](std::size_t from, std::size_t n, int& v) {
        v = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            v = v * 10 + (s[i] - '0');
        }
        return true;
    };
    Date d;
    if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day)) return std::nullopt;
    if (d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
    int y = 0;
    unsigned m = 0;
    unsigned dd = 0;
    civil_from_days(
        days_from_civil(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day)), y, m,
        dd);
    if (y != d.year || static_cast<int>(m) != d.month || static_cast<int>(dd) != d.day)
        return std::nullopt;
    return d;
}

std::string format_date(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string_view status_name(LawStatus s) {
    switch (s) {
        case LawStatus::current:
            return "current";
        case LawStatus::replaced:
            return "replaced";
        case LawStatus::unknown:
            return "unknown";
    }
    return "unknown";
}

namespace {

bool is_sfs(std::string_view s) {
    const auto colon = s.find(':');
    if (colon != 4 || s.size() < 6 || s.size() > 9) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i != colon && (s[i] < '0' || s[i] > '9')) return false;
    }
    return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (;;) {
        const auto p = s.find(sep);
        out.push_back(s.substr(0, p));
        if (p == std::string_view::npos) break;
        s.remove_prefix(p + 1);
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

LawTable LawTable::parse(std::string_view tsv) {
    LawTable t;
    detail::for_each_data_line(tsv, [&](std::string_view line, std::size_t number) {
        const auto fail = [&](const std::string& why) {
            throw std::invalid_argument("laws.tsv line " + std::to_string(number) + ": " + why);
        };
        auto cols = split(line, '\t');
        while (cols.size() < 6) cols.emplace_back();
        if (cols.size() > 6) fail("more than six columns");
        Law law;
        law.name = detail::lower(trim(cols[0]));
        if (law.name.empty()) fail("no name");
        for (const auto a : split(cols[1], ',')) {
            if (!trim(a).empty()) law.abbreviations.emplace_back(trim(a));
        }
        law.sfs = std::string(trim(cols[2]));
        if (!is_sfs(law.sfs)) fail("SFS number is not YYYY:N");
        const auto from = parse_date(trim(cols[3]));
        if (!from) fail("in force from is not YYYY-MM-DD");
        law.in_force_from = *from;
        if (!trim(cols[4]).empty()) {
            law.in_force_until = parse_date(trim(cols[4]));
            if (!law.in_force_until) fail("in force until is not YYYY-MM-DD");
            if (*law.in_force_until < law.in_force_from) fail("in force until is before from");
        }
        law.replaced_by = std::string(trim(cols[5]));
        if (!law.replaced_by.empty() && !is_sfs(law.replaced_by)) fail("replaced by is not YYYY:N");
        for (const auto& other : t.laws_) {
            if (other.sfs == law.sfs) fail("SFS number " + law.sfs + " twice");
        }
        t.laws_.push_back(std::move(law));
    });
    return t;
}

const LawTable& LawTable::shipped() {
    static const LawTable table = parse(detail::embedded_file("laws.tsv"));
    return table;
}

LawTable LawTable::for_data_folder(const std::filesystem::path& data_dir) {
    const auto file = data_dir / "laws.tsv";
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return shipped();
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in && !in.eof()) throw std::runtime_error("cannot read " + file.string());
    return parse(ss.str());
}

const Law* LawTable::by_sfs(std::string_view sfs) const {
    for (const auto& l : laws_) {
        if (l.sfs == sfs) return &l;
    }
    return nullptr;
}

namespace detail {

namespace {

constexpr std::string_view kSection = "(?:\xC2\xA7)";
// A section number, with the letter of an inserted section ("9 a"); such letters come
// from the start of the alphabet, which keeps the prepositions "i" and "om" out.
const std::string kNum = "\\d{1,3}(?: ?[a-h](?![a-z\xC3]))?";
const std::string kSep = "\\s*(?:,|-|\xE2\x80\x93|och)\\s*";
const std::string kSecList = kNum + "(?:" + kSep + kNum + ")*";
const std::string kSectionPart =
    "(?:" + kSecList + "\\s*" + std::string(kSection) + "(?:" + std::string(kSection) + ")?|" +
    std::string(kSection) + "(?:" + std::string(kSection) + ")?\\s*" + kSecList +
    "|paragraf(?:en|erna)?\\s+" + kSecList + "|" + kSecList + "\\s+paragraf(?:en|erna)?)";
const std::string kChapterPart =
    "(?:\\d{1,2}(?: ?[a-z](?![a-z\xC3]))?\\s*(?:kapitlet|kap\\.?)|kapitel\\s+\\d{1,2}(?: "
    "?[a-z](?![a-z\xC3]))?)";
const std::string kExtra =
    "(?:\\s*(?:(?:f\xC3\xB6rsta|andra|tredje|fj\xC3\xA4rde|femte|sj\xC3\xA4tte|sjunde|\\d{1,2})\\s*"
    "(?:stycket|st\\.)|(?:punkt|p\\.)\\s*\\d{1,2}|\\d{1,2}\\s*p\\.?|\\d{1,2}(?![\\d:]))(?![a-z\xC3]"
    "))*";
// (1) chapter, (2) section, then paragraphs and points.
const std::string kLocator = "(?:(" + kChapterPart + ")\\s*)?(" + kSectionPart + ")?" + kExtra;

struct Patterns {
    std::regex before{"(" + kLocator + ")\\s*(?:i\\s+|enligt\\s+)?$"};
    std::regex after{"^\\s*,?\\s*(" + kLocator + ")"};
    std::regex colon_before{"(\\d{1,2}):(\\d{1,3})\\s*(?:i\\s+)?$"};
    std::regex colon_after{"^\\s*(\\d{1,2}):(\\d{1,3})(?![\\d])"};
    std::regex chapter_number{"(\\d{1,2}(?: ?[a-z](?![a-z\xC3]))?)"};
    std::regex sec_list{kSecList};
    std::regex paren_sfs{"^\\s*\\(\\s*(?:sfs\\s*)?(\\d{4}:\\d{1,4})\\s*\\)"};
    std::regex paren_word{"^\\s*\\(\\s*([A-Za-z]+)\\s*\\)"};
    std::regex sfs{"(?:sfs\\s*)?((?:1[6-9]|20)\\d\\d:\\d{1,4})(?![\\d])"};
};

const Patterns& patterns() {
    static const Patterns p;
    return p;
}

bool alnum_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return false;
    std::size_t len = 0;
    const char32_t c = decode(s, i, len);
    return (c >= '0' && c <= '9') || is_letter(c);
}

bool alnum_before(std::string_view s, std::size_t i) {
    if (i == 0) return false;
    std::size_t j = i - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0u) == 0x80u) --j;
    return alnum_at(s, j);
}

// A whole word at [start, end): no letter or digit on either side, and not part of a
// hyphenated compound ("LSS-insats", "insats-LSS").
bool whole_word(std::string_view s, std::size_t start, std::size_t end) {
    if (alnum_before(s, start) || alnum_at(s, end)) return false;
    if (start > 0 && s[start - 1] == '-' && alnum_before(s, start - 1)) return false;
    if (end < s.size() && s[end] == '-' && alnum_at(s, end + 1)) return false;
    return true;
}

enum class Kind { name, abbreviation, sfs };

struct Designation {
    std::size_t start = 0;
    std::size_t end = 0;
    Kind kind = Kind::name;
    std::string key;  // law name, abbreviation or SFS number
};

// The forms of a law's name in running text: a word in the definite form ending in -en
// ("socialtjänstlagen", "lagen", "balken") also stands as its indefinite ("lag") and
// genitive ("lagens") forms.
std::vector<std::string> name_forms(const std::string& name) {
    std::vector<std::string> forms{""};
    const auto ws = split(name, ' ');
    for (std::size_t i = 0; i < ws.size(); ++i) {
        const std::string w(ws[i]);
        std::vector<std::string> variants{w};
        if (w.size() >= 5 && w.ends_with("en")) {
            variants.push_back(w.substr(0, w.size() - 2));
            variants.push_back(w + "s");
        }
        std::vector<std::string> next;
        for (const auto& f : forms) {
            for (const auto& v : variants) next.push_back(f + (i == 0 ? "" : " ") + v);
        }
        forms = std::move(next);
    }
    return forms;
}

void find_all(std::string_view hay, std::string_view needle, Kind kind, const std::string& key,
              std::vector<Designation>& out) {
    if (needle.empty()) return;
    for (std::size_t p = hay.find(needle); p != std::string_view::npos;
         p = hay.find(needle, p + 1)) {
        std::size_t end = p + needle.size();
        // The genitive of an abbreviation: "SoL:s".
        if (kind == Kind::abbreviation && hay.substr(end, 2) == ":s" && !alnum_at(hay, end + 2))
            end += 2;
        if (whole_word(hay, p, end)) out.push_back({p, end, kind, key});
    }
}

std::string squeeze(std::string_view s) {
    std::string out;
    bool space = false;
    for (const char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// Chapter and section from the text of a locator match.
void read_locator(const std::string& chapter_text, const std::string& section_text,
                  LawReference& r) {
    const auto& p = patterns();
    std::smatch m;
    if (!chapter_text.empty() && std::regex_search(chapter_text, m, p.chapter_number)) {
        r.chapter = squeeze(m.str(1));
    }
    if (!section_text.empty() && std::regex_search(section_text, m, p.sec_list)) {
        r.section = squeeze(m.str(0));
    }
}

}  // namespace

std::vector<LawReference> find_law_references(const PlainText& plain, const LawTable& table,
                                              const Date& written, const Date& today) {
    const std::string_view text(plain.text);
    const std::string low = lower(text);
    const auto& p = patterns();

    std::vector<Designation> ds;
    for (const auto& law : table.laws()) {
        for (const auto& form : name_forms(law.name)) find_all(low, form, Kind::name, law.name, ds);
        for (const auto& a : law.abbreviations) find_all(text, a, Kind::abbreviation, a, ds);
    }
    for (auto it = std::sregex_iterator(low.begin(), low.end(), p.sfs);
         it != std::sregex_iterator(); ++it) {
        const auto start = static_cast<std::size_t>(it->position(0));
        const auto end = start + static_cast<std::size_t>(it->length(0));
        const bool prefixed = it->length(0) != it->length(1);
        std::size_t b = start;
        while (b > 0 && low[b - 1] == ' ') --b;
        const bool in_parens = b > 0 && low[b - 1] == '(';
        if ((prefixed || in_parens) && !alnum_before(low, start) && !alnum_at(low, end)) {
            // A parenthesised number is the reference with its parentheses: "(1993:387)".
            std::size_t e = end;
            while (e < low.size() && low[e] == ' ') ++e;
            if (in_parens && e < low.size() && low[e] == ')') {
                ds.push_back({b - 1, e + 1, Kind::sfs, it->str(1)});
            } else {
                ds.push_back({start, end, Kind::sfs, it->str(1)});
            }
        }
    }
    // Leftmost first, the longest of those starting together, and none inside another.
    std::sort(ds.begin(), ds.end(), [](const Designation& a, const Designation& b) {
        return a.start != b.start ? a.start < b.start : a.end > b.end;
    });

    std::vector<LawReference> refs;
    std::size_t consumed = 0;  // end of the last reference
    for (const auto& d : ds) {
        if (d.start < consumed) continue;
        LawReference r;
        std::size_t start = d.start;
        std::size_t end = d.end;
        std::string explicit_sfs = d.kind == Kind::sfs ? d.key : "";
        std::string name = d.kind == Kind::name ? d.key : "";
        std::string abbreviation = d.kind == Kind::abbreviation ? d.key : "";

        // "socialtjänstlagen (SoL)", "förvaltningslagen (2017:900)".
        if (d.kind != Kind::sfs) {
            const std::string rest(low.substr(end, 40));
            std::smatch m;
            if (std::regex_search(rest, m, p.paren_sfs)) {
                explicit_sfs = m.str(1);
                end += static_cast<std::size_t>(m.length(0));
            } else {
                const std::string rest_case(text.substr(end, 40));
                if (std::regex_search(rest_case, m, p.paren_word)) {
                    for (const auto& law : table.laws()) {
                        const bool same =
                            d.kind == Kind::name
                                ? law.name == name
                                : std::find(law.abbreviations.begin(), law.abbreviations.end(),
                                            d.key) != law.abbreviations.end();
                        if (!same) continue;
                        if (std::find(law.abbreviations.begin(), law.abbreviations.end(),
                                      m.str(1)) != law.abbreviations.end() ||
                            law.name == lower(m.str(1))) {
                            end += static_cast<std::size_t>(m.length(0));
                            break;
                        }
                    }
                }
            }
        }

        // The locator: before the designation ("4 kap. 1 § SoL"), else after it ("LSS 9 §").
        bool located = false;
        {
            const std::size_t from = std::max(consumed, start > 120 ? start - 120 : std::size_t{0});
            const std::string window(low.substr(from, start - from));
            std::smatch m;
            if (std::regex_search(window, m, p.before) && (m[2].matched || m[3].matched) &&
                !alnum_before(low, from + static_cast<std::size_t>(m.position(0)))) {
                read_locator(m[2].matched ? m.str(2) : "", m[3].matched ? m.str(3) : "", r);
                start = from + static_cast<std::size_t>(m.position(1));
                located = true;
            } else if (std::regex_search(window, m, p.colon_before) &&
                       !alnum_before(low, from + static_cast<std::size_t>(m.position(0)))) {
                r.chapter = m.str(1);
                r.section = m.str(2);
                start = from + static_cast<std::size_t>(m.position(0));
                located = true;
            }
        }
        if (!located) {
            const std::string window(low.substr(end, 80));
            std::smatch m;
            if (std::regex_search(window, m, p.after) && (m[2].matched || m[3].matched)) {
                read_locator(m[2].matched ? m.str(2) : "", m[3].matched ? m.str(3) : "", r);
                std::size_t e = end + static_cast<std::size_t>(m.position(1) + m.length(1));
                while (e > end && (low[e - 1] == ' ' || low[e - 1] == '\n')) --e;
                end = e;
                located = true;
            } else if (std::regex_search(window, m, p.colon_after)) {
                r.chapter = m.str(1);
                r.section = m.str(2);
                end += static_cast<std::size_t>(m.position(0) + m.length(0));
                located = true;
            }
        }
        // A bare abbreviation of fewer than three letters ("FB", "KL") is too often
        // something else; it counts only with a locator or an SFS number.
        if (d.kind == Kind::abbreviation && !located && explicit_sfs.empty()) {
            if (d.key.size() < 3) continue;
        }

        // Which statute: the SFS number when written, else the one in force that day.
        const Law* law = nullptr;
        if (!explicit_sfs.empty()) {
            law = table.by_sfs(explicit_sfs);
        } else {
            std::vector<const Law*> rows;
            for (const auto& l : table.laws()) {
                const bool match = d.kind == Kind::name
                                       ? l.name == name
                                       : std::find(l.abbreviations.begin(), l.abbreviations.end(),
                                                   abbreviation) != l.abbreviations.end();
                if (match) rows.push_back(&l);
            }
            std::sort(rows.begin(), rows.end(), [](const Law* a, const Law* b) {
                return a->in_force_from < b->in_force_from;
            });
            for (const Law* l : rows) {
                if (l->in_force_from <= written) law = l;
            }
            if (law == nullptr && !rows.empty()) law = rows.front();
        }
        if (law != nullptr) {
            r.law = law->abbreviations.empty() ? law->name : law->abbreviations.front();
            r.sfs = law->sfs;
            const bool gone = law->in_force_until && *law->in_force_until < today;
            r.status = gone ? LawStatus::replaced : LawStatus::current;
            if (gone) {
                r.in_force_until = law->in_force_until;
                r.replaced_by = law->replaced_by;
            }
        } else {
            r.law = abbreviation.empty() ? name : abbreviation;
            r.sfs = explicit_sfs;
            r.status = LawStatus::unknown;
        }
        r.span = {start, end};
        r.text = std::string(text.substr(start, end - start));
        consumed = end;
        refs.push_back(std::move(r));
    }
    return refs;
}

}  // namespace detail

}  // namespace radfraga::quality
