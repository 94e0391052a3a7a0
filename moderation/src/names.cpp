// Person names. Evidence, strongest first:
//  1. context cues just before a word: role words ("min handläggare", "min son"),
//     naming verbs ("heter"), greetings ("Hej"), sign-offs ("Mvh", "/", last line);
//  2. the curated first-name and surname lists (moderation/data/);
//  3. capitalisation in mid-sentence, since Swedish capitalises only proper nouns;
//  4. Hunspell: a word Hunspell knows in lower case is an ordinary word ("saga",
//     "stig", "björn"), so as a name it needs 1. or 3. ("Min dotter Saga").
// A name is extended over particles (von, af, al) and following surnames; phrases in
// non_names.txt ("Lex Sarah", "Maria Ungdom") and genitives before institutions
// ("Astrid Lindgrens barnsjukhus") are not persons.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "moderation/src/detectors.hpp"

namespace radfraga::moderation::detail {

namespace {

enum class Cue { none, role, naming, signoff, greeting };

bool only_spaces(std::string_view t, std::size_t a, std::size_t b) {
    for (std::size_t i = a; i < b; ++i) {
        if (t[i] != ' ') return false;
    }
    return b > a;
}

[[gnu::always_inline]] inline bool ends_with(std::string_view s, std::string_view suf) {
    return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

// ends_with() for each of the literal heads, compared at their fixed lengths.
template <std::size_t... N>
[[gnu::always_inline]] inline bool ends_any(std::string_view w, const char (&... heads)[N]) {
    return (ends_with(w, std::string_view(heads, N - 1)) || ...);
}

bool placeish(std::string_view lw) {
    static constexpr std::string_view sufs[] = {
        "gatan",      "vägen",     "gränd",  "torget",       "allén",     "parken",
        "skolan",     "sjukhuset", "kyrkan", "platsen",      "stigen",    "backen",
        "leden",      "gården",    "huset",  "hemmet",       "kliniken",  "centralen",
        "stiftelsen", "linjen",    "jouren", "mottagningen", "förbundet", "föreningen"};
    // The suffix must follow a stem of its own ("Björkallén", "Ekgatan"): "Wallén" and
    // "Dahlstigen"-like surnames end in the letters of a suffix, not in a suffix.
    return std::any_of(std::begin(sufs), std::end(sufs), [&](std::string_view s) {
        return lw.size() >= s.size() + 2 && s.back() == lw.back() && ends_with(lw, s);
    });
}

enum class Head { none, school, home, business };
Head institution_head(std::string_view lw);

class NameFinder {
  public:
    explicit NameFinder(Scan& s) : s_(s), t_(s.text), tk_(s.tokens), blocked_(tk_.size(), 0) {}

    void run() {
        block_phrases_and_placeholders();
        // Most tokens are lower-case words that are no listed first name, which try_name()
        // turns down: only capitalised words and listed first names are visited (the
        // lists Scan::capitalised and Scan::first_names, merged in order), from `from` on.
        MergedIndices candidates(s_.capitalised, s_.first_names);
        std::size_t from = 0;
        for (std::size_t i = 0; candidates.next(i);) {
            if (i < from) continue;
            if (!word(i) || (s_.caseless(i) &&
                             !((nflags(i) & kFirstName) != 0 && tk_[i].end - tk_[i].start >= 3)))
                continue;
            const std::size_t next = try_name(i);
            if (next > i) from = next;
        }
        propagate();
    }

    // A word found as a name is the same name wherever else the text uses it ("min son
    // kalle ... alla säger kalle"): other occurrences are proposed too, unless there it is
    // an ordinary word ("Min morfar Bror ... min bror"), which must then be capitalised in
    // mid-sentence to count.
    void propagate() {
        if (named_.empty()) return;
        // One bit per (length, first byte) of the names found: most words are let go by
        // one test before the list is compared.
        auto bit = [](std::string_view w) {
            return std::uint64_t{1} << ((w.size() * 7 + static_cast<unsigned char>(w[0])) & 63u);
        };
        std::uint64_t names = 0;
        for (const std::string_view n : named_) {
            if (!n.empty()) names |= bit(n);
        }
        for (std::size_t j = 0; j < tk_.size(); ++j) {
            if (tk_[j].end - tk_[j].start < 3) continue;
            const std::string_view w = s_.lower_tok(j);
            if (w.empty() || (names & bit(w)) == 0 || named_tok_[j] != 0 || !word(j)) continue;
            if (std::none_of(named_.begin(), named_.end(), [&](std::string_view n) {
                    return n.size() == w.size() && n[0] == w[0] && n == w;
                }))
                continue;
            if ((s_.flags[j] & (kNonName | kPlace)) != 0) continue;
            // An ordinary word counts when it is written as the name was: capitalised in
            // mid-sentence, or without case where the name was found without case.
            const bool as_found =
                s_.caseless(j)
                    ? std::find(named_lower_.begin(), named_lower_.end(), w) != named_lower_.end()
                    : !tk_[j].sentence_start;
            if (ordinary(j) && !as_found && !inverted_subject(j)) continue;
            s_.add(FindingType::name, tk_[j].start, tk_[j].end, 0.7);
        }
    }

    // "kan klara bo hos mig?": in a question the subject stands between the finite verb
    // (a modal that opens the clause) and the infinitive, so a name repeated there is the
    // person even when it is also a verb. The infinitive is read from its shape: it ends
    // in -a, or is one of the one-syllable verbs that end in another vowel ("bo", "gå").
    bool inverted_subject(std::size_t j) const {
        static constexpr std::string_view kModal[] = {
            "kan",   "får",    "ska",   "skall", "måste",  "bör",     "vill",
            "kunde", "skulle", "borde", "fick",  "kommer", "behöver", "brukar"};
        static constexpr std::string_view kShortInf[] = {"bo", "gå", "se",  "få", "stå", "ha",
                                                         "ta", "dö", "slå", "må", "tro", "be"};
        if (j == 0 || j + 1 >= tk_.size() || !s_.caseless(j) || !s_.caseless(j + 1) ||
            !only_spaces(t_, tk_[j - 1].end, tk_[j].start) ||
            !only_spaces(t_, tk_[j].end, tk_[j + 1].start) || !word(j + 1))
            return false;
        const std::string_view m = s_.lower_tok(j - 1);
        if (!one_of(m, kModal)) return false;
        const std::string_view v = s_.lower_tok(j + 1);
        return (v.size() >= 3 && v.back() == 'a' && s_.lex.is_ordinary(v)) || one_of(v, kShortInf);
    }

    void note_named(std::size_t from, std::size_t to) {
        if (named_tok_.empty()) named_tok_.assign(tk_.size(), 0);
        for (std::size_t k = from; k < to; ++k) {
            named_tok_[k] = 1;
            if (tk_[k].end - tk_[k].start < 3) continue;
            named_.emplace_back(s_.lower_tok(k));
            if (s_.caseless(k)) named_lower_.emplace_back(s_.lower_tok(k));
        }
    }

  private:
    bool word(std::size_t i) const {
        return tk_[i].has_letter && !tk_[i].has_digit && !blocked_[i];
    }
    std::uint32_t nflags(std::size_t i) const { return s_.flags[i] | s_.gflags[i]; }
    bool ordinary(std::size_t i) const {
        const auto f = s_.flags[i];
        if ((f & (kFirstName | kSurname)) != 0) return (f & kOrdinary) != 0;
        // A genitive ("Noahs") is ordinary when its base is, or when the whole form is a
        // word of its own ("klass", "finns", "minnas" are not Klas', Finn's or Minna's).
        if ((s_.gflags[i] & (kFirstName | kSurname)) != 0)
            return (s_.gflags[i] & kOrdinary) != 0 || s_.lex.is_ordinary(s_.lower_tok(i));
        if ((f & (kOrdinary | kNonName)) != 0) return true;
        return s_.lex.is_ordinary(s_.lower_tok(i));
    }

    void block_phrases_and_placeholders() {
        const auto& phrases = s_.lex.non_person_phrases();
        // Our own placeholders ("[namn]") are never names or cues.
        auto placeholder = [&](std::size_t i) {
            return tk_[i].start > 0 && t_[tk_[i].start - 1] == '[' && tk_[i].end < t_.size() &&
                   t_[tk_[i].end] == ']';
        };
        // The operator's allow-list: never a name, a cue or part of one.
        const bool any_allowed = !s_.allowed.empty();
        if (any_allowed || t_.find('[') != std::string_view::npos) {
            for (std::size_t i = 0; i < tk_.size(); ++i) {
                if ((any_allowed && s_.allowed[i] != 0) || placeholder(i)) blocked_[i] = 1;
            }
        }
        for (std::size_t i = 0; i < tk_.size() && (s_.any_flags & kPhraseStart) != 0; ++i) {
            if ((s_.flags[i] & kPhraseStart) == 0) continue;
            // A phrase is not read from a token the allow-list covers or a placeholder.
            if ((any_allowed && s_.allowed[i] != 0) || placeholder(i)) continue;
            const std::string_view first = s_.lower_tok(i);
            for (const auto& ph : phrases) {
                if (ph.empty() || ph[0] != first || i + ph.size() > tk_.size()) continue;
                bool ok = true;
                for (std::size_t k = 1; k < ph.size() && ok; ++k) {
                    const std::string_view w = s_.lower_tok(i + k);
                    // Allow an inflected last word ("Maria Ungdoms", "barnsjukhuset").
                    ok = w == ph[k] || (k + 1 == ph.size() && w.starts_with(ph[k]));
                }
                if (ok) {
                    for (std::size_t k = 0; k < ph.size(); ++k) blocked_[i + k] = 1;
                }
            }
        }
    }

    // Closed-class words (pronouns, prepositions, adverbs, English auxiliaries) that are
    // also first names: after "min son" they continue the sentence, they do not name him
    // ("min son per månad", "min partner hen").
    static bool closed_class(std::string_view lw) {
        static constexpr std::string_view words[] = {"per", "hen",  "hans", "max",  "can", "will",
                                                     "dag", "bo",   "mot",  "om",   "man", "kan",
                                                     "tim", "mark", "love", "alla", "inga"};
        return one_of(lw, words);
    }

    // A listed surname that is no ordinary word right after token i, written the same
    // way (both without case, or both in capitals): "sara lindström", "SARA LINDSTRÖM".
    // The pair names a person even when the first name alone is also a word.
    bool surname_pair_follows(std::size_t i) const {
        if (i + 1 >= tk_.size() || !word(i + 1) || !only_spaces(t_, tk_[i].end, tk_[i + 1].start))
            return false;
        const auto f = s_.flags[i + 1];
        if ((f & kSurname) == 0 || (f & (kOrdinary | kNonName | kPlace)) != 0 || ordinary(i + 1))
            return false;
        return s_.caseless(i) == s_.caseless(i + 1) && tk_[i].all_upper == tk_[i + 1].all_upper;
    }

    // The personal pronouns, a closed class: "Hej Anna Jag undrar" starts a sentence
    // without its full stop.
    static bool pronoun(std::string_view w) {
        static constexpr std::string_view words[] = {"jag", "du", "han", "hon", "hen", "vi",
                                                     "ni",  "de", "dem", "den", "det", "man"};
        return one_of(w, words);
    }

    // The possessive pronouns: a closed class that opens a noun phrase, so never a name
    // without case ("Sara och Sarah heter mina döttrar").
    static bool possessive(std::string_view w) {
        static constexpr std::string_view words[] = {
            "min", "mitt", "mina", "vår", "vårt", "våra", "hans", "hennes", "deras",
            "din", "ditt", "dina", "er",  "ert",  "era",  "sin",  "sitt",   "sina"};
        return one_of(w, words);
    }

    // A possessive right before token p ("min son", "vår dotter", "hennes pojkvän").
    bool possessive_before(std::size_t p) const {
        if (p == 0 || !only_spaces(t_, tk_[p - 1].end, tk_[p].start)) return false;
        return possessive(s_.lower_tok(p - 1));
    }

    Cue cue_before(std::size_t i) const {
        const std::size_t start = tk_[i].start;
        // "/Anna", "// Anna", " - Anna" at a sign-off.
        std::size_t k = start;
        while (k > 0 && t_[k - 1] == ' ') --k;
        if (k > 0 && t_[k - 1] == '/' &&
            (k < 2 || !std::isalnum(static_cast<unsigned char>(t_[k - 2]))))
            return Cue::signoff;
        if (i == 0) return Cue::none;
        const std::size_t p = i - 1;
        const std::string_view between = t_.substr(tk_[p].end, start - tk_[p].end);
        const auto f = s_.flags[p];
        bool newline = false;
        for (char c : between) {
            if (c == '\n' || c == '\r') {
                newline = true;
            } else if (c != ' ' && c != ',' && c != ':' && c != '!' && c != '-') {
                return Cue::none;
            }
        }
        if (blocked_[p]) return Cue::none;
        if ((f & kCueSignoff) != 0) return Cue::signoff;
        if (newline) return Cue::none;
        if ((f & kCueNaming) != 0) return Cue::naming;
        if ((f & kCueRole) != 0 && between.find(':') == std::string_view::npos) return Cue::role;
        if ((f & kCueGreeting) != 0 && tk_[p].sentence_start) return Cue::greeting;
        // "mitt namn är X", "namnet är X"
        // "e" is how "är" is typed in sms style ("mitt namn e sanna", "jag e lisa").
        if (p >= 1 && (s_.lower_tok(p) == "är" || s_.lower_tok(p) == "e")) {
            const std::string_view w = s_.lower_tok(p - 1);
            if (w == "namn" || w == "namnet" || w == "förnamn" || w == "efternamn")
                return Cue::naming;
            // The copula presents a person when its subject is "jag" or a person word
            // after a possessive ("jag är lisa", "min dotter är TINDRA"); what follows
            // then names someone if it is a listed first name or no ordinary word
            // ("jag är glad", "min son är sjuk" are not names).
            // A name that is also a word ("lisa", "tom") counts after "jag är" only where
            // the asker opens by presenting themself ("hej jag är lisa 15 år"), not in
            // "... och jag är tom inombords".
            const bool opening = w == "jag" && (tk_[p - 1].sentence_start ||
                                                (p >= 2 && (s_.flags[p - 2] & kCueGreeting) != 0));
            const bool presents = (w == "jag" && only_spaces(t_, tk_[p - 1].end, tk_[p].start)) ||
                                  ((s_.flags[p - 1] & kCueRole) != 0 && possessive_before(p - 1));
            if (presents && ((nflags(i) & kFirstName) != 0 || !ordinary(i)) &&
                (w != "jag" || opening || !ordinary(i)))
                return w == "jag" ? Cue::naming : Cue::role;
        }
        return Cue::none;
    }

    // A short last line of the text ("...\nAnna Svensson") reads as a signature.
    bool signature_line(std::size_t i) const {
        if (!tk_[i].newline_before) return false;
        const std::size_t nl = t_.find('\n', tk_[i].end);
        if (nl != std::string_view::npos &&
            t_.find_first_not_of(" \r\n\t", nl) != std::string_view::npos)
            return false;
        std::size_t n = 0;
        for (std::size_t k = i; k < tk_.size(); ++k) ++n;
        return n <= 3;
    }

    // Extends a name that starts at token i over particles and surnames. Returns the
    // index one past its last token.
    std::size_t extend(std::size_t i, bool lower_start, bool strong_cue = false) const {
        std::size_t end = i + 1;
        while (end < tk_.size() && end - i < 4) {
            // A nickname in quotes inside a full name: Kristoffer "Kicke" Nyberg.
            if (end + 1 < tk_.size() && quoted_between(end) && word(end) && word(end + 1) &&
                tk_[end].first_upper && tk_[end + 1].first_upper && !tk_[end + 1].all_upper &&
                ((nflags(end + 1) & kSurname) != 0 || !ordinary(end + 1)) &&
                (s_.flags[end + 1] & (kNonName | kPlace)) == 0) {
                end += 2;
                continue;
            }
            const Token& tk = tk_[end];
            if (!word(end) || !only_spaces(t_, tk_[end - 1].end, tk.start) ||
                tk.start - tk_[end - 1].end > 2)
                break;
            const auto f = nflags(end);
            // A capitalised particle inside a name: "Nguyen Van Minh", "Ali Bin Laden".
            if ((f & kParticle) != 0 && tk.first_upper && !tk.all_upper && end + 1 < tk_.size() &&
                word(end + 1) && tk_[end + 1].first_upper && !tk_[end + 1].all_upper &&
                only_spaces(t_, tk.end, tk_[end + 1].start) &&
                (s_.flags[end + 1] & (kNonName | kPlace)) == 0 &&
                ((nflags(end + 1) & (kFirstName | kSurname)) != 0 || !ordinary(end + 1))) {
                end += 2;
                continue;
            }
            // An initial after a first name: "Linnéa K", "Sara L.", and without case
            // "linnea g" (not "e", "i", "o": sms words).
            if (end == i + 1 && lower_start && tk.end - tk.start == 1 &&
                (nflags(i) & kFirstName) != 0 && std::strchr("eio", t_[tk.start]) == nullptr &&
                std::isalpha(static_cast<unsigned char>(t_[tk.start])) &&
                (tk.end >= t_.size() || std::strchr(" .,\n\r", t_[tk.end]) != nullptr)) {
                ++end;
                break;
            }
            // Also before a word that carries the sentence on ("av Ali R och Simon",
            // "/Jessica L jessi.l@…"): a single capital there is no word of its own (not
            // "I", which an English phrase may hold).
            if (end == i + 1 && tk.first_upper && tk.end - tk.start <= 2 &&
                (tk.end - tk.start == 1 || t_[tk.start] < 0) &&
                ((nflags(i) & kFirstName) != 0 || !ordinary(i)) &&
                (tk.end >= t_.size() || t_[tk.end] == '.' || t_[tk.end] == '\n' ||
                 t_[tk.end] == '\r' || t_[tk.end] == ',' ||
                 (t_[tk.end] == ' ' && t_[tk.start] != 'I' && end + 1 < tk_.size() &&
                  !tk_[end + 1].first_upper && tk_[end + 1].has_letter))) {
                ++end;
                break;
            }
            // A particle without case before a surname: "Ingrid von Essen", and without
            // case on both sides ("ingrid von essen", "INGRID VON ESSEN" shouted) when the
            // surname is listed or no ordinary word.
            if ((f & kParticle) != 0 && s_.caseless(end) && end + 1 < tk_.size() && word(end + 1) &&
                only_spaces(t_, tk.end, tk_[end + 1].start) &&
                (s_.flags[end + 1] & (kNonName | kPlace)) == 0 &&
                (!s_.caseless(end + 1) ||
                 (lower_start && ((s_.flags[end + 1] & kSurname) != 0 || !ordinary(end + 1))))) {
                end += 2;
                continue;
            }
            if (!s_.caseless(end)) {
                // An all-capital word continues only a name written in capitals ("KARIN
                // BERGSTRÖM"), never "Anna BUP".
                if ((f & kNonName) != 0 || (tk.all_upper && !tk_[i].all_upper)) break;
                if (tk.all_upper && tk.end - tk.start <= 2) break;
                const std::string_view lw = s_.lower_tok(end);
                const bool listed_sur = (s_.flags[end] & kSurname) != 0 && (f & kPlace) == 0;
                if (placeish(lw) && !listed_sur) break;
                if ((f & (kSurname | kFirstName)) != 0 || (!ordinary(end) && (f & kPlace) == 0)) {
                    ++end;
                    continue;
                }
                // Swedish capitalises only proper nouns: a capitalised word in mid-sentence
                // right after a first name is its surname even when it is also a word
                // ("Marianne Öst", "Eva Lund"), unless it opens a sentence or is a cue.
                if (end == i + 1 && (nflags(i) & kFirstName) != 0 && !tk_[i].all_upper &&
                    !tk.sentence_start && !tk.newline_before && !tk.all_upper && !pronoun(lw) &&
                    (f & (kPlace | kCueRole | kCueSignoff | kCueNaming | kCueGreeting |
                          kSubjectVerb | kCaseLabel | kBankLabel | kStreetWord | kInstitution)) ==
                        0 &&
                    !placeish(lw)) {
                    ++end;
                    continue;
                }
                break;
            }
            if (lower_start && (f & kSurname) != 0 && (s_.flags[end] & kNonName) == 0 &&
                ((f & kOrdinary) == 0 || (strong_cue && end == i + 1 && (f & kCueRole) == 0))) {
                ++end;
                continue;
            }
            break;
        }
        return end;
    }

    // Token k stands in quotes between the previous and the next word: ` "Kicke" `.
    bool quoted_between(std::size_t k) const {
        auto quote = [](std::string_view q) {
            return q == "\"" || q == "\xE2\x80\x9D" || q == "\xE2\x80\x9C" || q == "'";
        };
        const std::string_view before = t_.substr(tk_[k - 1].end, tk_[k].start - tk_[k - 1].end);
        const std::string_view after = t_.substr(tk_[k].end, tk_[k + 1].start - tk_[k].end);
        return before.size() >= 2 && before.front() == ' ' && quote(before.substr(1)) &&
               after.size() >= 2 && after.back() == ' ' && quote(after.substr(0, after.size() - 1));
    }

    // The token after a name: an institution ("Astrid Lindgrens barnsjukhus") or a
    // street word means the "name" is part of a place's name.
    bool place_follows(std::size_t start, std::size_t end) const {
        if (end >= tk_.size()) return false;
        if (!only_spaces(t_, tk_[end - 1].end, tk_[end].start)) return false;
        const auto f = s_.flags[end];
        const std::string_view lw = s_.lower_tok(end);
        const std::string_view last =
            t_.substr(tk_[end - 1].start, tk_[end - 1].end - tk_[end - 1].start);
        if ((f & kInstitution) != 0 && (ends_with(last, "s") || tk_[end].first_upper)) {
            // "Astrid Lindgrens barnsjukhus" is named after a person; "Signes förskola" is
            // where Signe goes: a first name alone in the genitive before a lower-case
            // institution word is the person's.
            const bool own = end >= 1 && end == start + 1 && !tk_[end].first_upper &&
                             (s_.gflags[end - 1] & kFirstName) != 0 &&
                             (s_.flags[end - 1] & (kFirstName | kSurname)) == 0;
            return !own;
        }
        if ((f & kStreetWord) != 0) return true;
        return tk_[end].first_upper && placeish(lw) && (f & kSurname) == 0;
    }

    // A capitalised listed name right before or after token i, joined by "och", "eller",
    // "&" or a comma: the parts of "Amira, Yusuf och Lejla" are all names.
    bool listed_neighbour(std::size_t i) const {
        auto joined = [&](std::size_t a,
                          std::size_t b) {  // tokens a < b joined by a list separator
            const std::string_view between = t_.substr(tk_[a].end, tk_[b].start - tk_[a].end);
            return between == ", " || between == "," || between == " & " || between == " + ";
        };
        // Capitalised names join capitalised names; a word without case (lower case, or
        // capitals in a shouted line) joins a listed first name without case.
        const bool caseless = s_.caseless(i);
        auto is_name = [&](std::size_t k) {
            if (!word(k) || (s_.flags[k] & (kNonName | kPlace)) != 0 || ordinary(k)) return false;
            if (caseless) {
                const bool k_caseless = s_.caseless(k);
                return k_caseless && (s_.flags[k] & kFirstName) != 0 &&
                       tk_[k].end - tk_[k].start >= 3;
            }
            return tk_[k].first_upper && !tk_[k].all_upper &&
                   (nflags(k) & (kFirstName | kSurname)) != 0;
        };
        auto conj = [&](std::size_t k) {
            const auto w = s_.lower_tok(k);
            return w == "och" || w == "eller" || w == "samt";
        };
        if (i >= 2 && conj(i - 1) && only_spaces(t_, tk_[i - 2].end, tk_[i - 1].start) &&
            only_spaces(t_, tk_[i - 1].end, tk_[i].start) && is_name(i - 2))
            return true;
        if (i + 2 < tk_.size() && conj(i + 1) && only_spaces(t_, tk_[i].end, tk_[i + 1].start) &&
            only_spaces(t_, tk_[i + 1].end, tk_[i + 2].start) && is_name(i + 2))
            return true;
        if (i >= 1 && joined(i - 1, i) && is_name(i - 1)) return true;
        if (i + 1 < tk_.size() && joined(i, i + 1) && is_name(i + 1)) return true;
        return false;
    }

    // A proper noun glued to an ordinary word is a thing, not a person:
    // "LSS-handläggaren", "BUP-mottagningen" (a hyphen), "Instagramkonto",
    // "Handelsbankenkontot" (a listed organisation, brand or place as the modifier).
    bool ordinary_after_hyphen(std::size_t i) const {
        const std::string_view w = s_.lower_tok(i);
        const auto h = w.rfind('-');
        if (h != std::string_view::npos)
            return h + 1 < w.size() && s_.lex.is_ordinary(w.substr(h + 1));
        for (std::size_t cut = 3; cut + 3 <= w.size(); ++cut) {
            if ((static_cast<unsigned char>(w[cut]) & 0xC0) == 0x80)
                continue;  // inside a UTF-8 letter
            if ((s_.lex.flags(w.substr(0, cut)) & (kNonName | kPlace)) != 0 &&
                s_.lex.is_ordinary(w.substr(cut)))
                return true;
        }
        return false;
    }

    // Where an unknown capitalised word is more likely a shop, a firm or a school than a
    // person: after "på", "vid" or "i" ("jobbar på Mekonomen", "vi var på Liseberg"),
    // before an institution word ("Fenix förskola"), or listed with such a word
    // ("på Mekonomen och Bauhaus").
    bool thing_context(std::size_t i) const {
        auto place_prep = [&](std::size_t k) {
            const std::string_view w = s_.lower_tok(k);
            return w == "på" || w == "vid" || w == "i";
        };
        if (i > 0 && place_prep(i - 1)) return true;
        if (after_diagnosis_word(i) || dose_near(i)) return true;
        if (i + 1 < tk_.size() && (s_.flags[i + 1] & kInstitution) != 0) {
            // "kom Zelmira hem", "på Zelmiras dag": these institution words are also
            // everyday adverbs and nouns after a person.
            const std::string_view next = s_.lower_tok(i + 1);
            if (next != "hem" && next != "dag" && next != "dagen") return true;
        }
        if (i >= 3 && s_.lower_tok(i - 1) == "och" && tk_[i - 2].first_upper && place_prep(i - 3))
            return true;
        return false;
    }

    // "fått diagnosen Korsakoff", "sjukdomen Huntington", "diagnosen ADHD och ODD": after
    // a word for a diagnosis the capitalised words listed (joined by "och", "eller" or a
    // comma) name diseases, not people.
    bool after_diagnosis_word(std::size_t i) const {
        for (std::size_t k = i, steps = 0; k > 0 && steps < 7; --k, ++steps) {
            const std::string_view p = s_.lower_tok(k - 1);
            if (p.starts_with("diagnos") || p.starts_with("sjukdom") || p.starts_with("syndrom"))
                return true;
            if (tk_[k].newline_before) return false;
            const bool joined = ((p == "och" || p == "eller") && k >= 2 && tk_[k - 2].first_upper &&
                                 !tk_[k - 2].sentence_start) ||
                                (tk_[k - 1].first_upper && !tk_[k - 1].sentence_start);
            if (!joined) return false;
        }
        return false;
    }

    // "Waran 2,5 mg", "54 mg Concerta": a word next to a dose names a medicine.
    bool dose_near(std::size_t i) const {
        auto unit = [&](std::size_t k) {
            const std::string_view w = s_.lower_tok(k);
            return w == "mg" || w == "ml" || w == "µg" || w == "mikrogram" || w == "milligram" ||
                   w == "mcg" || w == "ie";
        };
        // After: "Waran 2,5 mg", "Concerta 54 mg" (digit groups, then the unit).
        std::size_t k = i + 1;
        while (k < tk_.size() && k - i <= 3 && tk_[k].has_digit && !tk_[k].has_letter) ++k;
        if (k > i + 1 && k < tk_.size() && unit(k)) return true;
        // Before: "54 mg Concerta".
        return i >= 2 && unit(i - 1) && tk_[i - 2].has_digit;
    }

    // "förskolan Myran", "boendet Solgläntan": a capitalised word right after an
    // institution's head noun names the institution, also when it is a listed name.
    bool after_institution_head(std::size_t i) const {
        if (i == 0 || !only_spaces(t_, tk_[i - 1].end, tk_[i].start) || tk_[i - 1].first_upper)
            return false;
        const std::string_view p = s_.lower_tok(i - 1);
        return (s_.flags[i - 1] & kInstitution) != 0 || placeish(p) || ends_with(p, "boendet") ||
               ends_with(p, "hemmet") || ends_with(p, "förskolan");
    }

    // The previous token is a capitalised word right before this one (one space apart).
    bool after_capitalised(std::size_t i) const {
        return i > 0 && tk_[i - 1].has_letter && tk_[i - 1].first_upper &&
               only_spaces(t_, tk_[i - 1].end, tk_[i].start);
    }

    // An age right after token i: "är 5", "5 år", "5-åring".
    bool age_follows(std::size_t i) const {
        std::size_t k = i + 1;
        if (k < tk_.size() && (s_.lower_tok(k) == "är" || s_.lower_tok(k) == "e")) ++k;
        if (k >= tk_.size() || tk_[k].newline_before || !tk_[k].has_digit) return false;
        const std::string_view w = s_.lower_tok(k);
        std::size_t d = 0;
        while (d < w.size() && w[d] >= '0' && w[d] <= '9') ++d;
        if (d == 0 || d > 2) return false;
        if (d < w.size()) return w.substr(d).starts_with("-åri") || w.substr(d).starts_with("åri");
        if (k > i + 1) return true;  // "är 5"
        return k + 1 < tk_.size() && (s_.lower_tok(k + 1) == "år" || s_.lower_tok(k + 1) == "mån");
    }

    // Token i is the genitive of a listed first name ("Olles") and a lower-case role or
    // institution word follows ("pappa", "lärare", "förskola").
    bool genitive_before_person_word(std::size_t i) const {
        if ((s_.flags[i] & (kFirstName | kSurname)) != 0 || (s_.gflags[i] & kFirstName) == 0)
            return false;
        if (i + 1 >= tk_.size() || !only_spaces(t_, tk_[i].end, tk_[i + 1].start) ||
            tk_[i + 1].first_upper)
            return false;
        return (s_.flags[i + 1] & (kCueRole | kInstitution)) != 0;
    }

    // "Inkassobolaget heter Intrum", "hunden heter Saga": when the subject of "heter" is
    // an organisation, a service or an animal, the word after it names that, not a person.
    // The subject is read from its head: an institution, business or place word, or one of
    // the heads below (definite forms, since the subject is definite).
    bool thing_subject_names(std::size_t i) const {
        if (i < 2 || s_.lower_tok(i - 1) != "heter" ||
            !only_spaces(t_, tk_[i - 2].end, tk_[i - 1].start))
            return false;
        const std::size_t k = i - 2;
        const std::string_view w = s_.lower_tok(k);
        if ((s_.flags[k] & (kInstitution | kBusiness)) != 0 || institution_head(w) != Head::none ||
            placeish(w))
            return true;
        static constexpr std::string_view kHeads[] = {
            "bolaget", "företaget", "firman",   "föreningen", "kliniken", "mottagningen",
            "appen",   "sidan",     "tjänsten", "programmet", "gruppen",  "kontoret",
            "hunden",  "katten",    "hästen",   "kaninen",    "valpen",   "kattungen"};
        return std::any_of(std::begin(kHeads), std::end(kHeads),
                           [&](std::string_view h) { return ends_with(w, h); });
    }

    // "något som heter Bostad först": after "som heter" an ordinary word more often
    // names a programme or a thing than a person ("Jag heter Ask" names one).
    bool thing_named(std::size_t i) const { return i >= 2 && s_.lower_tok(i - 2) == "som"; }

    // "Duchennes muskeldystrofi", "Aspergers syndrom": an unknown word in the genitive
    // before a lower-case noun that is no role or kinship word names a thing after
    // someone, not a person in the text ("Zelmiras pappa" still names Zelmira).
    bool eponym_genitive(std::size_t i) const {
        const std::string_view w = s_.lower_tok(i);
        if (w.size() < 4 || w.back() != 's' || i + 1 >= tk_.size() ||
            !only_spaces(t_, tk_[i].end, tk_[i + 1].start) || tk_[i + 1].first_upper ||
            !tk_[i + 1].has_letter)
            return false;
        return (s_.flags[i + 1] & kCueRole) == 0 && s_.lex.is_ordinary(s_.lower_tok(i + 1)) &&
               !s_.lex.is_ordinary(w.substr(0, w.size() - 1)) &&
               (s_.flags[i + 1] & kSubjectVerb) == 0;
    }

    // "56132 Huskvarna", "907 38 Umeå": the word after a postal code is a town.
    bool after_postal_code(std::size_t i) const {
        const std::size_t a = tk_[i].start;
        if (a < 6 || t_[a - 1] != ' ') return false;
        std::size_t b = a - 1, n = 0;
        while (b > 0 && (std::isdigit(static_cast<unsigned char>(t_[b - 1])) ||
                         (t_[b - 1] == ' ' && n == 2))) {
            if (t_[b - 1] != ' ') ++n;
            --b;
        }
        return n == 5;
    }

    // A phone number right after token i ("Ida 073 29 41 508", "Ida +46 70 ..."): the
    // way an asker signs with name and number.
    bool contact_follows(std::size_t i) const {
        const std::size_t a = tk_[i].end;
        if (a + 2 >= t_.size() || t_[a] != ' ') return false;
        const char c = t_[a + 1];
        const char d = t_[a + 2];
        return (c == '0' && d >= '1' && d <= '9') || (c == '+' && d >= '1' && d <= '9');
    }

    bool subject_verb_follows(std::size_t i) const {
        return i + 1 < tk_.size() && only_spaces(t_, tk_[i].end, tk_[i + 1].start) &&
               (s_.flags[i + 1] & kSubjectVerb) != 0;
    }

    std::size_t try_name(std::size_t i) {
        if (!word(i)) return i;
        const Token& tk = tk_[i];
        const auto f = s_.flags[i];
        const auto nf = nflags(i);
        if ((f & kNonName) != 0) return i;
        // A cue word is no name, unless it is capitalised in mid-sentence right after a
        // role word ("Min morfar Bror").
        if ((f & (kCueSignoff | kCueGreeting | kCueNaming | kCueRole | kSubjectVerb)) != 0 &&
            (nflags(i) & (kFirstName | kSurname)) == 0 &&
            !(tk.first_upper && !tk.all_upper && !tk.sentence_start && cue_before(i) == Cue::role))
            return i;
        // A shelter or clinic named after a person names no one: "Kvinnojouren Frida",
        // "Tjejjouren Tanja".
        if (after_capitalised(i) && placeish(s_.lower_tok(i - 1))) return i;
        const bool listed_first = (nf & kFirstName) != 0;
        const bool listed_sur = (nf & kSurname) != 0;
        const bool listed = listed_first || listed_sur;
        const std::size_t len = tk.end - tk.start;
        // A lower-case word is a name only if it is a listed first name (below); most
        // words stop here, before the cue is looked for.
        const bool caseless = s_.caseless(i);
        if (caseless && !((nf & kFirstName) != 0 && len >= 3)) return i;
        Cue cue = cue_before(i);
        if (cue == Cue::naming && thing_subject_names(i)) return i;
        if (cue == Cue::none && tk.first_upper && signature_line(i)) cue = Cue::signoff;
        if (cue == Cue::none && !caseless && after_institution_head(i)) return i;

        double conf = 0;
        bool need_extension = false;
        if (!caseless && tk.all_upper && len >= 3 && cue == Cue::none && listed_first &&
            (f & kPlace) == 0 && !after_diagnosis_word(i) &&
            (!ordinary(i) ||
             (!closed_class(s_.lower_tok(i)) &&
              (surname_pair_follows(i) || (tk.sentence_start && subject_verb_follows(i)))))) {
            // "KERSTIN på äldreboendet sa ...": a listed first name written in capitals on
            // a line that does not shout (an acronym is not a listed name). One that is
            // also a word needs what it would need capitalised: a verb after it at the
            // start of a sentence ("TINDRA är min dotter") or a surname ("SARA LINDSTRÖM").
            conf = 0.7;
        } else if (!caseless && !(tk.all_upper && len > 1 && cue == Cue::none)) {
            if (tk.all_upper && len <= 2) return i;
            // "LSS", "BUP" after "Hej!" are acronyms; but after a possessive and a person
            // word ("Min bror KRISTOFER har") a word in capitals that is no ordinary word
            // names the person: no acronym stands there.
            if (tk.all_upper && !listed &&
                !(cue == Cue::role && len >= 3 && possessive_before(i - 1) && s_.shouting[i] == 0 &&
                  (f & (kNonName | kPlace)) == 0 && !ordinary(i)))
                return i;
            if (cue != Cue::none) {
                if (listed && (f & kPlace) == 0) {
                    conf = 0.9;
                } else if (listed) {
                    conf = cue == Cue::signoff ? 0.0 : 0.8;
                } else if (len >= 2 && (f & kPlace) == 0 && !ordinary(i)) {
                    conf = 0.8;
                } else if ((cue == Cue::role || (cue == Cue::naming && !thing_named(i))) &&
                           len >= 2 && (f & kPlace) == 0 && !tk.sentence_start && !tk.all_upper &&
                           !ordinary_after_hyphen(i)) {
                    // "Jag heter Ask", "Min morfar Bror": Swedish capitalises only proper
                    // nouns, so after a cue a capitalised word in mid-sentence names
                    // someone even when it is also an ordinary word.
                    conf = 0.75;
                }
            } else if (listed_first) {
                if (!ordinary(i)) {
                    conf = tk.sentence_start ? 0.8 : 0.85;
                } else if (!tk.sentence_start) {
                    conf = 0.6;
                } else if (subject_verb_follows(i)) {
                    conf = 0.5;
                } else if (genitive_before_person_word(i)) {
                    conf = 0.7;  // "Olles pappa", "Idas lärare": no ordinary word is used so
                } else if (contact_follows(i)) {
                    conf = 0.6;  // "Ida 073 29 41 508": a signature, the name then the number
                } else {
                    conf = 0.55;
                    need_extension = true;
                }
            } else if (listed_sur && !ordinary(i) && len >= 4 && (f & kPlace) == 0) {
                if (!tk.sentence_start || subject_verb_follows(i))
                    conf = 0.6;
                else {
                    conf = 0.6;
                    need_extension = true;
                }
            } else if ((f & kPlace) == 0 && len >= 3 && !tk.all_upper && i + 1 < tk_.size() &&
                       word(i + 1) && tk_[i + 1].first_upper && (nflags(i + 1) & kSurname) != 0 &&
                       (s_.flags[i + 1] & kOrdinary) == 0 &&
                       only_spaces(t_, tk.end, tk_[i + 1].start) && !ordinary(i)) {
                conf = 0.6;  // an unknown first name before a known surname: "Hawo Abdi"
            } else if ((f & kPlace) == 0 && len >= 3 && !tk.all_upper && !tk.sentence_start &&
                       listed_neighbour(i) && !ordinary(i)) {
                conf = 0.6;  // an unknown capitalised word listed with a known name: "Noa och Ilse"
            } else if ((f & kPlace) == 0 && len >= 3 && !tk.all_upper && !tk.sentence_start &&
                       !after_capitalised(i) && !thing_context(i) && !placeish(s_.lower_tok(i)) &&
                       !ordinary_after_hyphen(i) && !ordinary(i) && !eponym_genitive(i) &&
                       !after_postal_code(i)) {
                // Swedish capitalises only proper nouns, so an unknown capitalised word in
                // mid-sentence is most often a name we do not list ("igår kom Zelmira
                // hem"). Organisations and brands are in non_names.txt; a word after
                // another capitalised word is part of a longer proper name ("Röda Korset").
                // The glued-word test goes before Hunspell's: it settles "LSS-handläggare"
                // and "Instagramkonto" cheaply, where a rejecting Hunspell call is slowest.
                conf = 0.5;
            }
        } else if (caseless) {
            if ((nf & kFirstName) != 0 && len >= 3 && !possessive(s_.lower_tok(i)) &&
                !(cue == Cue::naming && closed_class(s_.lower_tok(i)))) {
                // A genitive ("noahs") goes by its base name.
                const bool amb = ordinary(i);
                if (cue == Cue::naming || cue == Cue::signoff || cue == Cue::greeting)
                    conf = 0.75;
                else if (cue == Cue::role && !amb)
                    conf = 0.8;
                // "min pojkvän kalle": after a possessive and a role word the next word
                // names the person, even one that is also a word, unless it is a
                // closed-class word that carries the sentence on.
                else if (cue == Cue::role && (f & kFirstName) != 0 && possessive_before(i - 1) &&
                         !closed_class(s_.lower_tok(i)))
                    conf = 0.6;
                // "barnbarnet sol är 5": after a person word, a name with an age after it
                // names the person, even one that is also a word (things have no age).
                else if (cue == Cue::role && (f & kFirstName) != 0 && age_follows(i) &&
                         !closed_class(s_.lower_tok(i)))
                    conf = 0.6;
                else if (!amb)
                    conf = 0.5;
                else if (!closed_class(s_.lower_tok(i)) && surname_pair_follows(i))
                    conf = 0.6;  // "kontakta sara lindström"
                else if (listed_neighbour(i) && !closed_class(s_.lower_tok(i)))
                    conf = 0.5;  // "erik och lisa"
                // "linda har väl inte rätt": a listed name opening a sentence before its verb.
                else if ((tk.sentence_start || tk.newline_before) && subject_verb_follows(i) &&
                         (f & kFirstName) != 0 && !closed_class(s_.lower_tok(i)))
                    conf = 0.5;
            }
        }
        if (conf <= 0) return i;
        const std::size_t end = extend(i, caseless, cue == Cue::naming || cue == Cue::signoff);
        if (need_extension && end == i + 1) return i;
        if (place_follows(i, end)) return end;
        if (end > i + 1) conf = std::max(conf, 0.9);
        // A name ends at its last letter; a trailing genitive -s is part of it.
        s_.add(FindingType::name, tk.start, tk_[end - 1].end, conf);
        note_named(i, end);
        return end;
    }

    Scan& s_;
    std::vector<std::string_view> named_;        // lower-cased words of the names found
    std::vector<std::string_view> named_lower_;  // those of them found without case
    std::vector<unsigned char> named_tok_;       // 1 for each token inside a found name
    std::string_view t_;
    const TokenList& tk_;
    std::vector<unsigned char> blocked_;  // not vector<bool>: read for every token
};

}  // namespace

// ------------------------------------------------------------------ named places of a person
// A named school, care home, HVB or LSS unit, treatment home or workplace ties a person to
// one place, so its proper name is proposed like a person's (confidence 0.65: shown as
// uncertain and below the publication gate, since the issue asks for such names to be
// weighed by the expert; they are also quasi-identifiers). The evidence is the head noun
// of an institution or a business joined to a capitalised proper part, as one compound
// ("Tallåsskolan", "Vintergatshemmet") or as a phrase ("Björkängens skola", "förskolan
// Tussilago", "Behandlingshemmet Ankaret", "Pizzeria Roma", "Lindqvists Bygg AB"), or two
// or more capitalised words after a workplace's preposition ("jobbar på Hotell Norrsken
// Syd"). Authorities and chains are single words on the non-name list and stay out.
namespace {

// Head nouns (and their definite and genitive forms) of the places a child or a
// vulnerable adult is placed in or goes to.
Head institution_head(std::string_view lw) {
    // The heads grouped by their last byte, so a word is compared only with the heads it
    // could end in (no head of one kind ends another kind's head, so the order of the
    // kinds does not matter).
    if (lw.size() < 3) return Head::none;
    switch (lw.back()) {
        case 'a':
            return ends_any(lw, "skola") ? Head::school : Head::none;
        case 'n':
            if (ends_any(lw, "skolan")) return Head::school;
            // A named health centre: "vårdcentralen Capio Gullmarsplan".
            return ends_any(lw, "gruppbostaden", "fritidsgården", "vårdcentralen") ? Head::home
                                                                                   : Head::none;
        case 's':
            if (ends_any(lw, "skolans", "gymnasiets")) return Head::school;
            // "Ängsbacka korttids": the short form of a short-term home.
            return ends_any(lw, "boendets", "hemmets", "korttids") ? Head::home : Head::none;
        case 't':
            if (ends_any(lw, "gymnasiet")) return Head::school;
            return ends_any(lw, "boendet", "hemmet") ? Head::home
                                                     : Head::none;  // also "hvb-hemmet"
        case 'm':
            if (ends_any(lw, "gymnasium")) return Head::school;
            return ends_any(lw, "hvb-hem", "behandlingshem", "ungdomshem", "korttidshem", "sjukhem",
                            "daghem", "centrum")
                       ? Head::home
                       : Head::none;
        case 'e':
            return ends_any(lw, "boende") ? Head::home : Head::none;
        case 'b':
            return ends_any(lw, "hvb") ? Head::home : Head::none;
        case 'd':
            return ends_any(lw, "gruppbostad", "fritidsgård") ? Head::home : Head::none;
        default:
            return Head::none;
    }
}

// A compound whose first part only says what kind of place it is ("Förskolan",
// "Grundskolan", "Äldreboendet", "Familjehemmet"): a kind, not one place.
bool generic_stem(std::string_view stem) {
    static constexpr std::string_view kStems[] = {
        "",          "för",     "grund",    "hög",      "gymnasie",   "sär",      "folkhög",
        "mellan",    "låg",     "musik",    "kultur",   "sommar",     "fri",      "special",
        "resurs",    "dag",     "kvälls",   "äldre",    "stöd",       "grupp",    "behandlings",
        "ungdoms",   "service", "korttids", "sjuk",     "fritids",    "barn",     "familje",
        "hvb-",      "lss-",    "lss",      "hvb",      "jour",       "skydds",   "kommunala",
        "privata",   "egna",    "nya",      "gamla",    "vård",       "tränings", "boende",
        "trygghets", "bostads", "föräldra", "barndoms", "fosterhems", "fritids",  "ensam"};
    return one_of(stem, kStems);
}

class PlaceNames {
  public:
    explicit PlaceNames(Scan& s) : s_(s), t_(s.text), tk_(s.tokens) {}

    void run() {
        const std::size_t n = tk_.size();
        if (s_.capitalised.empty()) return;
        // The tokens at or next to a capital (the test below), marked from the list of
        // capitalised tokens so most words of running text cost one look.
        near_.assign(n, 0);
        near_list_.reserve(4 * s_.capitalised.size());
        auto mark = [&](std::size_t k) {
            if (near_[k] != 0) return;
            near_[k] = 1;
            near_list_.push_back(static_cast<std::uint32_t>(k));
        };
        for (const std::size_t c : s_.capitalised) {
            if (!tk_[c].sentence_start && c > 0) mark(c - 1);
            mark(c);
            if (tk_[c].sentence_start) continue;
            if (c + 1 < n) mark(c + 1);
            if (c + 3 < n) mark(c + 3);
        }
        // Almost in order already (a mark reaches at most three tokens ahead).
        for (std::size_t a = 1; a < near_list_.size(); ++a) {
            const std::uint32_t v = near_list_[a];
            std::size_t b = a;
            for (; b > 0 && near_list_[b - 1] > v; --b) near_list_[b] = near_list_[b - 1];
            near_list_[b] = v;
        }
        std::size_t from = 0;  // tokens before it are inside a place already found
        for (const std::size_t i : near_list_) {
            if (i < from) continue;
            if (!tk_[i].has_letter || tk_[i].has_digit) continue;
            // Every pattern needs a capital on the word or a neighbour: most words of
            // running text stop here, before any list is compared.
            // (A capital that opens a sentence is no evidence for a neighbour.)
            const bool next_upper =
                i + 1 < n && tk_[i + 1].first_upper && !tk_[i + 1].sentence_start;
            // (Three back for a head shared by a cut compound: "Björkhagens vård- och
            // omsorgsboende".)
            if (!tk_[i].first_upper && !next_upper &&
                !(i > 0 && tk_[i - 1].first_upper && !tk_[i - 1].sentence_start) &&
                !(i > 2 && tk_[i - 3].first_upper && !tk_[i - 3].sentence_start &&
                  t_[tk_[i - 2].end] == '-'))
                continue;
            const std::string_view lw = s_.lower_tok(i);
            const Head h = institution_head(lw);
            if (!tk_[i].first_upper && !next_upper) {
                // Only a head after a capitalised proper part ("Björkängens skola") is left.
                if (h == Head::none && !business_head(i)) continue;
            }
            const bool biz = h == Head::none && business_head(i);
            if (h == Head::none && !biz) {
                if (next_upper && i + 2 < n && (lw == "på" || lw == "hos" || lw == "vid"))
                    workplace(i);
                if (next_upper && (lw == "på" || lw == "vid")) placement(i);
                continue;
            }
            std::size_t a = i, b = i + 1;
            // 1. The head, then a proper part: "förskolan Tussilago", "Behandlingshemmet
            // Ankaret", "Pizzeria Roma". A lower-case head is left out of the span.
            while (b < n && b - i <= 2 && adjacent(b - 1) && proper(b, true) &&
                   !(tk_[b].sentence_start))
                ++b;
            // 2. One capitalised compound in mid-sentence: "Tallåsskolan", "Ekhemmet".
            if (b == i + 1 && h != Head::none && upper_name(i) && !generic_compound(lw)) {
                add(i, i + 1);
                continue;
            }
            // 3. A proper part, then the head: "Björkängens skola", "Lindqvists Bygg",
            // "Nyman AB"; a business name may run over "&" ("Berg Rör & Svets").
            // "Björkhagens vård- och omsorgsboende": a compound cut at its hyphen and
            // joined by "och"/"eller" shares the head, so the proper part comes before it.
            std::size_t head_start = i;
            if (i >= 2 && !tk_[i].first_upper && !tk_[i - 2].first_upper &&
                (s_.lower_tok(i - 1) == "och" || s_.lower_tok(i - 1) == "eller") &&
                t_.substr(tk_[i - 2].end, tk_[i - 1].start - tk_[i - 2].end) == "- ")
                head_start = i - 2;
            a = head_start;
            while (a > 0 && head_start - a < 3 && adjacent(a - 1) && proper(a - 1, biz)) --a;
            if (a == head_start) a = i;
            if (biz && a == i && b == i + 1) continue;
            if (a < i && genitive_person(a, i)) continue;
            if (b > i + 1) {
                add(tk_[i].first_upper || a < i ? a : i + 1, b);
            } else if (a < i) {
                std::size_t e = i + 1;
                if (biz) e = business_tail(e);
                add(a, e);
            } else {
                continue;
            }
            if (b > i + 1) from = b;
        }
        if (spans_.empty()) return;
        // A person-name candidate inside a place's name is part of it ("Nyman" in
        // "Konsult Nyman AB"): the place's span wins.
        std::erase_if(s_.out, [&](const Candidate& c) {
            return c.type == FindingType::name && c.confidence != kConf &&
                   std::any_of(spans_.begin(), spans_.end(), [&](const auto& sp) {
                       return sp.first <= c.start && c.end <= sp.second &&
                              (sp.first < c.start || c.end < sp.second);
                   });
        });
    }

  private:
    static constexpr double kConf = 0.65;

    // A word that names a kind of business (the lexicon's kBusiness), also as the head of
    // a hyphenated compound ("IT-Konsult").
    bool business_head(std::size_t k) const {
        if ((s_.flags[k] & kBusiness) != 0) return true;
        if (!tk_[k].has_hyphen) return false;  // the only '-' a token can hold joins two parts
        const std::string_view lw = s_.lower_tok(k);
        const auto h = lw.rfind('-');
        return h != std::string_view::npos && h + 1 < lw.size() &&
               (s_.lex.flags(lw.substr(h + 1)) & kBusiness) != 0;
    }

    bool adjacent(std::size_t a) const {
        if (a + 1 >= tk_.size()) return false;
        for (std::size_t k = tk_[a].end; k < tk_[a + 1].start; ++k)
            if (t_[k] != ' ') return false;
        return tk_[a + 1].start > tk_[a].end;
    }

    // Capitalised in mid-sentence (Swedish capitalises only proper nouns), or at a sentence
    // start when the word is no ordinary word; never an acronym or an authority.
    bool upper_name(std::size_t i) const {
        const Token& t = tk_[i];
        if (!t.first_upper || t.all_upper || !t.has_letter || t.has_digit) return false;
        if ((s_.flags[i] & kNonName) != 0 || (!s_.allowed.empty() && s_.allowed[i] != 0))
            return false;
        return !t.sentence_start || !s_.lex.is_ordinary(s_.lower_tok(i));
    }

    bool generic_compound(std::string_view lw) const {
        for (std::string_view h :
             {"skolan", "skola", "skolans", "gymnasiet", "gymnasium", "boendet", "boende", "hemmet",
              "centrum", "gården", "korttids", "vårdcentralen"}) {
            if (ends_with(lw, h)) return generic_stem(lw.substr(0, lw.size() - h.size()));
        }
        return lw.size() < 8;
    }

    // A proper part of a place's name next to its head: capitalised (a place name too
    // after the head: "Beroendecentrum Norrtull"), not a pronoun, cue or authority.
    bool proper(std::size_t k, bool place_ok) const {
        if (!upper_name(k)) return false;
        const auto f = s_.flags[k];
        if ((f & (kCueSignoff | kCueGreeting | kCueNaming | kSubjectVerb | kStreetWord)) != 0)
            return false;
        // Before a school or home a place names it by its district ("Vantörs skola");
        // a business may carry one ("Ankara Kebab").
        if (!place_ok && (f & kPlace) != 0) return false;
        return true;
    }

    // "Signes förskola", "Idas skola": a listed first name alone in the genitive before a
    // lower-case head names the person whose school it is.
    bool genitive_person(std::size_t a, std::size_t head) const {
        return a + 1 == head && !tk_[head].first_upper && (s_.gflags[a] & kFirstName) != 0 &&
               (s_.flags[a] & (kFirstName | kSurname)) == 0;
    }

    // "Rör & Svets", "Bygg AB", "Bygg & Måleri AB": the rest of a business name.
    std::size_t business_tail(std::size_t e) const {
        while (e < tk_.size() && e - 1 < tk_.size()) {
            const std::string_view between =
                t_.substr(tk_[e - 1].end, tk_[e].start - tk_[e - 1].end);
            if ((between == " & " || between == " ") && tk_[e].first_upper &&
                (business_head(e) || (between == " & " && upper_name(e)))) {
                ++e;
                continue;
            }
            break;
        }
        return e;
    }

    // "jobbar på Hotell Norrsken Syd", "22 år på Sandvik Coromant": two or more
    // capitalised words after a workplace's preposition, with a work word before it.
    void workplace(std::size_t p) {
        // A chain's name (on the non-name list) followed by its branch's is one workplace
        // ("Hotell Norrsken Syd", "Scandic Grand Central").
        auto chain = [&](std::size_t k) {
            return k == p + 1 && tk_[k].first_upper && !tk_[k].sentence_start &&
                   (s_.flags[k] & kNonName) != 0 && s_.lex.flags(s_.lower_tok(k)) == kNonName;
        };
        std::size_t e = p + 1;
        while (e < tk_.size() && e - p <= 4 && (e == p + 1 || adjacent(e - 1)) &&
               (upper_name(e) || chain(e)) && (s_.flags[e] & (kCueSignoff | kCueGreeting)) == 0 &&
               !placeish(s_.lower_tok(e)))
            ++e;
        if (e - p < 3 || !adjacent(p) || (s_.flags[p + 1] & kPlace) != 0) return;
        static constexpr std::string_view kWork[] = {
            "jobbar", "jobbade", "jobbat", "jobb", "jobbet", "arbetar", "arbetade", "arbetat",
            "arbete", "arbetet", "anställd", "anställning", "praktik", "praktiserar", "arbetslös",
            "uppsagd", "sommarjobb", "extrajobb", "vikarierar", "lokalvårdare", "städare", "kock",
            "chef",
            // LSS's daily activity is a workplace ("daglig verksamhet på Rosenlunds
            // Trädgård").
            "verksamhet", "verksamheten"};
        bool work = false;
        for (std::size_t k = p, steps = 0; k > 0 && steps < 6 && !work; --k, ++steps) {
            const std::string_view w = s_.lower_tok(k - 1);
            work = one_of(w, kWork);
            if (tk_[k - 1].sentence_start) break;
        }
        // Hunspell last: it is slow on the words it rejects, and most words here are names.
        if (work && !s_.lex.is_ordinary(s_.lower_tok(p + 1))) add(p + 1, e);
    }

    // "placerad på Vårnäs": after a word for a placement, the capitalised words after
    // "på"/"vid" name the home or unit the person is placed in.
    void placement(std::size_t p) {
        static constexpr std::string_view kPlaced[] = {
            "placerad",    "placerades", "placerats", "placeras",  "placering",
            "placeringen", "omplacerad", "inskriven", "inskrivna", "placerade"};
        if (p == 0 || !adjacent(p)) return;
        const std::string_view before = s_.lower_tok(p - 1);
        if (!one_of(before, kPlaced)) return;
        std::size_t e = p + 1;
        while (e < tk_.size() && e - p <= 3 && (e == p + 1 || adjacent(e - 1)) && upper_name(e) &&
               (s_.flags[e] & (kPlace | kCueSignoff | kCueGreeting)) == 0 &&
               !placeish(s_.lower_tok(e)))
            ++e;
        if (e == p + 1 || s_.lex.is_ordinary(s_.lower_tok(p + 1))) return;
        add(p + 1, e);
    }

    void add(std::size_t a, std::size_t b) {
        s_.add(FindingType::name, tk_[a].start, tk_[b - 1].end, kConf);
        spans_.emplace_back(tk_[a].start, tk_[b - 1].end);
    }

    Scan& s_;
    std::string_view t_;
    const TokenList& tk_;
    std::vector<std::pair<std::size_t, std::size_t>> spans_;
    std::vector<unsigned char> near_;       // 1 for each token at or next to a capital
    std::vector<std::uint32_t> near_list_;  // those tokens, in order
};

}  // namespace

void find_names(Scan& s) {
    NameFinder(s).run();
    PlaceNames(s).run();
}

}  // namespace radfraga::moderation::detail
