// Swedish crisis triage: does a question signal acute danger now, of which kind, and
// which words say so.
//
// Contract:
//  * Input must be well-formed UTF-8; anything else throws InvalidUtf8 (moderation/redactor.hpp).
//  * Signal offsets are UTF-8 byte offsets into the input, end exclusive, on code-point
//    boundaries; signals are sorted by start and do not overlap.
//  * A Triage is built once (it loads Hunspell and the embedded classifier weights) and
//    is then safe to call from many threads at once.
//  * A crisis flag is a prompt for a person (helplines for the asker, priority in the
//    experts' queue), never a decision.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/redactor.hpp"

namespace radfraga::moderation {

enum class Category {
    suicide,     // suicidal thoughts, plans, self-harm
    violence,    // violence or threats in a close relationship, honour-related violence
    child,       // a child harmed, neglected, abused or in acute danger
    sexual,      // rape, sexual abuse, coercion, exploitation
    acute_need,  // no food today, nowhere to sleep tonight, evicted today
};

inline constexpr std::array<Category, 5> all_categories{
    Category::suicide, Category::violence, Category::child, Category::sexual, Category::acute_need};

// "suicide", "violence", "child", "sexual", "acute_need".
std::string_view category_name(Category c);
std::optional<Category> parse_category(std::string_view name);

struct Signal {
    Category category;
    std::size_t start;  // UTF-8 byte offset, inclusive
    std::size_t end;    // UTF-8 byte offset, exclusive
    std::string text;   // the input bytes [start, end)
    friend bool operator==(const Signal&, const Signal&) = default;
};

struct TriageResult {
    bool crisis = false;
    std::vector<Category> categories;  // in the order of all_categories; empty unless crisis
    std::vector<Signal> signals;       // the words behind the flag; empty unless crisis
    double probability = 0;            // the classifier's probability of a crisis
};

struct TriageOptions {
    std::string hunspell_aff = "/usr/share/hunspell/sv_SE.aff";
    std::string hunspell_dic = "/usr/share/hunspell/sv_SE.dic";
    // Without the dictionary, words are matched as written (lower recall on inflections).
    bool require_hunspell = true;
};

class Triage {
  public:
    explicit Triage(const TriageOptions& options = {});
    ~Triage();
    Triage(Triage&&) noexcept;
    Triage& operator=(Triage&&) noexcept;
    Triage(const Triage&) = delete;
    Triage& operator=(const Triage&) = delete;

    // Throws InvalidUtf8.
    TriageResult triage(std::string_view text) const;

    struct Impl;

  private:
    std::unique_ptr<const Impl> impl_;
};

// The fixed substring list the server used before triage, kept as the baseline that
// `radfraga triage-eval` compares against. True if `text` contains one of ~40 phrases.
bool baseline_mentions_crisis(std::string_view text);

}  // namespace radfraga::moderation
