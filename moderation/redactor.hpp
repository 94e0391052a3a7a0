// Swedish personal-data redactor: text in, proposed findings out; accepted findings in,
// redacted text with Swedish placeholders out.
//
// Contract:
//  * Input must be well-formed UTF-8; anything else is rejected with InvalidUtf8 (the
//    caller decides whether to replace or refuse; the redactor never guesses).
//  * Offsets are UTF-8 byte offsets into the input, end exclusive, always on code-point
//    boundaries. Findings never overlap and are sorted by start.
//  * A Redactor is built once (it loads the embedded name lists and the Hunspell
//    dictionary, which takes a fraction of a second) and is then immutable: find() and
//    redact() are const and safe to call from many threads at once.
#pragma once

#include <array>
#include <cstddef>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace radfraga::moderation {

enum class FindingType {
    name,
    personnummer,  // also samordningsnummer and interim numbers
    phone,
    email,
    address,
    postal_code,
    url,
    plate,
    case_number,
    bank,
    ip,
};

inline constexpr std::array<FindingType, 11> all_finding_types{
    FindingType::name,        FindingType::personnummer, FindingType::phone, FindingType::email,
    FindingType::address,     FindingType::postal_code,  FindingType::url,   FindingType::plate,
    FindingType::case_number, FindingType::bank,         FindingType::ip};

// "name", "personnummer", ... (the names used in JSON and in the dev set).
std::string_view type_name(FindingType type);
// Inverse of type_name(); nullopt for an unknown name.
std::optional<FindingType> parse_type(std::string_view name);
// The Swedish placeholder that replaces a finding: "[namn]", "[personnummer]", ...
std::string_view placeholder(FindingType type);

struct Finding {
    FindingType type;
    std::size_t start;  // UTF-8 byte offset, inclusive
    std::size_t end;    // UTF-8 byte offset, exclusive
    std::string text;   // the input bytes [start, end)
    double confidence;  // 0..1: how sure the redactor is that this is personal data

    friend bool operator==(const Finding&, const Finding&) = default;
};

// Thrown by Redactor::find()/redact() for input that is not well-formed UTF-8.
class InvalidUtf8 : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

struct RedactorOptions {
    // Debian's hunspell-sv. If the files cannot be opened the constructor throws
    // std::runtime_error unless require_hunspell is false, in which case name detection
    // falls back to the built-in lists alone (lower precision on capitalised words).
    std::string hunspell_aff = "/usr/share/hunspell/sv_SE.aff";
    std::string hunspell_dic = "/usr/share/hunspell/sv_SE.dic";
    bool require_hunspell = true;
};

// The operator's allow-list: words the redactor must never propose, such as the
// service's own name ("Soctanter") or a local helpline's brand. One term a line (the file
// `redaction-allow.txt` in the data folder); `#` starts a comment; a term may have several
// words ("Råd och stöd"). A term covers its inflected forms: the Swedish noun and genitive
// endings (-s, -en, -n, -et, -t, -na, -er, -erna, -ar, -arna, -or, -orna, -r, -rna, each
// also with a genitive -s), also after a final -a or -e is dropped ("Soctant" covers
// "Soctanten", "Soctanter", "Soctanterna"; "Fixa" covers "Fixor"), and compares å/ä/ö
// folded. Immutable once built.
class AllowList {
  public:
    AllowList() = default;
    // Parses the file's text. Lines that are not valid UTF-8 or longer than 200 bytes are
    // skipped (the file is the operator's; a bad line must not stop the server).
    static AllowList parse(std::string_view text);
    // The terms as written, in file order, without comments and duplicates.
    const std::vector<std::string>& terms() const { return terms_; }
    bool empty() const { return terms_.empty(); }
    // True if `lower_word` (one lower-cased word) is a one-word term or an inflected form
    // of one.
    bool covers_word(std::string_view lower_word) const;
    // The number of words from `lower_words[0]` on that form a term (0 if none).
    std::size_t match(std::span<const std::string_view> lower_words) const;

  private:
    std::vector<std::string> terms_;
    // Each term lower-cased and folded, split into words.
    std::vector<std::vector<std::string>> phrases_;
};

// Quasi-identifiers: details that name no one alone but can single a person out in
// combination ("my 7-year-old son at Tallbackaskolan in Åsele"). They are never
// redacted automatically; the expert is warned when a text combines them.
enum class QuasiKind {
    locality,     // a small locality (moderation/data/small_localities.txt)
    child_age,    // a child's exact age: "min son som är 7 år", "min 14-åriga dotter"
    institution,  // a named school, preschool, care home, HVB or LSS home
    diagnosis,    // a rare diagnosis (moderation/data/rare_diagnoses.txt)
    workplace,    // a named workplace: "jobbar på Ekbackens äldreboende"
};

// "locality", "child_age", ... (the names used in JSON).
std::string_view quasi_kind_name(QuasiKind kind);
// What the expert reads, in Swedish: "liten ort", "barnets exakta ålder", ...
std::string_view quasi_kind_label(QuasiKind kind);

struct QuasiIdentifier {
    QuasiKind kind;
    std::size_t start;  // UTF-8 byte offset, inclusive
    std::size_t end;    // UTF-8 byte offset, exclusive
    std::string text;

    friend bool operator==(const QuasiIdentifier&, const QuasiIdentifier&) = default;
};

// A text that combines quasi-identifiers of two or more kinds. Two of one kind (the ages
// of two children) are not enough: it is the intersection of kinds that narrows a
// population down to one family.
struct IdentifyingWarning {
    std::vector<QuasiIdentifier> parts;  // every quasi-identifier in the text, sorted
    // The Swedish sentence shown to the expert ("Texten kombinerar liten ort, barnets
    // exakta ålder och skola eller boende: ...").
    std::string message;
};

class Redactor {
  public:
    explicit Redactor(const RedactorOptions& options = {});
    ~Redactor();
    Redactor(Redactor&&) noexcept;
    Redactor& operator=(Redactor&&) noexcept;
    Redactor(const Redactor&) = delete;
    Redactor& operator=(const Redactor&) = delete;

    // Every personal detail found in `text`, sorted by start, non-overlapping.
    // Throws InvalidUtf8.
    std::vector<Finding> find(std::string_view text) const;

    // apply_findings(text, find(text)), repeated on its own output until find() proposes
    // nothing more (replacing a detail can expose a neighbour whose context changed), so
    // find(redact(x)) is empty. Throws InvalidUtf8.
    std::string redact(std::string_view text) const;

    // The quasi-identifiers in `text`, sorted by start, non-overlapping. Throws
    // InvalidUtf8.
    std::vector<QuasiIdentifier> find_quasi_identifiers(std::string_view text) const;
    // A warning when `text` combines quasi-identifiers of two or more kinds; nullopt when
    // it has fewer. Throws InvalidUtf8.
    std::optional<IdentifyingWarning> identifying_combination(std::string_view text) const;

    // Installs the operator's allow-list (empty by default): a word it covers is never
    // proposed, and neither is a finding made only of such words. Thread-safe: calls of
    // find() that have started keep the list they began with.
    void set_allow_list(AllowList list);
    std::shared_ptr<const AllowList> allow_list() const;

    // True if `lower_word` (one lower-cased word, UTF-8) is an ordinary Swedish word: letters
    // only (a hyphen inside; no digits or punctuation), Hunspell's sv_SE dictionary accepts
    // it or the built-in lists know it as an ordinary word, and it is not on the lists of first
    // names and surnames (so "rosa" and "björn", which are also names, are not). False without
    // Hunspell, for invalid UTF-8 and for words over 200 bytes. For callers that may keep a word
    // only when it can name no one (the counters of searches that found nothing). Thread-safe.
    bool is_known_word(std::string_view lower_word) const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

// Replaces each accepted finding's byte range with its type's placeholder. Findings may
// come in any order; overlapping or touching ranges of findings are merged and take the
// placeholder of the one that starts first. Throws std::invalid_argument if a range lies
// outside `text`, is empty or reversed, or does not fall on UTF-8 code-point boundaries.
std::string apply_findings(std::string_view text, std::span<const Finding> accepted);

// Writes type_name(type).
std::ostream& operator<<(std::ostream& os, FindingType type);

}  // namespace radfraga::moderation
