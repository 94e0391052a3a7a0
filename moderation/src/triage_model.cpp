#include "moderation/src/triage_model.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <istream>
#include <ostream>
#include <stdexcept>

#include "core/utf8.hpp"

namespace radfraga::moderation::detail {

namespace {

constexpr std::uint32_t kMask = (1u << kFeatureBits) - 1;
constexpr std::size_t kCategories = all_categories.size();
// SGD settings: a text's counts are scaled by 1/sqrt(their sum), so one step size suits all
// texts. 40 epochs: chosen by 5-fold cross-validation for the count-valued features.
constexpr int kEpochs = 40;
constexpr double kRate = 0.4;
constexpr double kL2 = 2e-5;
constexpr std::uint32_t kMinDocs = 2;  // a feature seen in fewer training texts gets no weight
// A missed crisis costs this many false alarms when the thresholds are chosen.
constexpr double kMissCost = 1.5;

std::uint32_t hash(std::string_view kind, std::string_view s) {
    std::uint32_t h = 2166136261u;
    auto mix = [&](char c) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    };
    for (const char c : kind) mix(c);
    mix('\x1f');
    for (const char c : s) mix(c);
    return h & kMask;
}

bool is_negator(std::string_view folded) {
    static constexpr std::string_view kNeg[] = {"inte", "int",   "ej",   "aldrig",
                                                "icke", "ingen", "inga", "inget"};
    return std::find(std::begin(kNeg), std::end(kNeg), folded) != std::end(kNeg);
}

constexpr std::uint32_t kFnvBasis = 2166136261u;
constexpr std::uint32_t kFnvPrime = 16777619u;

std::uint32_t fnv(std::uint32_t h, std::string_view s) {
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= kFnvPrime;
    }
    return h;
}

// The bigram feature hash("b", "<a> <b>"), continued from a's bigram_head.
std::uint32_t bigram(const Spelling& a, const Spelling& b) {
    return fnv(a.bigram_head, b.lemma) & kMask;
}

bool negated_at(const std::vector<Word>& words, std::size_t i) {
    const auto& w = words[i];
    return (i >= 1 && words[i - 1].clause == w.clause && words[i - 1].spelling->negator) ||
           (i >= 2 && words[i - 2].clause == w.clause && words[i - 2].spelling->negator);
}

bool bigram_at(const std::vector<Word>& words, std::size_t i) {
    return i + 1 < words.size() && words[i + 1].clause == words[i].clause && !words[i + 1].digits;
}

// The features of the text context flags, through add(id).
template <class Add>
void context_features(const TextContext& c, Add&& add) {
    static const std::uint32_t generic = hash("x", "generic"), past = hash("x", "past"),
                               past_present = hash("x", "past-present"),
                               urgent = hash("x", "urgent"), minor = hash("x", "minor");
    if (c.generic) add(generic);
    if (c.past) add(c.present ? past_present : past);
    if (c.urgent) add(urgent);
    if (c.minor_writer) add(minor);
}

// The features of a rule hit: the rule and its category, strong or weak.
std::pair<std::uint32_t, std::uint32_t> hit_features(const RuleHit& h) {
    return {hash(h.strong ? "rs" : "rw", h.rule),
            hash(h.strong ? "cs" : "cw", category_name(h.category))};
}

std::uint32_t digits_feature(const Word& w) {
    static const std::uint32_t small = hash("d", "small"), large = hash("d", "large");
    return w.folded().size() <= 2 ? small : large;
}

// std::popcount compiles to a library call on the baseline x86-64 this is built for
// (no POPCNT instruction); this is a dozen inline instructions.
std::uint32_t popcount64(std::uint64_t v) {
    v = v - ((v >> 1) & 0x5555555555555555ull);
    v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return static_cast<std::uint32_t>((v * 0x0101010101010101ull) >> 56);
}

double sigmoid(double z) {
    if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

double scale_of(std::size_t n) {
    return n == 0 ? 0.0 : 1.0 / std::sqrt(static_cast<double>(n));
}

std::size_t total_count(std::span<const Feature> feats) {
    std::size_t n = 0;
    for (const auto& f : feats) n += f.count;
    return n;
}

// A small deterministic generator for the SGD order (same order on every machine).
struct Lcg {
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    std::uint32_t next() {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::uint32_t>(state >> 33);
    }
};

}  // namespace

std::uint32_t word_feature(const std::string& lemma) {
    return hash("w", lemma);
}

void annotate_features(Spelling& s, const ModelView* model) {
    s.negator = is_negator(s.folded);
    s.unigram = word_feature(s.lemma);
    s.negated = hash("n", s.lemma);
    s.bigram_head = fnv(fnv(fnv(kFnvBasis, "b"), "\x1f"), s.lemma + ' ');
    std::string buf = "<";
    buf += s.folded;
    buf += '>';
    for (std::size_t n = 3; n <= 5; ++n) {
        for (std::size_t k = 0; k + n <= buf.size(); ++k)
            s.ngrams.push_back(hash("c", std::string_view(buf).substr(k, n)));
    }
    if (model == nullptr) return;
    static_assert(std::tuple_size_v<decltype(s.own_sum)> == kOutputs);
    // In the order features() lists them, so that equal words sum equally.
    auto add_row = [&](std::uint32_t f) {
        const auto row = row_of(*model, f);
        if (row == kNoRow) return;
        for (std::size_t k = 0; k < kOutputs; ++k)
            s.own_sum[k] += static_cast<double>(model->weights[row][k]);
    };
    add_row(s.unigram);
    for (const auto f : s.ngrams) add_row(f);
    s.own_count = static_cast<std::uint32_t>(1 + s.ngrams.size());
    if (const auto row = row_of(*model, s.negated); row != kNoRow) s.negated_row = row + 1;
}

std::vector<Feature> features(const std::vector<Word>& words, const TextContext& context,
                              const std::vector<RuleHit>& hits) {
    std::vector<std::uint32_t> f;
    f.reserve(words.size() * 12 + hits.size() * 2 + 4);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto& w = words[i];
        if (w.digits) {
            f.push_back(digits_feature(w));
            continue;
        }
        const auto& sp = *w.spelling;
        f.push_back(sp.unigram);
        if (negated_at(words, i)) f.push_back(sp.negated);
        if (bigram_at(words, i)) f.push_back(bigram(sp, *words[i + 1].spelling));
        f.insert(f.end(), sp.ngrams.begin(), sp.ngrams.end());
    }
    context_features(context, [&](std::uint32_t x) { f.push_back(x); });
    for (const auto& h : hits) {
        const auto [rule, category] = hit_features(h);
        f.push_back(rule);
        f.push_back(category);
    }
    std::sort(f.begin(), f.end());
    std::vector<Feature> out;
    for (const auto id : f) {
        if (!out.empty() && out.back().id == id)
            ++out.back().count;
        else
            out.push_back({id, 1});
    }
    return out;
}

ModelIndex index_model(const ModelView& model) {
    ModelIndex x;
    x.present.assign((static_cast<std::size_t>(kMask) + 1) / 64, 0);
    for (const auto b : model.buckets) {
        if (b <= kMask) x.present[b / 64] |= std::uint64_t{1} << (b % 64);
    }
    x.rank.resize(x.present.size());
    std::uint32_t before = 0;
    for (std::size_t k = 0; k < x.present.size(); ++k) {
        x.rank[k] = before;
        before += static_cast<std::uint32_t>(std::popcount(x.present[k]));
    }
    return x;
}

std::uint32_t row_of(const ModelView& model, std::uint32_t f) {
    const auto& x = model.index;
    if (x.present.size() == (static_cast<std::size_t>(kMask) + 1) / 64 && f <= kMask) {
        const std::uint64_t bits = x.present[f / 64];
        const std::uint64_t bit = std::uint64_t{1} << (f % 64);
        if ((bits & bit) == 0) return kNoRow;
        return x.rank[f / 64] + popcount64(bits & (bit - 1));
    }
    const auto it = std::lower_bound(model.buckets.begin(), model.buckets.end(), f);
    if (it == model.buckets.end() || *it != f) return kNoRow;
    return static_cast<std::uint32_t>(it - model.buckets.begin());
}

std::array<double, kOutputs> score(const ModelView& model, std::span<const Feature> feats) {
    std::array<double, kOutputs> z{};
    for (const auto& f : feats) {
        const auto row = row_of(model, f.id);
        if (row == kNoRow) continue;
        const auto& w = model.weights[row];
        const double c = f.count;
        for (std::size_t k = 0; k < kOutputs; ++k) z[k] += static_cast<double>(w[k]) * c;
    }
    const double s = scale_of(total_count(feats));
    std::array<double, kOutputs> p{};
    for (std::size_t k = 0; k < kOutputs; ++k)
        p[k] = sigmoid(z[k] * s + static_cast<double>(model.bias[k]));
    return p;
}

std::array<double, kOutputs> score_words(const ModelView& model, const std::vector<Word>& words,
                                         const TextContext& context,
                                         const std::vector<RuleHit>& hits) {
    // Two outputs per SSE2 lane pair.
    static_assert(kOutputs == 6);
    using V2 = double __attribute__((vector_size(16)));
    V2 z01{0, 0}, z23{0, 0}, z45{0, 0};
    std::size_t count = 0;
    auto add_row = [&](std::uint32_t row) {
        const float* w = model.weights[row].data();
        z01 += V2{w[0], w[1]};
        z23 += V2{w[2], w[3]};
        z45 += V2{w[4], w[5]};
    };
    auto add = [&](std::uint32_t f) {
        ++count;
        if (const auto r = row_of(model, f); r != kNoRow) add_row(r);
    };
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto& w = words[i];
        if (w.digits) {
            add(digits_feature(w));
            continue;
        }
        const auto& sp = *w.spelling;
        if (sp.own_count == 0)
            throw std::logic_error("triage: words not analysed with the model's Lemmatiser");
        count += sp.own_count;
        const double* o = sp.own_sum.data();
        z01 += V2{o[0], o[1]};
        z23 += V2{o[2], o[3]};
        z45 += V2{o[4], o[5]};
        const bool negated =
            (i >= 1 && words[i - 1].clause == w.clause && words[i - 1].spelling->negator) ||
            (i >= 2 && words[i - 2].clause == w.clause && words[i - 2].spelling->negator);
        if (negated) {
            ++count;
            if (sp.negated_row != 0) add_row(sp.negated_row - 1);
        }
        if (bigram_at(words, i)) add(bigram(sp, *words[i + 1].spelling));
    }
    context_features(context, add);
    for (const auto& h : hits) {
        const auto [rule, category] = hit_features(h);
        add(rule);
        add(category);
    }
    const double s = scale_of(count);
    const std::array<double, kOutputs> z{z01[0], z01[1], z23[0], z23[1], z45[0], z45[1]};
    std::array<double, kOutputs> p{};
    for (std::size_t o = 0; o < kOutputs; ++o)
        p[o] = sigmoid(z[o] * s + static_cast<double>(model.bias[o]));
    return p;
}

double crisis_weight(const ModelView& model, std::uint32_t f) {
    const auto it = std::lower_bound(model.buckets.begin(), model.buckets.end(), f);
    if (it == model.buckets.end() || *it != f) return 0;
    return static_cast<double>(
        model.weights[static_cast<std::size_t>(it - model.buckets.begin())][0]);
}

Example make_example(std::string id, std::string text, const Lemmatiser& lemmatiser) {
    Example e;
    e.id = std::move(id);
    e.text = std::move(text);
    const auto analysis = analyse(e.text, lemmatiser);
    const auto& words = analysis.words;
    const auto ctx = text_context(words);
    const auto hits = apply_rules(words, ctx);
    e.features = features(words, ctx, hits);
    e.long_past = ctx.past && !ctx.present;
    for (const auto& h : hits) {
        const auto c = static_cast<std::size_t>(h.category);
        if (h.strong) {
            e.rule_strong = true;
            e.rule_cats[c] = true;
        } else {
            e.weak_cats[c] = true;
        }
    }
    return e;
}

std::vector<Example> read_examples(std::istream& in, const Lemmatiser& lemmatiser) {
    std::vector<Example> out;
    std::string line;
    std::size_t lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const auto where = "line " + std::to_string(lineno) + ": ";
        if (!is_valid_utf8(line)) throw std::runtime_error(where + "not valid UTF-8");
        boost::system::error_code ec;
        const auto v = boost::json::parse(line, ec);
        const auto* o = ec ? nullptr : v.if_object();
        if (o == nullptr) throw std::runtime_error(where + "not a JSON object");
        const auto* text = o->if_contains("text");
        if (text == nullptr || !text->is_string())
            throw std::runtime_error(where + "missing \"text\" string");
        std::string id;
        if (const auto* i = o->if_contains("id"))
            id = i->is_string() ? std::string(i->as_string()) : boost::json::serialize(*i);
        auto e = make_example(id, std::string(text->as_string()), lemmatiser);
        if (const auto* c = o->if_contains("crisis"); c != nullptr && c->is_bool())
            e.crisis = c->as_bool();
        if (const auto* cats = o->if_contains("categories"); cats != nullptr && cats->is_array()) {
            for (const auto& c : cats->as_array()) {
                const auto cat = c.is_string() ? parse_category(c.as_string()) : std::nullopt;
                if (!cat)
                    throw std::runtime_error(where + "unknown category " +
                                             boost::json::serialize(c));
                e.gold[static_cast<std::size_t>(*cat)] = true;
            }
        }
        out.push_back(std::move(e));
    }
    return out;
}

Model train(std::span<const Example* const> examples) {
    const std::size_t n = examples.size();
    std::vector<std::uint32_t> docs(static_cast<std::size_t>(kMask) + 1, 0);
    for (const auto* e : examples) {
        for (const auto& f : e->features) ++docs[f.id];
    }
    std::vector<float> w((static_cast<std::size_t>(kMask) + 1) * kOutputs, 0.0f);
    std::array<double, kOutputs> bias{};
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    Lcg rng;
    std::size_t step = 0;
    for (int epoch = 0; epoch < kEpochs; ++epoch) {
        for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.next() % i]);
        for (const auto idx : order) {
            const auto& e = *examples[idx];
            const double s = scale_of(total_count(e.features));
            const double rate =
                kRate / (1.0 + 0.02 * static_cast<double>(step++) / static_cast<double>(n));
            std::array<double, kOutputs> y{};
            y[0] = e.crisis ? 1.0 : 0.0;
            for (std::size_t c = 0; c < kCategories; ++c) y[c + 1] = e.gold[c] ? 1.0 : 0.0;
            std::array<double, kOutputs> z = bias;
            for (const auto& f : e.features) {
                if (docs[f.id] < kMinDocs) continue;
                const double x = f.count * s;
                for (std::size_t k = 0; k < kOutputs; ++k)
                    z[k] += static_cast<double>(w[f.id * kOutputs + k]) * x;
            }
            std::array<double, kOutputs> g{};
            for (std::size_t k = 0; k < kOutputs; ++k) {
                g[k] = sigmoid(z[k]) - y[k];
                bias[k] -= rate * g[k] * 0.1;
            }
            for (const auto& f : e.features) {
                if (docs[f.id] < kMinDocs) continue;
                const double x = f.count * s;
                for (std::size_t k = 0; k < kOutputs; ++k) {
                    float& wk = w[f.id * kOutputs + k];
                    const double wd = wk;
                    wk = static_cast<float>(wd - rate * (g[k] * x + kL2 * wd));
                }
            }
        }
    }
    Model m;
    for (std::size_t k = 0; k < kOutputs; ++k) m.bias[k] = static_cast<float>(bias[k]);
    for (std::uint32_t f = 0; f <= kMask; ++f) {
        if (docs[f] < kMinDocs) continue;
        std::array<float, kOutputs> row{};
        bool any = false;
        for (std::size_t k = 0; k < kOutputs; ++k) {
            row[k] = w[f * kOutputs + k];
            any = any || std::fabs(row[k]) >= 1e-4f;
        }
        if (!any) continue;
        m.buckets.push_back(f);
        m.weights.push_back(row);
    }
    return m;
}

Decision decide(const std::array<double, kOutputs>& p, const ModelView& model, bool long_past,
                bool rule_strong, const std::array<bool, kCategories>& rule_cats,
                const std::array<bool, kCategories>& weak_cats) {
    Decision d;
    d.crisis = p[0] >= model.threshold || (rule_strong && p[0] >= model.rule_threshold);
    if (long_past && !rule_strong && p[0] < kPastProbability) d.crisis = false;
    if (!d.crisis) return d;
    bool any = false;
    for (std::size_t c = 0; c < kCategories; ++c) {
        d.categories[c] = rule_cats[c] || p[c + 1] >= model.category_threshold;
        any = any || d.categories[c];
    }
    if (!any) {
        for (std::size_t c = 0; c < kCategories; ++c) {
            d.categories[c] = weak_cats[c];
            any = any || weak_cats[c];
        }
    }
    if (!any) {
        std::size_t best = 0;
        for (std::size_t c = 1; c < kCategories; ++c) {
            if (p[c + 1] > p[best + 1]) best = c;
        }
        d.categories[best] = true;
    }
    return d;
}

Decision decide(const ModelView& model, const Example& e) {
    return decide(score(model, e.features), model, e.long_past, e.rule_strong, e.rule_cats,
                  e.weak_cats);
}

Thresholds choose_thresholds(std::span<const Example* const> examples, std::size_t folds) {
    const std::size_t n = examples.size();
    if (n == 0 || folds < 2) return {};
    std::vector<double> p(n, 0.0);
    for (std::size_t fold = 0; fold < folds; ++fold) {
        std::vector<const Example*> train_set;
        for (std::size_t i = 0; i < n; ++i) {
            if (i % folds != fold) train_set.push_back(examples[i]);
        }
        const Model m = train(train_set);
        for (std::size_t i = fold; i < n; i += folds)
            p[i] = score(m.view(), examples[i]->features)[0];
    }
    std::size_t pos = 0, neg = 0;
    for (const auto* e : examples) (e->crisis ? pos : neg)++;
    Thresholds best;
    double best_cost = 1e9;
    for (int ri = 0; ri <= 40; ri += 2) {
        const double rt = ri / 100.0;
        for (int ti = std::max(ri, 5); ti <= 95; ++ti) {
            const double t = ti / 100.0;
            std::size_t miss = 0, fa = 0;
            for (std::size_t i = 0; i < n; ++i) {
                bool flag = p[i] >= t || (examples[i]->rule_strong && p[i] >= rt);
                if (examples[i]->long_past && !examples[i]->rule_strong && p[i] < kPastProbability)
                    flag = false;
                if (examples[i]->crisis && !flag) ++miss;
                if (!examples[i]->crisis && flag) ++fa;
            }
            const double cost =
                kMissCost * static_cast<double>(miss) /
                    static_cast<double>(std::max<std::size_t>(pos, 1)) +
                static_cast<double>(fa) / static_cast<double>(std::max<std::size_t>(neg, 1));
            if (cost < best_cost - 1e-12) {
                best_cost = cost;
                best = {t, rt};
            }
        }
    }
    return best;
}

void write_model_source(const Model& model, std::ostream& out) {
    char num[32];
    auto fl = [&](double v) {
        std::snprintf(num, sizeof num, "%.6g", v);
        std::string s = num;
        // "1" is no float literal: "1f" does not compile.
        if (s.find_first_of(".e") == std::string::npos) s += ".0";
        return s + "f";
    };
    out << "// Generated by radfraga_triage_train from moderation/data/triage/*.jsonl. Do not "
           "edit.\n"
        << "#include \"moderation/src/triage_model.hpp\"\n\nnamespace radfraga::moderation::detail "
           "{\n\nnamespace {\n"
        << "// " << model.buckets.size() << " features; a sentinel bucket ends the table.\n"
        << "constexpr std::uint32_t kBuckets[] = {\n";
    for (std::size_t i = 0; i < model.buckets.size(); ++i)
        out << model.buckets[i] << (i % 12 == 11 ? ",\n" : ",");
    out << "0xFFFFFFFFu};\nconstexpr std::array<float, kOutputs> kWeights[] = {\n";
    for (const auto& row : model.weights) {
        out << "{{";
        for (std::size_t k = 0; k < kOutputs; ++k)
            out << (k ? "," : "") << fl(static_cast<double>(row[k]));
        out << "}},\n";
    }
    out << "{{}}};\n}  // namespace\n\nModelView embedded_model() {\n    return ModelView{\n       "
           " kBuckets,\n"
        << "        kWeights,\n        {{";
    for (std::size_t k = 0; k < kOutputs; ++k)
        out << (k ? "," : "") << fl(static_cast<double>(model.bias[k]));
    out << "}},\n        " << model.threshold << ",\n        " << model.rule_threshold
        << ",\n        " << model.category_threshold
        << ",\n        {}};\n}\n\n}  // namespace radfraga::moderation::detail\n";
}

}  // namespace radfraga::moderation::detail
