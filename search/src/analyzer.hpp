// Swedish text analysis: tokenising, stopwords, stems, lemmas, compound parts.
// Internal to search/ (it includes no Xapian or Hunspell header itself, but its users
// are the index and the query builder).
//
// Term space: every word maps to a set of "Z" terms (without the prefix here):
//  * primary: the Snowball stem of the word, the Snowball stems of its Hunspell lemmas
//    (so "beslutet" also gives "beslut"), the verb root of -ning/-an nouns when Hunspell
//    knows the verb ("anmälan", "anmälningar" → "anmäl", the stem of "anmäla"), and for
//    a compound the modifier glued to each primary stem of its head ("orosanmälningar" →
//    "orosanmäl"). Documents and queries share it, so all inflections meet.
//  * parts: for a compound, the primary stems of each part ("hyresskuld" → {hyr},
//    {skuld}), so parts are findable on their own and a compound query finds the parts.
// Å, ä and ö are letters of their own: nothing folds them.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "search/search.hpp"

namespace radfraga::search::detail {

struct Token {
    std::string word;       // lower-cased
    std::size_t begin = 0;  // byte offsets in the analysed text
    std::size_t end = 0;
};

// Splits text into words: maximal runs of Unicode letters, digits and combining marks,
// lower-cased. Invalid UTF-8 bytes count as separators, as do control characters.
// Words longer than 64 bytes are dropped (they are never real words).
std::vector<Token> tokenize(std::string_view text);

// Whether `c` is a continuation byte of a UTF-8 sequence (not the start of a letter).
inline bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}
// The number of letters (code points) of UTF-8 text.
std::size_t code_points(std::string_view s);

// The base forms a compound's modifier may stand for, most likely first, by Swedish
// linking rules: as written ("oros"), without a linking "s" ("julklapps" → "julklapp"), with a
// dropped "a" ("skol" → "skola"), for a noun in -are its dropped "e" ("handläggar" →
// "handläggare": "läkarintyg", "ägarbyte"), without a linking "e" ("familje" →
// "familj"). Empty for fewer than three letters. Which form is the word is for the
// caller to decide (the dictionary, or what an archive has).
std::vector<std::string> modifier_forms(const std::string& written);

// search/data/verbs.txt line by line: a strong or irregular verb's infinitive and its
// forms that analyze() leads back to it ("ta": "tog", "tagit", …), in file order.
struct VerbLine {
    std::string infinitive;
    std::vector<std::string> forms;
};
std::vector<VerbLine> verb_lines();

// Whether two words differ in their last two letters at most (either may be longer):
// forms of one word ("dement", "demens"), not two words ("dröjer", "droger").
bool same_but_ending(std::string_view a, std::string_view b);

struct WordAnalysis {
    bool stopword = false;
    std::vector<std::string> primary;  // first: Snowball stem of the word
    // The one primary stem that carries positions (phrases, proximity): the stem of the
    // word's shortest lemma when Hunspell knows it, else the word's Snowball stem. So
    // every inflection of a word stands at the same term: "överklaga ett beslut" and
    // "överklaga beslutet" both have "beslut" two and one places after "överklag"
    // (Snowball alone keeps "beslutet" whole).
    std::string position;
    std::vector<std::vector<std::string>> parts;  // one group of stems per compound part
    std::vector<std::string> part_words;          // the parts as words ("hyra", "skulden")
    // Whether the word may be a verb: a Swedish verb's base form ends in a vowel
    // ("ta", "stänga", "bo"), so a word whose every lemma ends in a consonant ("plats",
    // "avslag", "pengar") is none. False when Hunspell gives no lemma.
    bool may_be_verb = false;
};

class Analyzer {
  public:
    // Loads the dictionaries (swedish mode) and the embedded stopword list. Throws Error.
    explicit Analyzer(const Options& options);
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    Analysis mode() const;
    // `word` is a Token::word. Thread-safe; results are cached (bounded), since the
    // same few tens of thousands of words recur in every document and every snippet.
    std::shared_ptr<const WordAnalysis> analyze(const std::string& word) const;
    // The Snowball stem only (used for phrase positions). Thread-safe.
    std::string stem(const std::string& word) const;
    bool is_stopword(const std::string& word) const;
    // Whether `word` is a stopword that Swedish also uses as a verb's particle ("ta
    // över", "stänga av", "spela in" has none: "in" is no stopword): the prepositions
    // av, efter, med, mot, om, på, till, upp, ut, åt, över. False in baseline mode.
    bool is_particle(const std::string& word) const;
    // Whether `word` is a form in search/data/verbs.txt (a strong verb's form that
    // analyze() leads back to its infinitive: "tog", "slagen"); false in baseline mode.
    bool is_verb_form(const std::string& word) const;
    // Whether the dictionary lists `word` (a Token::word) in some inflection, not merely
    // accepts it as a compound it makes up; false in baseline mode. Thread-safe.
    bool listed(const std::string& word) const;
    // Whether `word` is a form of a noun the dictionary knows: it, or one of its lemmas,
    // takes a definite singular ending that Hunspell analyses back to it ("auktion" →
    // "auktionen", "skulden" → "skuld"; not "lös", "sjuk"); false in baseline mode.
    // Remembered per word. Thread-safe.
    bool noun(const std::string& word) const;
    // Whether the dictionary accepts `word`, also as a compound it makes up; false in
    // baseline mode. Thread-safe.
    bool accepts(const std::string& word) const;
    // The word's base forms as the dictionary gives them: the word itself, a strong
    // verb's infinitive ("tog" → "ta"), Hunspell's lemmas ("knegar" → "knega"), lower
    // case, each once. Only the word itself in baseline mode. Thread-safe.
    std::vector<std::string> base_forms(const std::string& word) const;
    // A string that changes whenever the index-time analysis changes; stored in the
    // index so an index built differently is rebuilt.
    std::string fingerprint() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The term of a word followed directly by a particle (Analyzer::is_particle): the
// word's position stem and the particle, so "tog över" and "ta över" meet.
inline std::string particle_term(const std::string& position, const std::string& particle) {
    return "V" + position + ":" + particle;
}

// The presence term of a stopword as written (lower case): a document that has the word
// has it, with wdf 0, so it adds nothing to the document's length or to any query that
// does not name it (index_text; BuiltQuery::function_terms).
inline std::string function_term(const std::string& stopword) {
    return "S" + stopword;
}

// The presence term of a stopword the title has (as function_term, wdf 0): a whole
// sentence that echoes a title, itself a question, in its function words ("kan man få
// … när man är …") weighs them as a title word, title_wdf times.
inline std::string title_function_term(const std::string& stopword) {
    return "T" + stopword;
}

// The title's term of a function_term.
inline std::string title_function_term_of(const std::string& function_term) {
    return title_function_term(function_term.substr(1));
}

}  // namespace radfraga::search::detail
