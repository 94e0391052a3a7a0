#include "search/src/analyzer.hpp"

#include <xapian.h>
#include <hunspell/hunspell.hxx>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "search/src/embedded.hpp"

namespace radfraga::search::detail {

namespace {

constexpr std::size_t max_word_bytes = 64;
// Beyond this many cached words the cache is cleared and refilled: the archive's
// vocabulary is far smaller, so this only bounds memory against hostile input.
constexpr std::size_t max_cached_words = 400000;

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Suffixes that derive words rather than join them, and that Hunspell also knows as
// words of their own: "lägenhet" is no "lägen" + "het" (hot), "trygghet" no compound;
// and -ande/-ende, which make nouns of verbs: "medgivandet" is no "medgiv" + "andet"
// (the spirit), "boende" no "bo" + "ende".
bool is_derivational_suffix(std::string_view head) {
    for (std::string_view s : {"het", "heten", "heter", "heterna", "ande", "andet", "anden",
                               "andena", "ende", "endet", "enden", "endena"}) {
        if (head == s) return true;
    }
    return false;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void add_unique(std::vector<std::string>& v, std::string s) {
    if (s.empty()) return;
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

std::unordered_set<std::string> load_stopwords() {
    std::unordered_set<std::string> out;
    std::string_view data = embedded_file("stopwords.txt");
    while (!data.empty()) {
        auto nl = data.find('\n');
        std::string_view line = data.substr(0, nl);
        data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        out.emplace(line);
    }
    return out;
}

// Each form of a strong or irregular verb → its infinitive. The s-passive of a past or
// supine form is that form with -s ("togs", "stals", "tagits", "stulits", "såldes"), and
// it stands for the verb too: "jag våldtogs" meets "blev våldtagen", "har stulits" meets
// "stal". Hunspell leads back only some of them ("slogs", "gavs") and Snowball none.
// Participles ("tagen", "taget", "tagna", "såld", "sålda") take no -s: a word made of one
// with -s is another word's genitive or nothing. Left out: "finna", whose -s forms
// ("fanns", "funnits") are "finnas", to exist, a verb of its own and among the commonest
// words of any text.
std::unordered_map<std::string, std::string> load_verb_forms() {
    std::unordered_map<std::string, std::string> out;
    const auto participle = [](std::string_view f) {
        for (std::string_view end : {"en", "et", "na", "da", "d"}) {
            if (ends_with(f, end)) return true;
        }
        return false;
    };
    for (const auto& verb : verb_lines()) {
        for (const auto& form : verb.forms) out.emplace(form, verb.infinitive);
    }
    for (const auto& verb : verb_lines()) {
        if (verb.infinitive == "finna") continue;
        for (const auto& form : verb.forms) {
            if (!participle(form)) out.emplace(form + "s", verb.infinitive);
        }
    }
    return out;
}

// RAII owner of a Hunspell handle. Hunspell is not thread-safe: callers hold the
// analyzer's work mutex.
class Dictionary {
  public:
    Dictionary(const std::filesystem::path& aff, const std::filesystem::path& dic) {
        // Hunspell prints nothing and returns an empty dictionary for missing files,
        // which would silently degrade search; check first.
        for (const auto& p : {aff, dic}) {
            std::ifstream f(p);
            if (!f)
                throw Error("Kan inte läsa Hunspell-ordlistan " + p.string() +
                            " (paketet hunspell-sv).");
        }
        h_ = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
    }
    bool spell(const std::string& w) {
        auto it = spell_memo_.find(w);
        if (it != spell_memo_.end()) return it->second;
        bool ok = h_->spell(w);
        if (spell_memo_.size() > max_cached_words) spell_memo_.clear();
        spell_memo_.emplace(w, ok);
        return ok;
    }
    // Whether the dictionary lists `w` (in any inflection), not merely accepts it as a
    // compound it makes up: "missbruk" and "plats" are listed, "spelmiss" and
    // "boendeplats" are accepted only as compounds.
    bool listed(const std::string& w) {
        auto it = listed_memo_.find(w);
        if (it != listed_memo_.end()) return it->second;
        int info = 0;
        const bool ok = h_->spell(w, &info) && (info & compound_flag) == 0;
        if (listed_memo_.size() > max_cached_words) listed_memo_.clear();
        listed_memo_.emplace(w, ok);
        return ok;
    }
    std::vector<std::string> lemmas(const std::string& w) { return h_->stem(w); }

  private:
    static constexpr int compound_flag = 1;  // Hunspell's SPELL_COMPOUND (atypes.hxx)
    std::unique_ptr<Hunspell> h_;
    std::unordered_map<std::string, bool> spell_memo_;
    std::unordered_map<std::string, bool> listed_memo_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    const char* base = text.data();
    Xapian::Utf8Iterator it(text.data(), text.size());
    Xapian::Utf8Iterator end;
    Token cur;
    bool in_word = false;
    auto flush = [&](std::size_t at) {
        if (in_word && cur.word.size() <= max_word_bytes) {
            cur.end = at;
            out.push_back(std::move(cur));
        }
        cur = Token{};
        in_word = false;
    };
    while (it != end) {
        // ASCII, most of Swedish text, without the Unicode tables: letters and digits
        // are word characters (as Xapian::Unicode::is_wordchar says), the rest separate.
        if (const auto c = static_cast<unsigned char>(*it.raw()); c < 0x80) {
            const auto offset = static_cast<std::size_t>(it.raw() - base);
            const bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z',
                       digit = c >= '0' && c <= '9';
            if (lower || upper || digit) {
                if (!in_word) {
                    in_word = true;
                    cur.begin = offset;
                }
                if (cur.word.size() <= max_word_bytes)
                    cur.word += static_cast<char>(upper ? c + ('a' - 'A') : c);
            } else {
                flush(offset);
            }
            ++it;
            continue;
        }
        const auto offset = static_cast<std::size_t>(it.raw() - base);
        const unsigned ch = *it;
        ++it;
        const auto next = it == end ? text.size() : static_cast<std::size_t>(it.raw() - base);
        // Utf8Iterator reads a stray byte as a Latin-1 character; a one-byte "character"
        // above ASCII is invalid UTF-8 and counts as a separator.
        const bool invalid = ch >= 0x80 && next - offset == 1;
        if (!invalid && ch != '_' && Xapian::Unicode::is_wordchar(ch)) {
            if (!in_word) {
                in_word = true;
                cur.begin = offset;
            }
            if (cur.word.size() <= max_word_bytes)
                Xapian::Unicode::append_utf8(cur.word, Xapian::Unicode::tolower(ch));
        } else {
            flush(offset);
        }
    }
    flush(text.size());
    return out;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        if (!is_continuation(c)) ++n;
    }
    return n;
}

std::vector<std::string> modifier_forms(const std::string& a) {
    std::vector<std::string> out;
    if (code_points(a) < 3) return out;
    out.push_back(a);
    if (ends_with(a, "s") && code_points(a) >= 4) out.push_back(a.substr(0, a.size() - 1));
    out.push_back(a + "a");
    if (ends_with(a, "ar")) out.push_back(a + "e");
    if (ends_with(a, "e") && code_points(a) >= 4) out.push_back(a.substr(0, a.size() - 1));
    return out;
}

struct Analyzer::Impl {
    Analysis mode;
    std::unordered_set<std::string> stopwords;
    std::unordered_map<std::string, std::string> verb_forms;  // "tog" → "ta"
    std::unique_ptr<Dictionary> dict;                         // null in baseline mode

    mutable std::mutex work_mutex;                            // guards dict, stemmer and noun_memo
    mutable std::unordered_map<std::string, bool> noun_memo;  // Analyzer::noun
    mutable Xapian::Stem stemmer{"swedish"};

    mutable std::shared_mutex cache_mutex;
    mutable std::unordered_map<std::string, std::shared_ptr<const WordAnalysis>> cache;

    std::string stem_locked(const std::string& w) const { return stemmer(w); }

    // Hunspell lemmas, lower-cased (proper nouns come back capitalised). Only for words
    // Hunspell accepts: Hunspell 1.7.1 (Debian 12) crashes in stem()/analyze() on some
    // unknown compounds, such as "xförsörjningsstöd" and "xbetalningsanmärkning" (found
    // by fuzz/search; a reader can type them), while spell() handles them. An unknown
    // word has no lemmas to give anyway.
    std::vector<std::string> lemmas_locked(const std::string& w) const {
        if (!dict->spell(w)) return {};
        std::vector<std::string> out;
        for (auto& l : dict->lemmas(w)) add_unique(out, Xapian::Unicode::tolower(l));
        return out;
    }

    // The base form of a compound's modifier (see modifier_forms): the first form the
    // dictionary lists; empty if none is.
    std::string modifier_locked(const std::string& a) const {
        for (auto& form : modifier_forms(a)) {
            if (dict->listed(form)) return form;
        }
        return {};
    }

    struct Split {
        std::size_t at = 0;    // byte offset of the head
        std::string modifier;  // base form of the modifier
        int score = -1;
    };

    // The most plausible two-way split of a compound: both sides words the dictionary
    // lists (not compounds Hunspell would make up), of at least three letters, preferring the split
    // whose shorter side is longest (this beats spurious splits off short words: "hyres|skuld" over
    // "hyress|kuld"). Of two splits as good, the one with the longer modifier wins: a Swedish
    // compound's head is its last word and the modifier may be a compound itself, so
    // "äldreboende|plats" rather than "äldre|boendeplats". A head that is a
    // derivational suffix ("lägen|het") is no split.
    Split split_locked(const std::string& w) const {
        Split best;
        for (std::size_t i = 1; i < w.size(); ++i) {
            if (is_continuation(w[i])) continue;
            std::string head = w.substr(i);
            const auto head_len = code_points(head);
            const auto mod_len = code_points(std::string_view(w).substr(0, i));
            if (mod_len < 3 || head_len < 3) continue;
            const int bound = static_cast<int>(std::min(head_len, mod_len));
            if (bound < best.score) continue;
            if (is_derivational_suffix(head)) continue;
            if (stopwords.contains(head) || !dict->listed(head)) continue;
            std::string mod = modifier_locked(w.substr(0, i));
            if (mod.empty() || stopwords.contains(mod)) continue;
            const int score = static_cast<int>(std::min(head_len, code_points(mod)));
            if (score >= best.score) best = Split{i, std::move(mod), score};
        }
        return best;
    }

    // -ning/-ing/-an nouns share a root with their verb: "anmälning", "anmälan" and
    // "anmäla" all give the stem of "anmäla". Only when Hunspell knows the verb.
    void add_verb_roots_locked(std::vector<std::string>& primary) const {
        const std::vector<std::string> stems = primary;
        for (const auto& s : stems) {
            for (std::string_view suffix : {"ning", "ing", "an"}) {
                if (!ends_with(s, suffix)) continue;
                std::string root = s.substr(0, s.size() - suffix.size());
                if (code_points(root) < 3) continue;
                if (dict->spell(root + "a")) {
                    add_unique(primary, stem_locked(root + "a"));
                    break;
                }
            }
        }
    }

    // Hunspell "stems" some compounds to their first part ("boendestöd" → "boende").
    // That is no lemma: a lemma that is a prefix of the word followed by four letters or
    // more is rejected when they are a word, or when the whole is a compound Hunspell
    // makes up rather than lists: "tandvårdsbistånd" is no "tand", though "vårdsbistånd"
    // (with the linking s) is no word on its own.
    bool compound_modifier_locked(const std::string& w, const std::string& lemma) const {
        std::size_t common = 0;
        while (common < w.size() && common < lemma.size() && w[common] == lemma[common]) ++common;
        while (common > 0 && common < w.size() && is_continuation(w[common])) --common;
        if (common + 1 < lemma.size()) return false;  // not a prefix (allowing hyra/hyres)
        const std::string rest = w.substr(common);
        return code_points(rest) >= 4 && (dict->spell(rest) || !dict->listed(w));
    }

    // Hunspell "stems" other compounds to their head ("umgängesstöd" → "stöd"). That is
    // no lemma of the word either: it would make the compound match every text with the
    // head alone, and at a common head's weight. A lemma that stands inside the word after
    // a modifier of three letters or more is such a head; the compound's own lemma is
    // then the modifier glued to it ("umgängesstödet" → "umgängesstöd"). Empty if `lemma`
    // is no head of `w`.
    static std::string compound_lemma_from_head(const std::string& w, const std::string& lemma) {
        if (lemma.empty() || lemma.size() >= w.size()) return {};
        for (std::size_t i = 1; i + lemma.size() <= w.size(); ++i) {
            if (is_continuation(w[i]) || w.compare(i, lemma.size(), lemma) != 0) continue;
            if (code_points(std::string_view(w).substr(0, i)) < 3) continue;
            return w.substr(0, i) + lemma;
        }
        return {};
    }

    // The singular of a Swedish plural noun that hunspell-sv lists as an entry of its own,
    // with nothing that ties it to its singular, so that Hunspell "stems" it to itself:
    // most are plurals that change the vowel ("söner", "döttrar", "böcker", "bostäder"),
    // some double a consonant ("vänner"). Unlinked, a reader's "mina söner" would find no
    // "son", and "döttrar", seven letters long, would split as "dött" + "rar". Empty when
    // `p` is no such plural. Two forms for the nouns that contract their long form
    // ("bröder" → "broder", "bror"; "mödrar" → "moder", "mor").
    //
    // A plural noun here: it ends in -r, has ä or ö as the last vowel before its ending,
    // and the dictionary takes its definite plural with -na ("sönerna"), analysed back
    // to it. Its singular is the first candidate the dictionary knows as a noun (it takes
    // -en, -et or -n and is analysed back): the plural without -er (-rar → -er: "döttrar"
    // → "dötter"), with a doubled consonant single ("vänner" → "vän") or a final -e;
    // then the same with that ä turned back to a or å, ö to o, a "ck" to "k" ("böcker"
    // → "bok", "bönder" → "bonde"). The plain candidates come first, so a noun whose
    // singular has the ä already ("gränder" → "gränd", not "grand") keeps it. A plural
    // Hunspell derives from another lemma is left alone ("stänger" is also a form of
    // "stänga", "vägar" of "väg"), except where the whole word turned back is a long
    // form that contracts ("bröder", which Hunspell reads as "bröd").
    std::vector<std::string> singular_locked(const std::string& p) const {
        std::u32string w = to_u32(p);
        if (w.size() < 4 || w.back() != U'r' || !dict->spell(p)) return {};
        std::u32string strip;
        if (w.ends_with(U"rar")) {
            strip = w.substr(0, w.size() - 3);
        } else if (w.ends_with(U"er")) {
            strip = w.substr(0, w.size() - 2);
        } else {
            return {};
        }
        const auto umlaut = last_vowel(strip);
        if (w.ends_with(U"rar")) strip += U"er";
        if (umlaut == std::u32string::npos || (strip[umlaut] != U'ä' && strip[umlaut] != U'ö'))
            return {};
        if (!dict->spell(p + "na")) return {};
        const std::vector<std::string> own = lemmas_locked(p);
        for (const auto& l : lemmas_locked(p + "na")) {
            if (l != p && std::find(own.begin(), own.end(), l) == own.end()) return {};
        }
        const bool has_own_lemma =
            std::any_of(own.begin(), own.end(), [&](const std::string& l) { return l != p; });
        std::vector<std::u32string> plain, turned;
        const std::u32string single = without_double(strip, false);
        if (!single.empty()) plain.push_back(single);
        plain.push_back(strip);
        plain.push_back(strip + U"e");
        for (const auto& b : {without_double(strip, true), strip}) {
            if (!b.empty()) add_turned_back(turned, b, umlaut);
        }
        add_turned_back(turned, strip + U"e", umlaut);
        std::vector<std::u32string> whole;
        add_turned_back(whole, w, umlaut);
        for (const auto& c : whole) {
            auto forms = contracted_locked(from_u32(c));
            if (!forms.empty()) return forms;
        }
        if (has_own_lemma) return {};
        for (const auto* list : {&plain, &turned}) {
            for (const auto& c32 : *list) {
                const std::string c = from_u32(c32);
                if (c == p || code_points(c) < 3) continue;
                auto forms = contracted_locked(c);
                if (!forms.empty()) return forms;
                if (noun_locked(c)) return {c};
            }
        }
        return {};
    }

    // "broder" → {"broder", "bror"}, "moder" → {"moder", "mor"} when the dictionary lists
    // both; else empty. Not "fader" → "far": "far" is as often the verb "fara" ("barn
    // som far illa"), which Hunspell does not tell apart, so "fäder" keeps "fader" only.
    std::vector<std::string> contracted_locked(const std::string& c) const {
        if (!ends_with(c, "oder") || !dict->spell(c)) return {};
        std::string s = c.substr(0, c.size() - 4) + "or";
        if (!dict->spell(s)) return {};
        return {c, s};
    }

    // Whether the dictionary knows `c` as a noun: it takes a definite singular ending
    // (-en, -et, -n after a vowel or -er/-el, or -en after a doubled last consonant) that
    // Hunspell analyses back to `c`. An adjective's -t or -a is no such ending.
    bool noun_locked(const std::string& c) const {
        if (!dict->spell(c)) return false;
        std::vector<std::string> endings = {"en", "et"};
        const std::u32string w = to_u32(c);
        if (is_vowel(w.back()) || ends_with(c, "er") || ends_with(c, "el")) endings.push_back("n");
        if (!is_vowel(w.back())) {
            std::u32string doubled = w;
            doubled.push_back(w.back());
            endings.push_back(from_u32(doubled).substr(c.size()) + "en");
        }
        for (const auto& e : endings) {
            const auto lemmas = lemmas_locked(c + e);
            if (std::find(lemmas.begin(), lemmas.end(), c) != lemmas.end()) return true;
        }
        return false;
    }

    static bool is_vowel(char32_t c) {
        return std::u32string_view(U"aeiouyåäöé").find(c) != std::u32string_view::npos;
    }
    static std::size_t last_vowel(const std::u32string& w) {
        for (std::size_t i = w.size(); i-- > 0;) {
            if (is_vowel(w[i])) return i;
        }
        return std::u32string::npos;
    }
    // `b` with its doubled last consonant single ("vänn" → "vän"), or with "ck" as "k"
    // when `ck` (only after a vowel turned back: "böck" → "bök" → "bok"); else empty.
    static std::u32string without_double(const std::u32string& b, bool ck) {
        const auto n = b.size();
        if (n >= 2 && b[n - 1] == b[n - 2] && !is_vowel(b[n - 1])) return b.substr(0, n - 1);
        if (ck && b.ends_with(U"ck")) return b.substr(0, n - 2) + U"k";
        return {};
    }
    // `b` with the vowel at `at` turned back from its umlaut: ä → a, å; ö → o.
    static void add_turned_back(std::vector<std::u32string>& out, std::u32string b,
                                std::size_t at) {
        if (at >= b.size()) return;
        for (char32_t v : b[at] == U'ä' ? std::u32string_view(U"aå") : std::u32string_view(U"o")) {
            b[at] = v;
            out.push_back(b);
        }
    }
    static std::u32string to_u32(const std::string& s) {
        std::u32string out;
        for (Xapian::Utf8Iterator it(s); it != Xapian::Utf8Iterator(); ++it)
            out.push_back(static_cast<char32_t>(*it));
        return out;
    }
    static std::string from_u32(const std::u32string& s) {
        std::string out;
        for (char32_t c : s) Xapian::Unicode::append_utf8(out, static_cast<unsigned>(c));
        return out;
    }

    static bool ends_in_vowel(const std::string& w) {
        static const std::vector<std::string> vowels = {"a", "e", "i", "o", "u",
                                                        "y", "å", "ä", "ö"};
        return std::any_of(vowels.begin(), vowels.end(),
                           [&](const std::string& v) { return w.ends_with(v); });
    }

    WordAnalysis compute_locked(const std::string& w, int depth) const {
        WordAnalysis a;
        // The baseline is what Xapian's TermGenerator does with a stemmer: no stopwords.
        a.stopword = mode == Analysis::swedish && stopwords.contains(w);
        add_unique(a.primary, stem_locked(w));
        a.position = a.primary.front();
        if (mode == Analysis::snowball_baseline || has_digit(w)) return a;
        if (code_points(w) < 3) {
            // Too short for Hunspell's lemmas: the word is its own base form ("ta", "gå").
            a.may_be_verb = ends_in_vowel(w);
            return a;
        }
        // Split the shortest lemma, not the word: "beslutet" is "beslut" + -et, no
        // compound, while "hyresskulden" is "hyresskuld" + -en.
        std::string base = w;
        // A strong verb's form stands for its infinitive, and Hunspell's readings of it
        // are not used: they are the form itself or another word ("tog" → "toga").
        if (const auto verb = verb_forms.find(w); verb != verb_forms.end()) {
            add_unique(a.primary, stem_locked(verb->second));
            a.position = stem_locked(verb->second);
            a.may_be_verb = true;
            return a;
        }
        std::vector<std::string> lemmas_with_word = {w};
        // The definite plural ("sönerna", "sönernas") stands for the plural it is made of.
        for (std::string_view end : {"rnas", "rna"}) {
            if (ends_with(w, end)) {
                std::string indefinite = w.substr(0, w.size() - end.size() + 1);
                if (dict->spell(indefinite)) add_unique(lemmas_with_word, indefinite);
                break;
            }
        }
        for (const auto& l : lemmas_locked(w)) {
            add_unique(lemmas_with_word, l);
            a.may_be_verb = a.may_be_verb || ends_in_vowel(l);
            if (code_points(l) < 2 || compound_modifier_locked(w, l)) continue;
            std::string lemma = compound_lemma_from_head(w, l);
            if (lemma.empty()) lemma = l;
            add_unique(a.primary, stem_locked(lemma));
            if (code_points(lemma) < code_points(base)) base = lemma;
        }
        // A plural hunspell-sv lists on its own also stands for its singular; that singular
        // is the word's base, so "fosterdöttrar" splits as "foster" + "dotter".
        for (const std::string& form : lemmas_with_word) {
            for (const auto& s : singular_locked(form)) {
                add_unique(a.primary, stem_locked(s));
                if (code_points(s) < code_points(base)) base = s;
            }
        }
        if (base != w) a.position = stem_locked(base);
        add_verb_roots_locked(a.primary);
        if (depth == 0 && code_points(base) >= 7 && !a.stopword) {
            Split sp = split_locked(base);
            if (sp.score > 0) {
                WordAnalysis mod = compute_locked(sp.modifier, depth + 1);
                // The head as it stands in the word ("skulden"), when the lemma is a
                // prefix of the word; else the lemma's head.
                const bool same_prefix = w.compare(0, sp.at, base, 0, sp.at) == 0;
                const std::string head_word = same_prefix ? w.substr(sp.at) : base.substr(sp.at);
                WordAnalysis head = compute_locked(head_word, depth + 1);
                if (same_prefix) {
                    const std::string prefix = w.substr(0, sp.at);
                    for (const auto& p : head.primary) add_unique(a.primary, prefix + p);
                }
                a.parts.push_back(std::move(mod.primary));
                a.parts.push_back(std::move(head.primary));
                a.part_words = {sp.modifier, head_word};
            }
        }
        return a;
    }
};

Analyzer::Analyzer(const Options& options) : impl_(std::make_unique<Impl>()) {
    impl_->mode = options.analysis;
    impl_->stopwords = load_stopwords();
    impl_->verb_forms = load_verb_forms();
    if (options.analysis == Analysis::swedish) {
        impl_->dict = std::make_unique<Dictionary>(options.hunspell_aff, options.hunspell_dic);
    }
}

Analyzer::~Analyzer() = default;

Analysis Analyzer::mode() const {
    return impl_->mode;
}

std::shared_ptr<const WordAnalysis> Analyzer::analyze(const std::string& word) const {
    {
        std::shared_lock lock(impl_->cache_mutex);
        auto it = impl_->cache.find(word);
        if (it != impl_->cache.end()) return it->second;
    }
    std::shared_ptr<const WordAnalysis> result;
    {
        std::lock_guard lock(impl_->work_mutex);
        result = std::make_shared<const WordAnalysis>(impl_->compute_locked(word, 0));
    }
    std::unique_lock lock(impl_->cache_mutex);
    if (impl_->cache.size() >= max_cached_words) impl_->cache.clear();
    impl_->cache.emplace(word, result);
    return result;
}

std::string Analyzer::stem(const std::string& word) const {
    auto a = analyze(word);
    return a->position.empty() ? word : a->position;
}

bool same_but_ending(std::string_view a, std::string_view b) {
    std::size_t common = static_cast<std::size_t>(
        std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
    while (common > 0 && common < a.size() &&
           (static_cast<unsigned char>(a[common]) & 0xC0U) == 0x80U) {
        --common;  // back to the start of the letter the two differ in
    }
    return code_points(a.substr(0, common)) + 2 >= std::min(code_points(a), code_points(b));
}

bool Analyzer::listed(const std::string& word) const {
    if (!impl_->dict) return false;
    std::lock_guard lock(impl_->work_mutex);
    return impl_->dict->listed(word);
}

bool Analyzer::noun(const std::string& word) const {
    if (!impl_->dict) return false;
    std::lock_guard lock(impl_->work_mutex);
    if (const auto it = impl_->noun_memo.find(word); it != impl_->noun_memo.end())
        return it->second;
    // By its lemmas (a base form is its own), so an inflected form is not tried with
    // endings of its own ("skuldenen"): Hunspell's check of a word it does not know is
    // its slowest path.
    std::vector<std::string> lemmas;
    if (!impl_->verb_forms.contains(word)) lemmas = impl_->lemmas_locked(word);
    if (lemmas.empty()) lemmas.push_back(word);
    const bool found = std::any_of(lemmas.begin(), lemmas.end(),
                                   [&](const std::string& l) { return impl_->noun_locked(l); });
    if (impl_->noun_memo.size() > max_cached_words) impl_->noun_memo.clear();
    impl_->noun_memo.emplace(word, found);
    return found;
}

std::vector<std::string> Analyzer::base_forms(const std::string& word) const {
    std::vector<std::string> out = {word};
    if (!impl_->dict) return out;
    if (const auto verb = impl_->verb_forms.find(word); verb != impl_->verb_forms.end()) {
        add_unique(out, verb->second);
        return out;
    }
    std::lock_guard lock(impl_->work_mutex);
    for (auto& l : impl_->lemmas_locked(word)) add_unique(out, std::move(l));
    return out;
}

bool Analyzer::accepts(const std::string& word) const {
    if (!impl_->dict) return false;
    std::lock_guard lock(impl_->work_mutex);
    return impl_->dict->spell(word);
}

bool Analyzer::is_stopword(const std::string& word) const {
    return impl_->mode == Analysis::swedish && impl_->stopwords.contains(word);
}

bool Analyzer::is_particle(const std::string& word) const {
    static const std::unordered_set<std::string> particles = {
        "av", "efter", "med", "mot", "om", "på", "till", "upp", "ut", "åt", "över"};
    return impl_->mode == Analysis::swedish && particles.contains(word) && is_stopword(word);
}

std::vector<VerbLine> verb_lines() {
    std::vector<VerbLine> out;
    std::string_view data = embedded_file("verbs.txt");
    while (!data.empty()) {
        const auto nl = data.find('\n');
        std::string_view line = data.substr(0, nl);
        data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
        line = line.substr(0, line.find('#'));
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        VerbLine verb{std::string(line.substr(0, colon)), {}};
        std::string_view forms = line.substr(colon + 1);
        while (!forms.empty()) {
            const auto sp = forms.find(' ');
            const std::string_view form = forms.substr(0, sp);
            forms = sp == std::string_view::npos ? std::string_view{} : forms.substr(sp + 1);
            if (!form.empty()) verb.forms.emplace_back(form);
        }
        out.push_back(std::move(verb));
    }
    return out;
}

bool Analyzer::is_verb_form(const std::string& word) const {
    return impl_->mode == Analysis::swedish && impl_->verb_forms.contains(word);
}

std::string Analyzer::fingerprint() const {
    // Bump the version whenever compute_locked or the document layout changes.
    std::string f = impl_->mode == Analysis::swedish ? "swedish-v16" : "snowball-v2";
    f += "/stop" + std::to_string(impl_->stopwords.size());
    if (impl_->mode == Analysis::swedish) f += "/verbs" + std::to_string(impl_->verb_forms.size());
    return f;
}

}  // namespace radfraga::search::detail
