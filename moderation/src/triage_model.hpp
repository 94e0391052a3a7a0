// Internal: the statistical layer of crisis triage. Hashed count-valued features over lemmas,
// lemma bigrams, negated lemmas, character n-grams of the folded words, and the rule
// hits; one logistic regression per output (crisis, then each category, one-vs-rest).
// Trained by a small deterministic SGD, at build time by moderation/tools/triage_train.cpp
// from the corpus in moderation/data/triage/, and again by `radfraga triage-eval --cv`
// for cross-validation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/src/triage_rules.hpp"
#include "moderation/src/triage_text.hpp"
#include "moderation/triage.hpp"

namespace radfraga::moderation::detail {

inline constexpr std::size_t kOutputs = 1 + all_categories.size();  // crisis, then the categories
inline constexpr std::uint32_t kFeatureBits = 20;

// One hashed feature of a text and how often it occurs there. A text's feature vector
// is the counts scaled by 1/sqrt(the sum of all counts): counting each occurrence (not
// once per text) makes a word's own features a fixed sum that the Lemmatiser memoises.
struct Feature {
    std::uint32_t id;
    std::uint32_t count;
};
// A text's features, sorted by id, unique ids.
std::vector<Feature> features(const std::vector<Word>& words, const TextContext& context,
                              const std::vector<RuleHit>& hits);

// A model's buckets as a bitmap over all 2^kFeatureBits ids, with the number of buckets
// before each 64-bit word: a bucket's row in two reads of 192 KiB (see row_of).
struct ModelIndexView {
    std::span<const std::uint64_t> present;
    std::span<const std::uint32_t> rank;
};

// The weights as compiled into the binary (generated triage_weights.cpp).
struct ModelView {
    std::span<const std::uint32_t> buckets;                // sorted
    std::span<const std::array<float, kOutputs>> weights;  // one row per bucket
    std::array<float, kOutputs> bias;
    double threshold;           // crisis when P(crisis) >= threshold ...
    double rule_threshold;      // ... or a strong rule hit and P(crisis) >= rule_threshold
    double category_threshold;  // a category is named when P(category) >= this
    // Optional, for O(1) lookups; empty, lookups binary-search `buckets`.
    ModelIndexView index{};
};
ModelView embedded_model();

// The storage of a ModelIndexView (see index_model()).
struct ModelIndex {
    std::vector<std::uint64_t> present;
    std::vector<std::uint32_t> rank;
    ModelIndexView view() const { return {present, rank}; }
};
ModelIndex index_model(const ModelView& model);

// The row of feature `f` in the model, or kNoRow.
inline constexpr std::uint32_t kNoRow = 0xFFFFFFFFu;
std::uint32_t row_of(const ModelView& model, std::uint32_t f);

// A model in memory (training output).
struct Model {
    std::vector<std::uint32_t> buckets;
    std::vector<std::array<float, kOutputs>> weights;
    std::array<float, kOutputs> bias{};
    double threshold = 0.5;
    double rule_threshold = 0.0;
    double category_threshold = 0.5;
    ModelView view() const {
        return {buckets, weights, bias, threshold, rule_threshold, category_threshold, {}};
    }
};

// Probabilities per output for a feature vector.
std::array<double, kOutputs> score(const ModelView& model, std::span<const Feature> features);
// The same as score(model, features(words, context, hits)) up to rounding (the sums are
// added in another order), without building and sorting the feature vector: for words
// analysed by a Lemmatiser given this model (their spellings carry the sums of their own
// features' rows). Throws std::logic_error for other words.
std::array<double, kOutputs> score_words(const ModelView& model, const std::vector<Word>& words,
                                         const TextContext& context,
                                         const std::vector<RuleHit>& hits);
// The crisis weight of one feature (0 if unknown): what makes a word a signal.
double crisis_weight(const ModelView& model, std::uint32_t feature);
std::uint32_t word_feature(const std::string& lemma);

// One annotated text, analysed.
struct Example {
    std::string id;
    std::string text;
    bool crisis = false;
    std::array<bool, all_categories.size()> gold{};
    std::vector<Feature> features;
    bool rule_strong = false;                             // a strong rule hit
    std::array<bool, all_categories.size()> rule_cats{};  // categories of strong hits
    std::array<bool, all_categories.size()> weak_cats{};  // categories of weak hits
    bool long_past = false;                               // TextContext: past and not present
};

// Reads JSON Lines {"id", "text", "crisis", "categories"}; throws std::runtime_error
// naming the line for malformed input.
std::vector<Example> read_examples(std::istream& in, const Lemmatiser& lemmatiser);
Example make_example(std::string id, std::string text, const Lemmatiser& lemmatiser);

// Trains the weights (threshold left at 0.5). Deterministic for the same examples.
Model train(std::span<const Example* const> examples);

// Chooses the two crisis thresholds by k-fold cross-validation on `examples`: with
// out-of-fold probabilities, the pair with the least cost (a missed crisis costs 1.5
// false alarms). The rule threshold lets the classifier veto a rule hit in a text that
// as a whole reads as no crisis (a joke, a negation, a professional's question).
struct Thresholds {
    double threshold = 0.5;
    double rule_threshold = 0.0;
};
Thresholds choose_thresholds(std::span<const Example* const> examples, std::size_t folds);

// The combined decision for one example, as Triage does it.
struct Decision {
    bool crisis = false;
    std::array<bool, all_categories.size()> categories{};
};
Decision decide(const ModelView& model, const Example& e);
// A text that speaks only of long ago ("för tio år sedan", "när jag var liten") needs
// kPastProbability from the classifier: the rules recognise the time with more certainty
// than a bag of words, which sees the violence and not when it happened.
inline constexpr double kPastProbability = 0.97;
Decision decide(const std::array<double, kOutputs>& p, const ModelView& model, bool long_past,
                bool rule_strong, const std::array<bool, all_categories.size()>& rule_cats,
                const std::array<bool, all_categories.size()>& weak_cats);

// Writes the model as a C++ source defining embedded_model().
void write_model_source(const Model& model, std::ostream& out);

}  // namespace radfraga::moderation::detail
