// Quasi-identifiers: small localities, a child's exact age, named schools and homes, rare
// diagnoses and named workplaces. Each is found from the words around it (a place
// preposition, a child word, an institution's head noun, a work verb), not from a list of
// examples; only the localities and diagnoses come from data files, because what is
// small or rare cannot be read off the text.
#include "moderation/src/quasi.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_set>

#include "moderation/src/text.hpp"

namespace radfraga::moderation::detail {

namespace {

std::string_view embedded(std::string_view name) {
    for (const auto& f : embedded_data()) {
        if (f.name == name) return f.data;
    }
    throw std::logic_error("moderation: embedded data file missing: " + std::string(name));
}

template <class Fn>
void lines(std::string_view data, Fn fn) {
    while (!data.empty()) {
        const auto nl = data.find('\n');
        std::string_view line = data.substr(0, nl);
        data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        fn(line);
    }
}

std::vector<std::string> split_words(std::string_view s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto sp = s.find(' ', i);
        const auto e = sp == std::string_view::npos ? s.size() : sp;
        if (e > i) out.emplace_back(s.substr(i, e - i));
        i = e + 1;
    }
    return out;
}

bool ends_with(std::string_view s, std::string_view suf) {
    return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

// The data files, parsed once (a function-local static: thread-safe initialisation).
struct Data {
    // Localities lower-cased, each also folded (å/ä/ö typed as a/o); multi-word ones as
    // word lists.
    std::unordered_set<std::string> localities;
    std::vector<std::vector<std::string>> locality_phrases;
    std::vector<std::vector<std::string>> diagnoses;

    Data() {
        lines(embedded("small_localities.txt"), [&](std::string_view l) {
            const std::string lw = lower(l);
            auto words = split_words(lw);
            if (words.size() > 1) {
                locality_phrases.push_back(words);
                std::string f;
                for (auto& w : words)
                    if (fold_diacritics(w, f)) w = f;
                locality_phrases.push_back(std::move(words));
                return;
            }
            localities.insert(lw);
            std::string f;
            if (fold_diacritics(lw, f)) localities.insert(f);
        });
        lines(embedded("rare_diagnoses.txt"),
              [&](std::string_view l) { diagnoses.push_back(split_words(lower(l))); });
    }
};

const Data& data() {
    static const Data d;
    return d;
}

struct Words {
    std::string_view text;
    std::vector<Token> tk;
    std::vector<std::string> lw;  // each token lower-cased
    std::string_view tok(std::size_t i) const {
        return text.substr(tk[i].start, tk[i].end - tk[i].start);
    }
    // Only spaces (or nothing) between tokens a and a + 1.
    bool adjacent(std::size_t a) const {
        if (a + 1 >= tk.size()) return false;
        for (std::size_t k = tk[a].end; k < tk[a + 1].start; ++k)
            if (text[k] != ' ') return false;
        return true;
    }
    // Same sentence: no . ! ? or line break between tokens a < b.
    bool same_sentence(std::size_t a, std::size_t b) const {
        for (std::size_t k = tk[a].end; k < tk[b].start; ++k)
            if (std::strchr(".!?\n", text[k]) != nullptr) return false;
        return true;
    }
};

// A text word matches a data word as written, with a genitive -s, or with a definite
// ending ("syndromet", "muskeldystrofin"), also when either side drops a genitive
// ("Rett syndrom" / "Retts syndrom").
bool word_matches(std::string_view text_word, std::string_view data_word) {
    if (text_word == data_word) return true;
    for (std::string_view suf : {"s", "en", "et", "n", "t", "ns", "ens", "ets"}) {
        if (text_word.size() == data_word.size() + suf.size() && text_word.starts_with(data_word) &&
            ends_with(text_word, suf))
            return true;
    }
    if (data_word.size() > 3 && data_word.back() == 's' &&
        text_word == data_word.substr(0, data_word.size() - 1))
        return true;
    return false;
}

std::string folded_or(const std::string& w) {
    std::string f;
    return fold_diacritics(w, f) ? f : w;
}

bool place_preposition(std::string_view w) {
    static constexpr std::string_view kWords[] = {"i",    "från", "utanför", "nära", "vid",
                                                  "till", "runt", "kring",   "mot",  "inom"};
    return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

void find_localities(const Words& w, const Lexicon& lex, std::vector<QuasiIdentifier>& out) {
    const Data& d = data();
    for (std::size_t i = 0; i < w.tk.size(); ++i) {
        if (!w.tk[i].has_letter || w.tk[i].has_digit) continue;
        std::size_t n = 0;
        // Two-word localities first ("Östra Göinge").
        for (const auto& ph : d.locality_phrases) {
            if (i + ph.size() > w.tk.size()) continue;
            bool ok = true;
            for (std::size_t k = 0; k < ph.size() && ok; ++k)
                ok = (w.lw[i + k] == ph[k] || folded_or(w.lw[i + k]) == ph[k] ||
                      word_matches(w.lw[i + k], ph[k])) &&
                     (k + 1 == ph.size() || w.adjacent(i + k));
            if (ok) n = std::max(n, ph.size());
        }
        if (n == 0) {
            std::string lw = w.lw[i];
            bool hit = d.localities.contains(lw) || d.localities.contains(folded_or(lw));
            if (!hit && lw.size() > 3 && lw.back() == 's') {
                lw.pop_back();  // genitive: "Vilhelminas skolor"
                hit = d.localities.contains(lw) || d.localities.contains(folded_or(lw));
            }
            if (!hit) continue;
            n = 1;
        }
        // Context: a place preposition before it, "kommun" after it, or a capital in
        // mid-sentence (a locality that is also a word needs one of these).
        const bool prep = i > 0 && place_preposition(w.lw[i - 1]);
        const bool kommun = i + n < w.tk.size() && w.lw[i + n].starts_with("kommun");
        const bool capital = w.tk[i].first_upper && !w.tk[i].all_upper;
        if (!(prep || kommun || (capital && !lex.is_ordinary(w.lw[i])))) continue;
        out.push_back({QuasiKind::locality, w.tk[i].start, w.tk[i + n - 1].end, ""});
        i += n - 1;
    }
}

// ------------------------------------------------------------------ child's age
int number_value(std::string_view lw) {
    if (!lw.empty() && lw.size() <= 2 &&
        std::all_of(lw.begin(), lw.end(), [](char c) { return is_ascii_digit(c); }))
        return std::stoi(std::string(lw));
    static constexpr std::string_view kWords[] = {
        "noll", "ett", "två",  "tre",  "fyra",    "fem",     "sex",    "sju",    "åtta",
        "nio",  "tio", "elva", "tolv", "tretton", "fjorton", "femton", "sexton", "sjutton"};
    for (std::size_t k = 0; k < std::size(kWords); ++k)
        if (lw == kWords[k]) return static_cast<int>(k);
    if (lw == "en") return 1;
    return -1;
}

bool child_word(std::string_view lw) {
    static constexpr std::string_view kWords[] = {
        "son",         "sonen",        "sonens",       "dotter",       "dottern",     "dotterns",
        "barn",        "barnet",       "barnets",      "barnen",       "pojke",       "pojken",
        "flicka",      "flickan",      "tjej",         "tjejen",       "kille",       "killen",
        "grabb",       "grabben",      "bror",         "brodern",      "brorsan",     "syster",
        "systern",     "systerson",    "systerdotter", "brorson",      "brorsdotter", "lillebror",
        "lillasyster", "storebror",    "storasyster",  "barnbarn",     "barnbarnet",  "barnbarnen",
        "elev",        "eleven",       "bebis",        "bebisen",      "sonson",      "dotterson",
        "sondotter",   "dotterdotter", "styvson",      "styvdotter",   "bonusbarn",   "bonusson",
        "bonusdotter", "fosterbarn",   "fosterson",    "fosterdotter", "tonåring",    "tonåringen",
        "unge",        "ungen",        "pojkvän",      "flickvän",     "kompis",      "kusin"};
    return std::find(std::begin(kWords), std::end(kWords), lw) != std::end(kWords);
}

void find_child_ages(const Words& w, std::vector<QuasiIdentifier>& out) {
    const auto& tk = w.tk;
    for (std::size_t i = 0; i < tk.size(); ++i) {
        const std::string& lw = w.lw[i];
        // "14-åriga", "3-åring", "7-årige": one token; a child's age below 18.
        if (const auto h = lw.find("-år"); h != std::string::npos && h > 0 && h <= 2) {
            const int n = number_value(lw.substr(0, h));
            const std::string_view rest = std::string_view(lw).substr(h + 1);
            if (n >= 0 && n < 18 &&
                (rest.starts_with("åring") || rest.starts_with("årig") || rest == "årsåldern")) {
                out.push_back({QuasiKind::child_age, tk[i].start, tk[i].end, ""});
                continue;
            }
        }
        const int n = number_value(lw);
        if (n < 0 || n >= 18) continue;
        const bool years = i + 1 < tk.size() && w.adjacent(i) &&
                           (w.lw[i + 1] == "år" || w.lw[i + 1] == "års" ||
                            w.lw[i + 1] == "månader" || w.lw[i + 1] == "mån");
        // "en", "ett" are articles unless a unit follows ("på ett HVB").
        if ((lw == "en" || lw == "ett") && !years) continue;
        const std::size_t end = years ? tk[i + 1].end : tk[i].end;
        // Not a duration ("i 2 år", "för 3 år sedan", "om 2 år").
        if (i > 0) {
            const std::string& prev = w.lw[i - 1];
            if (prev == "i" || prev == "för" || prev == "om" || prev == "under" ||
                prev == "efter" || prev == "inom" || prev == "sedan" || prev == "sen" ||
                prev == "varje" || prev == "kl" || prev == "klockan")
                continue;
        }
        if (years && i + 2 < tk.size() &&
            (w.lw[i + 2] == "sedan" || w.lw[i + 2] == "sen" || w.lw[i + 2] == "senare"))
            continue;
        // "min son som är 7 år", "dottern 12 år", "min bror på 11", "han är 15".
        bool child = false;
        if (i >= 1 && (w.lw[i - 1] == "på" || w.lw[i - 1] == "är")) {
            const std::size_t lo = i >= 5 ? i - 5 : 0;
            for (std::size_t k = i - 1; k-- > lo && !child;)
                child = child_word(w.lw[k]) && w.same_sentence(k, i);
            if (!child && w.lw[i - 1] == "är" && i >= 2) {
                const std::string& pr = w.lw[i - 2];
                child = (pr == "han" || pr == "hon" || pr == "hen");
            }
        } else if (years) {
            const std::size_t lo = i >= 4 ? i - 4 : 0;
            for (std::size_t k = i; k-- > lo && !child;)
                child = child_word(w.lw[k]) && w.same_sentence(k, i);
        }
        if (!child) continue;
        out.push_back({QuasiKind::child_age, tk[i].start, end, ""});
        if (years) ++i;
    }
}

// ------------------------------------------------------------------ schools and homes
// The head nouns of institutions a child or a vulnerable adult is placed in or goes to.
bool institution_head(std::string_view lw, bool& school_like) {
    static constexpr std::string_view kSchool[] = {"skola",     "skolan",    "skolans",
                                                   "gymnasiet", "gymnasium", "gymnasiets"};
    static constexpr std::string_view kHomes[] = {"boende",
                                                  "boendet",
                                                  "boendets",
                                                  "ungdomshem",
                                                  "ungdomshemmet",
                                                  "behandlingshem",
                                                  "behandlingshemmet",
                                                  "hvb-hem",
                                                  "hvb-hemmet",
                                                  "hvb",
                                                  "gruppbostad",
                                                  "gruppbostaden",
                                                  "fritidsgård",
                                                  "fritidsgården",
                                                  "servicehus",
                                                  "servicehuset",
                                                  "korttidshem",
                                                  "korttidshemmet",
                                                  "sjukhem",
                                                  "sjukhemmet",
                                                  "familjehem",
                                                  "daghem",
                                                  "daghemmet",
                                                  "fritidshem",
                                                  "fritidshemmet"};
    school_like = std::any_of(std::begin(kSchool), std::end(kSchool),
                              [&](std::string_view h) { return ends_with(lw, h); });
    if (school_like) return true;
    return std::any_of(std::begin(kHomes), std::end(kHomes),
                       [&](std::string_view h) { return ends_with(lw, h); });
}

// A capitalised word that can be (part of) a proper name. Swedish capitalises only
// proper nouns, so in mid-sentence the capital is the evidence, even for a name that is
// also a word or a compound ("förskolan Ekorren", "Gränsbo ungdomshem"); at a sentence
// start the word must be no ordinary word.
bool proper_word(const Words& w, const Lexicon& lex, std::size_t i) {
    const Token& t = w.tk[i];
    if (!t.first_upper || t.has_digit || !t.has_letter) return false;
    const std::string& lw = w.lw[i];
    if (t.all_upper && lw.size() <= 4) return false;  // "LSS", "HVB", "BUP"
    if ((lex.flags(lw) & kNonName) != 0) return false;
    return !t.sentence_start || !lex.is_ordinary(lw);
}

// "Förskolan", "Grundskolan", "Gymnasieskolan": a kind of school, not one school.
bool generic_school(std::string_view lw) {
    static constexpr std::string_view kPrefixes[] = {
        "",          "för",     "grund",  "hög",    "gymnasie", "sär", "folkhög",
        "mellan",    "låg",     "musik",  "kultur", "sommar",   "fri", "kommunala",
        "anpassade", "special", "resurs", "dag",    "kvälls"};
    for (std::string_view h : {"skolan", "skola", "skolans"}) {
        if (!ends_with(lw, h)) continue;
        const std::string_view pre = lw.substr(0, lw.size() - h.size());
        if (std::find(std::begin(kPrefixes), std::end(kPrefixes), pre) != std::end(kPrefixes))
            return true;
    }
    return false;
}

void find_institutions(const Words& w, const Lexicon& lex, std::vector<QuasiIdentifier>& out) {
    const auto& tk = w.tk;
    for (std::size_t i = 0; i < tk.size(); ++i) {
        bool school = false;
        if (!tk[i].has_letter || !institution_head(w.lw[i], school)) continue;
        std::size_t start = i, end = i + 1;
        // 1. One capitalised compound: "Tallbackaskolan", "Nyhemsskolan".
        if (school && tk[i].first_upper && !tk[i].all_upper && !generic_school(w.lw[i]) &&
            (!tk[i].sentence_start || !lex.is_ordinary(w.lw[i])) &&
            w.lw[i].find('-') == std::string::npos) {
            out.push_back({QuasiKind::institution, tk[i].start, tk[i].end, ""});
            continue;
        }
        // 2. Head noun then a name: "förskolan Ekorren", "HVB-hemmet Solgläntan".
        while (end < tk.size() && end - i <= 2 && w.adjacent(end - 1) && proper_word(w, lex, end) &&
               !tk[end].sentence_start)
            ++end;
        // 3. A name then the head noun: "Ekbackens äldreboende", "Gränsbo ungdomshem".
        while (start > 0 && i - start < 2 && w.adjacent(start - 1) &&
               proper_word(w, lex, start - 1))
            --start;
        if (start == i && end == i + 1) continue;
        out.push_back({QuasiKind::institution, tk[start].start, tk[end - 1].end, ""});
        i = end - 1;
    }
}

// ------------------------------------------------------------------ workplaces
bool work_word(std::string_view lw) {
    static constexpr std::string_view kWords[] = {
        "jobbar",      "jobbade", "arbetar", "arbetade",    "anställd",     "anställda",
        "jobb",        "jobbet",  "praktik", "praktiserar", "vikarierar",   "sommarjobbar",
        "extrajobbar", "jobbat",  "arbetat", "arbetsplats", "arbetsplatsen"};
    return std::find(std::begin(kWords), std::end(kWords), lw) != std::end(kWords);
}

void find_workplaces(const Words& w, const Lexicon& lex, std::vector<QuasiIdentifier>& out) {
    const auto& tk = w.tk;
    for (std::size_t i = 0; i < tk.size(); ++i) {
        if (!work_word(w.lw[i])) continue;
        // "jobbar (som undersköterska) på X": the preposition within four words.
        std::size_t p = i + 1;
        while (p < tk.size() && p - i <= 4 && w.same_sentence(i, p) && w.lw[p] != "på" &&
               w.lw[p] != "vid" && w.lw[p] != "hos")
            ++p;
        if (p >= tk.size() || p - i > 4 || !w.same_sentence(i, p) || p + 1 >= tk.size()) continue;
        const std::size_t a = p + 1;
        std::size_t end = a;
        // Capitalised words ("ICA Kvantum Strandvägen", "Ekbackens äldreboende").
        while (end < tk.size() && end - a < 4 && (end == a || w.adjacent(end - 1)) &&
               tk[end].first_upper && tk[end].has_letter)
            ++end;
        // Their head noun ("Ekbackens äldreboende").
        bool school = false;
        if (end > a && end < tk.size() && w.adjacent(end - 1) &&
            institution_head(w.lw[end], school))
            ++end;
        // "sågverket i Bräcke": a definite noun and a capitalised place.
        if (end == a && a + 2 < tk.size() && w.lw[a + 1] == "i" && tk[a + 2].first_upper &&
            !tk[a].first_upper && (ends_with(w.lw[a], "et") || ends_with(w.lw[a], "en")))
            end = a + 3;
        if (end == a || (lex.is_ordinary(w.lw[a]) && end == a + 1)) continue;
        out.push_back({QuasiKind::workplace, tk[a].start, tk[end - 1].end, ""});
        i = end - 1;
    }
}

// ------------------------------------------------------------------ diagnoses
void find_diagnoses(const Words& w, std::vector<QuasiIdentifier>& out) {
    const Data& d = data();
    for (std::size_t i = 0; i < w.tk.size(); ++i) {
        std::size_t best = 0;
        for (const auto& dx : d.diagnoses) {
            if (i + dx.size() > w.tk.size() || dx.size() <= best) continue;
            // A short one-word entry is an acronym: capitals only ("ALS", "PKU").
            if (dx.size() == 1 && dx[0].size() <= 4 && !w.tk[i].all_upper) continue;
            bool ok = true;
            for (std::size_t k = 0; k < dx.size() && ok; ++k)
                ok = word_matches(w.lw[i + k], dx[k]) && (k + 1 == dx.size() || w.adjacent(i + k));
            if (ok) best = dx.size();
        }
        if (best == 0) continue;
        out.push_back({QuasiKind::diagnosis, w.tk[i].start, w.tk[i + best - 1].end, ""});
        i += best - 1;
    }
}

}  // namespace

std::vector<QuasiIdentifier> find_quasi(std::string_view text, const Lexicon& lex) {
    Words w{text, tokenize(text), {}};
    w.lw.reserve(w.tk.size());
    for (std::size_t i = 0; i < w.tk.size(); ++i) w.lw.push_back(lower(w.tok(i)));
    std::vector<QuasiIdentifier> found;
    // Workplaces first: "jobbar på Ekbackens äldreboende" is a workplace, not where a
    // child is placed; overlaps keep the first found.
    find_workplaces(w, lex, found);
    find_institutions(w, lex, found);
    find_diagnoses(w, found);
    find_child_ages(w, found);
    find_localities(w, lex, found);
    std::vector<QuasiIdentifier> out;
    for (auto& q : found) {
        const bool overlaps = std::any_of(out.begin(), out.end(), [&](const QuasiIdentifier& o) {
            return q.start < o.end && o.start < q.end;
        });
        if (overlaps) continue;
        q.text = std::string(text.substr(q.start, q.end - q.start));
        out.push_back(std::move(q));
    }
    std::sort(out.begin(), out.end(),
              [](const QuasiIdentifier& a, const QuasiIdentifier& b) { return a.start < b.start; });
    return out;
}

std::string quasi_message(const std::vector<QuasiIdentifier>& parts) {
    std::vector<QuasiKind> kinds;
    for (const auto& p : parts)
        if (std::find(kinds.begin(), kinds.end(), p.kind) == kinds.end()) kinds.push_back(p.kind);
    std::string list;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        if (k > 0) list += k + 1 == kinds.size() ? " och " : ", ";
        list += quasi_kind_label(kinds[k]);
    }
    return "Texten kombinerar " + list +
           ". Var för sig pekar de inte ut någon, men tillsammans kan de göra det. Överväg att "
           "ta bort eller göra någon av dem mer allmän innan publicering.";
}

}  // namespace radfraga::moderation::detail
