// The redactor's fast primitives against plain reference versions on random inputs: the
// tokenizer (its fast paths for ASCII and Latin-1 words), the word table's padded
// look-up and the reading of a Swedish national phone number without libphonenumber.
#include <phonenumbers/phonenumberutil.h>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/utf8.hpp"
#include "moderation/src/detectors.hpp"
#include "moderation/src/lexicon.hpp"
#include "moderation/src/text.hpp"

namespace md = radfraga::moderation::detail;

namespace {

// The word rules of text.hpp read one code point at a time, without fast paths.
std::vector<md::Token> reference_tokens(std::string_view s) {
    std::vector<md::Token> out;
    bool sentence_start = true;
    bool newline = false;
    auto alnum = [](char32_t cp) { return (cp >= '0' && cp <= '9') || md::is_letter(cp); };
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = 1;
        const char32_t cp = md::decode(s, i, len);
        if (!alnum(cp)) {
            if (cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == 0x2026)
                sentence_start = true;
            if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029)
                sentence_start = newline = true;
            i += len;
            continue;
        }
        md::Token t;
        t.start = i;
        t.all_upper = true;
        t.sentence_start = sentence_start;
        t.newline_before = newline;
        bool seen = false;
        std::size_t j = i;
        while (j < s.size()) {
            std::size_t l = 1;
            const char32_t c = md::decode(s, j, l);
            if (c >= '0' && c <= '9') {
                t.has_digit = true;
            } else if (md::is_letter(c)) {
                const bool up = md::is_upper(c);
                if (!seen) t.first_upper = up;
                seen = t.has_letter = true;
                if (!up && !(c >= 0x300 && c <= 0x36F)) t.all_upper = false;
            } else {
                std::size_t l2 = 1;
                const bool joins = (c == '-' || c == '\'' || c == 0x2019 || c == 0x2010) &&
                                   j + l < s.size() && alnum(md::decode(s, j + l, l2));
                if (!joins) break;
                if (c == '-') t.has_hyphen = true;
            }
            j += l;
        }
        t.end = j;
        t.all_upper = t.all_upper && t.has_letter;
        out.push_back(t);
        sentence_start = newline = false;
        i = j;
    }
    return out;
}

std::string random_text(std::mt19937& rng, const std::vector<std::string>& atoms) {
    std::string s;
    const std::size_t n = rng() % (rng() % 3 == 0 ? 200 : 30);
    for (std::size_t k = 0; k < n; ++k) s += atoms[rng() % atoms.size()];
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(moderation_primitives)

BOOST_AUTO_TEST_CASE(tokenizer_agrees_with_reference_on_random_text) {
    const std::vector<std::string> atoms = {"a",          "b",
                                            "z",          "A",
                                            "Z",          "Q",
                                            "0",          "5",
                                            "9",          " ",
                                            "  ",         "\n",
                                            "\r",         ".",
                                            "!",          "?",
                                            ":",          ",",
                                            "-",          "'",
                                            "--",         "''",
                                            "å",          "ä",
                                            "ö",          "Å",
                                            "Ä",          "Ö",
                                            "é",          "É",
                                            "ü",          "ß",
                                            "×",          "÷",
                                            "·",          "\xC3\xBF",
                                            "İ",          "ı",
                                            "Ё",          "ж",
                                            "Ж",          "Ω",
                                            "ω",          "\u0301",
                                            "’",          "‐",
                                            "…",          "\u2028",
                                            "\u2029",     "–",
                                            "—",          "\u00a0",
                                            "😀",          "中",
                                            "ǅ",          "Ÿ",
                                            "Ł",          "ł",
                                            "ª",          "µ",
                                            "º",          "\xD7\x90",
                                            "@",          "#",
                                            "[",          "]",
                                            "\t",         "ab",
                                            "Anna",       "ANNA",
                                            "-a",         "a-",
                                            "x'y",        "abcdefghijklmnop",
                                            "Abcdefghij", "ABCDEFGHIJ",
                                            "ab12",       "12ab",
                                            "Åsa",        "ÅSA",
                                            "x-y",        "ab-cd",
                                            "0-9",        "göra",
                                            "Göteborg"};
    std::mt19937 rng(11);
    md::TokenList list;
    for (int it = 0; it < 100000; ++it) {
        const std::string s = random_text(rng, atoms);
        const auto want = reference_tokens(s);
        list.tokenize(s);
        const auto vec = md::tokenize(s);
        BOOST_REQUIRE(list.size() <= md::max_tokens(s.size()));
        BOOST_REQUIRE_EQUAL(list.size(), want.size());
        BOOST_REQUIRE_EQUAL(vec.size(), want.size());
        for (std::size_t k = 0; k < want.size(); ++k) {
            const md::Token& a = list[k];
            const md::Token& b = want[k];
            const bool same =
                a.start == b.start && a.end == b.end && a.has_letter == b.has_letter &&
                a.has_digit == b.has_digit && a.first_upper == b.first_upper &&
                a.all_upper == b.all_upper && a.sentence_start == b.sentence_start &&
                a.newline_before == b.newline_before && a.has_hyphen == b.has_hyphen &&
                vec[k].start == a.start && vec[k].end == a.end;
            BOOST_REQUIRE_MESSAGE(same, "token " << k << " of [" << s << "]");
        }
    }
}

BOOST_AUTO_TEST_CASE(lowering_in_place_agrees_with_lower_and_utf8_check) {
    // Eight bytes at a time with ASCII and Latin-1 pairs; runs of every length and
    // alignment, pairs cut by the eighth byte, capitals next to ×, ÷ and ß, and invalid
    // sequences.
    const std::vector<std::string> parts = {"a",
                                            "Z",
                                            "abcdefgh",
                                            "ABCDEFGH",
                                            " ",
                                            "\xC3\x85",
                                            "\xC3\xA5",
                                            "\xC3\x96",
                                            "\xC3\x97",
                                            "\xC3\xB7",
                                            "\xC3\x9F",
                                            "\xC3\x9E",
                                            "\xC3\xBF",
                                            "\xC3\x80",
                                            "\xC3",
                                            "\xC3\xC3",
                                            "\xA5",
                                            "\xC2\xA0",
                                            "\xC4\xB0",
                                            "\xD0\x96",
                                            "\xE2\x80\x93",
                                            "\xF0\x9F\x98\x80",
                                            "\xED\xA0\x80",
                                            "\xC1\xBF",
                                            "\xFF",
                                            "@[",
                                            "0701234567"};
    std::mt19937 rng(9);
    std::string buf;
    for (int it = 0; it < 200000; ++it) {
        std::string t;
        const std::size_t n = rng() % 24;
        for (std::size_t k = 0; k < n; ++k) t += parts[rng() % parts.size()];
        buf.assign(t.size(), '\0');
        const md::Lowering r = md::lower_in_place(t, buf.data());
        const bool valid = radfraga::is_valid_utf8(t);
        BOOST_REQUIRE_EQUAL(r == md::Lowering::invalid_utf8, !valid);
        if (!valid) continue;
        const std::string want = md::lower(t);
        if (r == md::Lowering::same_length)
            BOOST_REQUIRE_MESSAGE(buf == want, "[" << t << "]");
        else
            BOOST_REQUIRE(want.size() < t.size());
    }
}

BOOST_AUTO_TEST_CASE(word_table_padded_lookup_agrees_with_plain_lookup) {
    std::mt19937 rng(5);
    const std::string letters = "abcdeklmnorst-'\xC3\xA5\xC3\xA4\xC3\xB6";
    auto word = [&](std::size_t len) {
        std::string w;
        while (w.size() < len) w += letters[rng() % letters.size()];
        return w;
    };
    std::unordered_map<std::string, std::uint32_t, md::StringHash, std::equal_to<>> m;
    for (int k = 0; k < 20000; ++k)
        m[word(1 + rng() % 24)] = static_cast<std::uint32_t>(1 + rng() % 0xFFFF);
    m[std::string("a\0b", 3)] = 7;  // a zero byte is part of a key like any other
    md::FlatWords table;
    table.build(m);
    BOOST_TEST(table.size() == m.size());
    // Words inside a larger buffer, followed by arbitrary bytes, as get_padded() requires.
    std::string buffer;
    std::vector<std::pair<std::size_t, std::size_t>> at;
    for (const auto& [w, f] : m) {
        at.emplace_back(buffer.size(), w.size());
        buffer += w;
        buffer += static_cast<char>(static_cast<unsigned char>(rng() % 256));
    }
    for (int k = 0; k < 50000; ++k) {
        const std::string w = word(rng() % 30);
        at.emplace_back(buffer.size(), w.size());
        buffer += w;
        buffer += word(rng() % 3);
    }
    buffer += std::string(8, 'x');
    for (const auto& [off, len] : at) {
        const std::string_view w(buffer.data() + off, len);
        const auto it = m.find(w);
        const std::uint32_t want = it == m.end() ? 0 : it->second;
        BOOST_REQUIRE_EQUAL(table.get(w), want);
        BOOST_REQUIRE_EQUAL(table.get_padded(w), want);
    }
    BOOST_TEST(table.get("") == 0u);
    BOOST_TEST(table.get(std::string(300, 'a')) == 0u);
    const md::FlatWords empty;
    BOOST_TEST(empty.get("anna") == 0u);
}

BOOST_AUTO_TEST_CASE(national_phone_number_read_as_libphonenumber_parses_it) {
    using i18n::phonenumbers::PhoneNumber;
    using i18n::phonenumbers::PhoneNumberUtil;
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    const std::vector<std::string> seps = {" ",      "-",      ".",      "(",      ")",   "\u00a0",
                                           "\u2013", "\u2014", "\u2010", "\u2011", " - ", "  "};
    std::mt19937 rng(3);
    int read = 0;
    for (int it = 0; it < 20000; ++it) {
        // A window as find_phones() collects it: digits and separators ending in a digit.
        std::string w = it % 10 == 0 ? "" : "0";
        const int digits = 5 + static_cast<int>(rng() % 13);
        for (int d = 0; d < digits; ++d) {
            if (rng() % 3 == 0) w += seps[rng() % seps.size()];
            w += static_cast<char>('0' + (d == 0 && rng() % 4 != 0 ? 1 + rng() % 9 : rng() % 10));
        }
        const std::uint64_t nsn = md::se_national_number(w);
        if (nsn == 0) continue;
        ++read;
        PhoneNumber parsed;
        BOOST_REQUIRE_MESSAGE(util.Parse(w, "SE", &parsed) == PhoneNumberUtil::NO_PARSING_ERROR, w);
        PhoneNumber direct;
        direct.set_country_code(46);
        direct.set_national_number(nsn);
        BOOST_REQUIRE_MESSAGE(parsed.SerializeAsString() == direct.SerializeAsString(), w);
        BOOST_REQUIRE_EQUAL(util.IsValidNumber(parsed), util.IsValidNumber(direct));
    }
    BOOST_TEST(read > 5000);
    BOOST_TEST(md::se_national_number("070-123 45 67") == 701234567u);
    BOOST_TEST(md::se_national_number("00 46 70 123 45 67") == 0u);  // international prefix
    BOOST_TEST(md::se_national_number("0123-45") == 0u);             // too short
}

BOOST_AUTO_TEST_SUITE_END()

// A word Hunspell rejects is most often a name or an address an asker typed: is_ordinary
// may remember it during one redaction call, never after it.
BOOST_AUTO_TEST_CASE(words_hunspell_rejects_do_not_outlive_the_call) {
    const md::Lexicon lex("/usr/share/hunspell/sv_SE.aff", "/usr/share/hunspell/sv_SE.dic", true);
    const std::string name = "qvarnbrinkström";  // no word, no listed name
    const std::string word = "sommarstugorna";   // an ordinary word, left to Hunspell
    {
        const md::Lexicon::RejectedWordsScope call;
        BOOST_TEST(!lex.is_ordinary(name));
        BOOST_TEST(lex.remembers(name));
        BOOST_TEST(lex.is_ordinary(word));
    }
    BOOST_TEST(!lex.remembers(name));
    BOOST_TEST(lex.remembers(word));
    BOOST_TEST(!lex.is_ordinary(name));  // outside a call: asked, and not kept
    BOOST_TEST(!lex.remembers(name));
}

// DictionaryForms may say "no" only where Hunspell says no: checked against Hunspell on the
// name lists (also without å/ä/ö), the words of real texts, dictionary stems glued into compounds
// (Hunspell accepts many of them, some only with a letter dropped or an "s" between) and random
// strings of letters.
BOOST_AUTO_TEST_CASE(dictionary_forms_reject_only_words_hunspell_rejects) {
    const md::Lexicon lex("/usr/share/hunspell/sv_SE.aff", "/usr/share/hunspell/sv_SE.dic", true);
    const md::DictionaryForms& forms = lex.dictionary_forms();
    BOOST_REQUIRE(forms.built());
    std::vector<std::string> words;
    auto add_words_of = [&](std::string_view text) {
        const std::string l = md::lower(text);
        std::size_t i = 0;
        while (i < l.size()) {
            std::size_t j = i;
            while (j < l.size() && (md::is_ascii_alpha(l[j]) ||
                                    static_cast<unsigned char>(l[j]) >= 0x80 || l[j] == '-'))
                ++j;
            if (j > i) words.push_back(l.substr(i, j - i));
            i = j + 1;
        }
    };
    for (const auto& f : md::embedded_data()) {
        if (f.name == "first_names.txt" || f.name == "surnames.txt" || f.name == "places.txt" ||
            f.name == "non_names.txt" || f.name == "small_localities.txt")
            add_words_of(f.data);
    }
    // The lists' words without å/ä/ö too, as the Lexicon adds them ("bergstrom").
    for (std::size_t k = 0, n = words.size(); k < n; ++k) {
        std::string folded;
        if (md::fold_diacritics(words[k], folded)) words.push_back(std::move(folded));
    }
    const char* src = std::getenv("RADFRAGA_SOURCE_DIR");
    {
        std::ifstream in(std::string(src != nullptr ? src : ".") +
                         "/tests/moderation/data/pii-gen2.jsonl");
        BOOST_REQUIRE(in);
        std::string line;
        while (std::getline(in, line)) add_words_of(line);
    }
    // Most words Hunspell rejects in the lists and texts (names) never reach it.
    const std::size_t real_words = words.size();
    std::size_t real_rejected = 0, real_settled = 0;
    for (const auto& w : words) {
        if (lex.hunspell_accepts(w)) continue;
        ++real_rejected;
        if (!forms.may_accept(w)) ++real_settled;
    }
    BOOST_TEST_MESSAGE(real_words << " words of lists and texts, Hunspell rejects " << real_rejected
                                  << ", DictionaryForms settles " << real_settled);
    BOOST_TEST(real_settled * 10 > real_rejected * 9);
    std::vector<std::string> stems;
    {
        std::ifstream in("/usr/share/hunspell/sv_SE.dic");
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line)) {
            const std::string w = line.substr(0, line.find_first_of("/ \t"));
            if (!w.empty() && md::lower(w) == w) stems.push_back(w);
        }
    }
    std::mt19937 rng(20261207);
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    for (int k = 0; k < 8000; ++k) {
        std::string w = pick(stems);
        const int parts = 2 + static_cast<int>(rng() % 2);
        for (int p = 1; p < parts; ++p) {
            switch (rng() % 4) {
                case 0:
                    break;
                case 1:
                    if (w.size() > 2 && md::is_ascii_alpha(w.back())) w.pop_back();
                    break;
                case 2:
                    w += 's';
                    break;
                default:
                    w += 'e';
            }
            w += pick(stems);
        }
        words.push_back(std::move(w));
    }
    static constexpr std::string_view kLetters[] = {"a", "b", "e", "g", "k", "l", "n", "o",
                                                    "r", "s", "t", "å", "ä", "ö", "é"};
    for (int k = 0; k < 2000; ++k) {
        std::string w;
        const std::size_t len = 2 + rng() % 12;
        for (std::size_t i = 0; i < len; ++i) w += kLetters[rng() % std::size(kLetters)];
        words.push_back(std::move(w));
    }
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    std::size_t accepted = 0, rejected = 0, settled = 0;
    for (const auto& w : words) {
        const bool maybe = forms.may_accept(w);
        const bool known = lex.hunspell_accepts(w);
        if (known) BOOST_REQUIRE_MESSAGE(maybe, "Hunspell accepts " << w);
        accepted += known ? 1 : 0;
        rejected += known ? 0 : 1;
        settled += maybe ? 0 : 1;
    }
    BOOST_TEST_MESSAGE(words.size() << " words, Hunspell accepts " << accepted << ", rejects "
                                    << rejected << ", DictionaryForms settles " << settled);
    BOOST_TEST(accepted > 1000u);
    BOOST_TEST(forms.may_accept("fallucka"));
    BOOST_TEST(forms.may_accept("sommarstugorna"));
    BOOST_TEST(!forms.may_accept("qvarnbrinkström"));
    BOOST_TEST(forms.may_accept("lss-handläggare"));  // a hyphen: left to Hunspell
}
