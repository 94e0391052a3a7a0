#include "quality/quality.hpp"

#include <hunspell/hunspell.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <fstream>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "quality/src/data.hpp"
#include "quality/src/laws_internal.hpp"
#include "quality/src/text.hpp"

namespace radfraga::quality {

namespace detail {

std::string_view embedded_file(std::string_view name) {
    for (const auto& f : embedded_data()) {
        if (f.name == name) return f.data;
    }
    assert(false && "quality: missing embedded data file");
    return {};
}

}  // namespace detail

std::vector<JargonTerm> parse_jargon(std::string_view tsv) {
    std::vector<JargonTerm> out;
    detail::for_each_data_line(tsv, [&](std::string_view line, std::size_t number) {
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos || tab == 0 || tab + 1 >= line.size() ||
            line.find('\t', tab + 1) != std::string_view::npos) {
            throw std::invalid_argument("jargon.tsv line " + std::to_string(number) +
                                        ": expected term<TAB>suggestion");
        }
        out.push_back({detail::lower(line.substr(0, tab)), std::string(line.substr(tab + 1))});
    });
    return out;
}

std::vector<JargonTerm> shipped_jargon() {
    return parse_jargon(detail::embedded_file("jargon.tsv"));
}

namespace {

using detail::lower;

// Endings of Swedish nouns, verbs and adjectives added to a stem: how a listed base form
// ("insats", "bevilja", "enskilde") appears in running text.
constexpr std::array<std::string_view, 44> kInflections = {
    "",   "s",   "n",    "en",    "ens",  "et",  "ets",  "er",    "ers",  "erna", "ernas",
    "ar", "ars", "arna", "arnas", "or",   "ors", "orna", "ornas", "na",   "nas",  "a",
    "as", "e",   "es",   "ade",   "ades", "at",  "ats",  "ad",    "ande", "de",   "des",
    "t",  "ts",  "te",   "tes",   "d",    "da",  "r",    "rs",    "rna",  "rnas", "ns"};

bool inflects(std::string_view word, std::string_view base) {
    auto with_stem = [&](std::string_view stem) {
        if (!word.starts_with(stem)) return false;
        const auto rest = word.substr(stem.size());
        return std::find(kInflections.begin(), kInflections.end(), rest) != kInflections.end();
    };
    if (with_stem(base)) return true;
    // A base form ending in a vowel drops it before an ending: bevilja -> beviljas,
    // enskilde -> enskilda, ärende -> ärenden.
    if (base.size() > 3 && (base.back() == 'a' || base.back() == 'e')) {
        return with_stem(base.substr(0, base.size() - 1));
    }
    return false;
}

std::vector<std::string> split_words(const std::string& s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto sp = s.find(' ', i);
        const auto e = sp == std::string::npos ? s.size() : sp;
        if (e > i) out.push_back(s.substr(i, e - i));
        i = e + 1;
    }
    return out;
}

}  // namespace

struct Checker::Impl {
    LawTable laws;
    std::vector<JargonTerm> jargon;
    std::vector<std::vector<std::string>> jargon_words;
    std::set<std::string, std::less<>> deponents;
    CheckerOptions options;

    struct Deleter {
        void operator()(Hunhandle* h) const noexcept { Hunspell_destroy(h); }
    };
    std::unique_ptr<Hunhandle, Deleter> hunspell;
    mutable std::mutex mutex;  // Hunspell and the memo are not thread-safe
    mutable std::unordered_map<std::string, bool> spelled;

    bool spell(const std::string& w) const {
        if (w.size() < 2) return false;
        const auto it = spelled.find(w);
        if (it != spelled.end()) return it->second;
        const bool ok = Hunspell_spell(hunspell.get(), w.c_str()) != 0;
        spelled.emplace(w, ok);
        return ok;
    }

    // An active verb paradigm for the stem X: its infinitive, its present (in -er, in -ar
    // unless `er_only`, or X itself when X ends in r: gör, hör), and its present participle
    // or a past form. Nouns share the first two often enough ("pappa", "papper"), the
    // third hardly ever.
    bool verb_stem(const std::string& x, bool er_only = false) const {
        if (x.size() < 2) return false;
        const bool present =
            spell(x + "er") || (!er_only && spell(x + "ar")) || (x.back() == 'r' && spell(x));
        return present && spell(x + "a") &&
               (spell(x + "ande") || spell(x + "ade") || spell(x + "de") || spell(x + "te") ||
                spell(x + "it"));
    }

    // The infinitive of the verb whose stem X is, where a stem in m or n may have lost its
    // double consonant before the s (bestäms: bestämma, känns: känna).
    std::optional<std::string> verb_of(const std::string& x, bool er_only = false) const {
        if (verb_stem(x, er_only)) return x + "a";
        if (!x.empty() && (x.back() == 'm' || x.back() == 'n') && verb_stem(x + x.back(), er_only))
            return x + x.back() + "a";
        return std::nullopt;
    }

    // If `w` (lower case) is the s-form of a verb with an active paradigm, its infinitive.
    // The s-forms: beviljas/sökas (infinitive, present), bedöms/läses (present),
    // beviljades/bedömdes/söktes (past), beviljats/bedömts/skrivits/getts (supine),
    // ges/tas/nås/tillgodoses (verbs whose stem ends in a vowel). Nouns in the genitive
    // (kommunens, barnets, föräldrarnas) have no such paradigm and fall through.
    std::optional<std::string> s_form_lemma(const std::string& w) const {
        if (w.size() < 3 || w.back() != 's') return std::nullopt;
        // An s that belongs to the stem: "läs" is läsa's imperative, not a passive.
        if (spell(w + "a") && (spell(w + "er") || spell(w + "ar"))) return std::nullopt;
        auto strip = [&](std::size_t n) { return w.substr(0, w.size() - n); };
        auto ends = [&](std::string_view e) { return w.size() > e.size() + 1 && w.ends_with(e); };
        if (ends("ades") || ends("ats")) {
            if (spell(strip(1))) {
                if (auto v = verb_of(strip(ends("ades") ? 4 : 3))) return v;
            }
        }
        if (ends("as")) {
            if (auto v = verb_of(strip(2))) return v;
        }
        if ((ends("des") || ends("tes")) && !ends("ades") && spell(strip(1))) {
            if (auto v = verb_of(strip(3))) return v;
        }
        if ((ends("its") || ends("tts")) && spell(strip(1))) {
            const auto x = strip(3);
            if (spell(x + "er") || spell(x + "r")) return spell(x + "a") ? x + "a" : x;
        }
        if (ends("ts") && !ends("ats") && spell(strip(1))) {
            if (auto v = verb_of(strip(2), true)) return v;
        }
        if (ends("es")) {
            if (auto v = verb_of(strip(2), true)) return v;
        }
        const auto x = strip(1);
        const char last = x.back();
        const bool vowel = last == 'a' || last == 'e' || last == 'i' || last == 'o' ||
                           last == 'u' || last == 'y' || (static_cast<unsigned char>(last) >= 0x80);
        if (vowel) {
            // ges (ge, ger, gett), tas (ta, tar, tagit), avslås (avslå, avslår, avslått).
            if (spell(x) && spell(x + "r") && (spell(x + "tt") || spell(x + "git"))) return x;
            return std::nullopt;
        }
        // bedöms (bedömer), görs (gör), skrivs (skriver); an -ar verb's present passive
        // ends in -as, so "kurs" is no form of kura.
        return verb_of(x, true);
    }

    bool passive_s_form(const std::string& w) const {
        const auto lemma = s_form_lemma(w);
        return lemma && !deponents.contains(*lemma + "s") && !deponents.contains(*lemma);
    }

    // A past participle: beviljad/beviljat (bevilja), bedömd/utredd (bedöma, utreda),
    // skriven/skrivna (skriva).
    bool participle(const std::string& w) const {
        if (w.size() < 4) return false;
        auto stem_ok = [&](const std::string& x) { return x.size() >= 2 && verb_stem(x); };
        for (const std::string_view e : {"ade", "ad", "at"}) {
            if (w.ends_with(e) && stem_ok(w.substr(0, w.size() - e.size())) &&
                spell(w.substr(0, w.size() - e.size()) + "ar"))
                return true;
        }
        for (const std::string_view e :
             {"dda", "tta", "da", "ta", "de", "d", "t", "en", "et", "na", "ne"}) {
            if (!w.ends_with(e)) continue;
            std::string x = w.substr(0, w.size() - e.size());
            if (stem_ok(x) && spell(x + "er")) return true;
            // utredd: the stem's own d is the first of the two.
            if ((e == "d" || e == "t" || e == "da" || e == "ta") && !x.empty() &&
                x.back() == e[0] && stem_ok(x) && spell(x + "er"))
                return true;
        }
        return false;
    }
};

Checker::Checker(LawTable laws, std::vector<JargonTerm> jargon, CheckerOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->laws = std::move(laws);
    impl_->jargon = std::move(jargon);
    for (const auto& j : impl_->jargon) impl_->jargon_words.push_back(split_words(j.term));
    detail::for_each_data_line(
        detail::embedded_file("deponents.txt"),
        [&](std::string_view line, std::size_t) { impl_->deponents.emplace(line); });
    impl_->options = std::move(options);
    const auto& o = impl_->options;
    // Hunspell_create does not report a missing file; check first so the error is clear.
    if (std::ifstream(o.hunspell_aff).good() && std::ifstream(o.hunspell_dic).good()) {
        impl_->hunspell.reset(Hunspell_create(o.hunspell_aff.c_str(), o.hunspell_dic.c_str()));
    }
    if (!impl_->hunspell) {
        throw std::runtime_error("quality: cannot open the Hunspell dictionary " + o.hunspell_aff +
                                 " (install hunspell-sv)");
    }
}

Checker::~Checker() = default;
Checker::Checker(Checker&&) noexcept = default;
Checker& Checker::operator=(Checker&&) noexcept = default;

std::vector<LawReference> find_law_references(const LawTable& laws, std::string_view markdown,
                                              const Date& written, const Date& today) {
    const auto plain = detail::plain_text(markdown);
    auto refs = detail::find_law_references(plain, laws, written, today);
    for (auto& r : refs)
        r.text = std::string(markdown.substr(r.span.start, r.span.end - r.span.start));
    return refs;
}

std::vector<LawReference> Checker::law_references(std::string_view markdown, const Date& written,
                                                  const Date& today) const {
    return find_law_references(impl_->laws, markdown, written, today);
}

Report Checker::check(std::string_view markdown, const Date& written, const Date& today) const {
    Report rep;
    const auto plain = detail::plain_text(markdown);
    const std::string_view text(plain.text);
    const auto ws = detail::words(text);
    const auto ss = detail::sentences(plain, ws);

    rep.words = static_cast<int>(ws.size());
    rep.sentences = static_cast<int>(ss.size());
    for (const auto& w : ws) rep.long_words += w.letters > 6 ? 1 : 0;
    if (rep.words > 0 && rep.sentences > 0) {
        rep.lix =
            static_cast<double>(rep.words) / rep.sentences + 100.0 * rep.long_words / rep.words;
    }
    std::vector<std::size_t> sentence_of(ws.size());
    for (std::size_t s = 0; s < ss.size(); ++s) {
        const int n = static_cast<int>(ss[s].last - ss[s].first + 1);
        for (std::size_t k = ss[s].first; k <= ss[s].last; ++k) sentence_of[k] = s;
        if (n > impl_->options.long_sentence_words)
            rep.long_sentences.push_back({{ss[s].start, ss[s].end}, n});
    }

    std::vector<std::string> lw;
    lw.reserve(ws.size());
    for (const auto& w : ws) lw.push_back(lower(text.substr(w.start, w.end - w.start)));

    {
        const std::lock_guard lock(impl_->mutex);
        for (std::size_t k = 0; k < ws.size(); ++k) {
            if (!ws[k].has_letter) continue;
            const std::string& w = lw[k];
            if (w == "bli" || w == "blir" || w == "blev" || w == "blivit" || w == "bliva" ||
                w == "blivit") {
                // bli + past participle, the participle within the next two words.
                for (std::size_t n = k + 1;
                     n < ws.size() && n <= k + 2 && sentence_of[n] == sentence_of[k]; ++n) {
                    if (impl_->participle(lw[n])) {
                        ++rep.passive;
                        rep.passive_spans.push_back({ws[k].start, ws[n].end});
                        k = n;
                        break;
                    }
                }
                continue;
            }
            if (impl_->passive_s_form(w)) {
                ++rep.passive;
                rep.passive_spans.push_back({ws[k].start, ws[k].end});
            }
        }
    }

    // Jargon: each listed term, its words inflected, in a row within one sentence.
    for (std::size_t t = 0; t < impl_->jargon.size(); ++t) {
        const auto& parts = impl_->jargon_words[t];
        if (parts.empty()) continue;
        for (std::size_t k = 0; k + parts.size() <= ws.size(); ++k) {
            bool ok = true;
            for (std::size_t j = 0; j < parts.size() && ok; ++j) {
                const std::size_t n = k + j;
                if (j > 0) {
                    ok = sentence_of[n] == sentence_of[k] &&
                         text.substr(ws[n - 1].end, ws[n].start - ws[n - 1].end)
                                 .find_first_not_of(" \t\n") == std::string_view::npos;
                }
                // Words before the last stand as written or inflected; all of them inflect.
                ok = ok && inflects(lw[n], parts[j]);
            }
            if (ok) {
                rep.jargon.push_back({impl_->jargon[t].term,
                                      impl_->jargon[t].suggestion,
                                      {ws[k].start, ws[k + parts.size() - 1].end}});
            }
        }
    }
    // The longest term where several overlap ("ekonomiskt bistånd" over "bistånd").
    std::sort(rep.jargon.begin(), rep.jargon.end(), [](const JargonHit& a, const JargonHit& b) {
        return a.span.start != b.span.start ? a.span.start < b.span.start : a.span.end > b.span.end;
    });
    std::vector<JargonHit> kept;
    for (auto& h : rep.jargon) {
        if (!kept.empty() && h.span.start < kept.back().span.end) continue;
        kept.push_back(std::move(h));
    }
    rep.jargon = std::move(kept);

    rep.law_refs = detail::find_law_references(plain, impl_->laws, written, today);
    for (auto& r : rep.law_refs)
        r.text = std::string(markdown.substr(r.span.start, r.span.end - r.span.start));
    return rep;
}

}  // namespace radfraga::quality
