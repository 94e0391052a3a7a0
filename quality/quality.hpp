// Quality checks of an answer: plain-language measures (klarspråk) and law references
// resolved against the day the answer was written.
//
// Input is an answer in Markdown, well-formed UTF-8 (callers validate untrusted input with
// is_valid_utf8 first; see check_text). Measures are taken on the text a reader sees:
// markup characters, link targets, code and HTML tags are ignored, headings and list items
// are sentences of their own. Every offset is a UTF-8 byte offset into the Markdown input,
// end exclusive. Nothing here reads the clock: the day the answer was written and today
// are arguments.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace radfraga::quality {

// A calendar day (proleptic Gregorian).
struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;
    auto operator<=>(const Date&) const = default;
};
// "YYYY-MM-DD", a real day; nullopt otherwise.
std::optional<Date> parse_date(std::string_view s);
std::string format_date(const Date& d);

// One statute of the law table.
struct Law {
    std::string name;                        // lower case, as in running text
    std::vector<std::string> abbreviations;  // exact case
    std::string sfs;                         // "2001:453"
    Date in_force_from;
    std::optional<Date> in_force_until;  // last day it applied
    std::string replaced_by;             // SFS number, or empty
};

// The editable table of statutes (quality/data/laws.tsv documents the format).
class LawTable {
  public:
    // The table compiled into the binary from quality/data/laws.tsv.
    static const LawTable& shipped();
    // Parses a table; throws std::invalid_argument naming the line of a malformed row.
    static LawTable parse(std::string_view tsv);
    // `data_dir`/laws.tsv when that file exists (it replaces the shipped table), else the
    // shipped table. Throws std::invalid_argument when the file is malformed and
    // std::runtime_error when it exists but cannot be read.
    static LawTable for_data_folder(const std::filesystem::path& data_dir);

    const std::vector<Law>& laws() const { return laws_; }
    const Law* by_sfs(std::string_view sfs) const;

  private:
    std::vector<Law> laws_;
};

// The jargon list: terms and plain alternatives (quality/data/jargon.tsv).
struct JargonTerm {
    std::string term;  // base form, lower case; may be several words
    std::string suggestion;
};
std::vector<JargonTerm> shipped_jargon();
// Parses term<TAB>suggestion lines; throws std::invalid_argument on a malformed line.
std::vector<JargonTerm> parse_jargon(std::string_view tsv);

struct Span {
    std::size_t start = 0;
    std::size_t end = 0;
};

struct LongSentence {
    Span span;
    int words = 0;
};

struct JargonHit {
    std::string term;  // the list's base form
    std::string suggestion;
    Span span;  // the words as written ("insatserna")
};

enum class LawStatus {
    current,   // the cited statute applies today
    replaced,  // it has been replaced or repealed since
    unknown,   // an SFS number that is not in the table
};
std::string_view status_name(LawStatus s);

struct LawReference {
    std::string law;  // first abbreviation of the table row, else its name; empty if unknown
    std::string sfs;  // the statute cited: explicit in the text, else by the answer's date
    std::optional<std::string> chapter;  // "4", "2 a"
    std::optional<std::string> section;  // "1", "9 a", "40–45", "9, 10"
    std::string text;                    // the reference as written
    LawStatus status = LawStatus::unknown;
    std::optional<Date> in_force_until;  // when replaced: the cited statute's last day
    std::string replaced_by;             // when replaced: its successor's SFS number
    Span span;
};

// The law references of an answer alone (what Checker::law_references returns), without
// the Hunspell dictionary a Checker loads: for pages that show a notice about a replaced
// law. Pure and thread-safe.
std::vector<LawReference> find_law_references(const LawTable& laws, std::string_view markdown,
                                              const Date& written, const Date& today);

struct Report {
    double lix = 0;  // words/sentences + 100 * long words/words; 0 for empty text
    int words = 0;
    int long_words = 0;  // more than six letters
    int sentences = 0;
    std::vector<LongSentence> long_sentences;  // more than `long_sentence_words` words
    int passive = 0;
    std::vector<Span> passive_spans;
    std::vector<JargonHit> jargon;
    std::vector<LawReference> law_refs;
};

struct CheckerOptions {
    std::string hunspell_aff = "/usr/share/hunspell/sv_SE.aff";
    std::string hunspell_dic = "/usr/share/hunspell/sv_SE.dic";
    int long_sentence_words = 25;
};

// Checks answers. Construction loads Hunspell (throws std::runtime_error when the
// dictionary is missing); check() is const and may be called from several threads.
class Checker {
  public:
    explicit Checker(LawTable laws = LawTable::shipped(),
                     std::vector<JargonTerm> jargon = shipped_jargon(),
                     CheckerOptions options = {});
    ~Checker();
    Checker(Checker&&) noexcept;
    Checker& operator=(Checker&&) noexcept;

    // `written`: the day the answer was written (resolves "SoL" to the law then in force);
    // `today`: the day statuses are judged against.
    Report check(std::string_view markdown, const Date& written, const Date& today) const;

    // Only the law references (no Hunspell work).
    std::vector<LawReference> law_references(std::string_view markdown, const Date& written,
                                             const Date& today) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace radfraga::quality
