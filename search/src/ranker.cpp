#include "search/src/ranker.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>
#include <numeric>
#include <queue>

#include "search/src/decimal.hpp"

namespace radfraga::search::detail {

namespace {

using Hits = std::vector<Ranker::Hit>;

// Merges sorted hit lists, adding the weights of a document met in several.
Hits merge_sum(std::vector<Hits>&& lists) {
    lists.erase(std::remove_if(lists.begin(), lists.end(), [](const Hits& h) { return h.empty(); }),
                lists.end());
    if (lists.empty()) return {};
    while (lists.size() > 1) {
        // Pairwise, smallest first, so long lists are copied as few times as possible.
        std::sort(lists.begin(), lists.end(),
                  [](const Hits& a, const Hits& b) { return a.size() > b.size(); });
        Hits b = std::move(lists.back());
        lists.pop_back();
        Hits a = std::move(lists.back());
        lists.pop_back();
        Hits out;
        out.reserve(a.size() + b.size());
        std::size_t i = 0, j = 0;
        while (i < a.size() && j < b.size()) {
            if (a[i].doc < b[j].doc) {
                out.push_back(a[i++]);
            } else if (b[j].doc < a[i].doc) {
                out.push_back(b[j++]);
            } else {
                out.push_back({a[i].doc, a[i].weight + b[j].weight});
                ++i;
                ++j;
            }
        }
        out.insert(out.end(), a.begin() + static_cast<std::ptrdiff_t>(i), a.end());
        out.insert(out.end(), b.begin() + static_cast<std::ptrdiff_t>(j), b.end());
        lists.push_back(std::move(out));
    }
    return std::move(lists.front());
}

// Documents in every list, with the sum of their weights.
Hits intersect_sum(std::vector<Hits>&& lists) {
    if (lists.empty()) return {};
    std::sort(lists.begin(), lists.end(),
              [](const Hits& a, const Hits& b) { return a.size() < b.size(); });
    Hits acc = std::move(lists.front());
    for (std::size_t k = 1; k < lists.size() && !acc.empty(); ++k) {
        const Hits& b = lists[k];
        std::size_t out = 0, j = 0;
        for (std::size_t i = 0; i < acc.size(); ++i) {
            while (j < b.size() && b[j].doc < acc[i].doc) ++j;
            if (j == b.size()) break;
            if (b[j].doc == acc[i].doc) acc[out++] = {acc[i].doc, acc[i].weight + b[j].weight};
        }
        acc.resize(out);
    }
    return acc;
}

// OP_SYNONYM's term frequency as Xapian 1.4 estimates it: its OR tree is built by
// joining the two least frequent parts first, and each join estimates
// a + b - a * b / N, rounded to a whole number.
Xapian::doccount synonym_termfreq(const std::vector<Xapian::doccount>& parts, double doccount) {
    std::priority_queue<Xapian::doccount, std::vector<Xapian::doccount>, std::greater<>> heap(
        parts.begin(), parts.end());
    if (heap.empty()) return 0;
    while (heap.size() > 1) {
        const double a = heap.top();
        heap.pop();
        const double b = heap.top();
        heap.pop();
        const double est = a + b - (a * b / doccount);
        heap.push(static_cast<Xapian::doccount>(est + 0.5));
    }
    return heap.top();
}

// The key a term or synonym's list is kept under (see Ranker::synonym).
std::string list_key(const Expr& e) {
    if (e.op == Expr::Op::term) return e.term;
    if (e.kids.size() == 1) return e.kids.front().term;
    // '\x01' occurs in no term (terms are words with a letter prefix).
    std::string key;
    for (const auto& k : e.kids) {
        key += '\x01';
        key += k.term;
    }
    return key;
}

// The index of the first element >= x of ascending `v` at or after `from` (v.size() if
// none), by galloping from `from`: the next one sought is usually near.
std::size_t first_not_below(const std::vector<std::uint32_t>& v, std::size_t from,
                            std::uint32_t x) {
    if (from >= v.size() || v[from] >= x) return from;
    std::size_t step = 1, lo = from, hi = from + 1;
    while (hi < v.size() && v[hi] < x) {
        lo = hi;
        step *= 2;
        hi = std::min(v.size(), hi + step);
    }
    return static_cast<std::size_t>(std::lower_bound(v.begin() + static_cast<std::ptrdiff_t>(lo),
                                                     v.begin() + static_cast<std::ptrdiff_t>(hi),
                                                     x) -
                                    v.begin());
}

}  // namespace

Bm25::Bm25(Xapian::Database& db, Bm25Params params)
    : params_(params), doccount_(static_cast<double>(db.get_doccount())) {
    const double avlen =
        doccount_ == 0 ? 0 : static_cast<double>(db.get_total_length()) / doccount_;
    len_factor_ = avlen != 0 ? 1 / avlen : 0;
}

double Bm25::term_weight(Xapian::doccount termfreq, double factor) const {
    const double tf = termfreq;
    double tw = (doccount_ - tf + 0.5) / (tf + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;  // Xapian's guard for terms in over a third of the documents
    return std::log(tw) * factor;
}

double Bm25::length_part(Xapian::termcount length) const {
    const double normlen = std::max(static_cast<double>(length) * len_factor_, params_.min_normlen);
    return params_.k1 * (normlen * params_.b + (1 - params_.b));
}

Ranker::Ranker(Xapian::Database& db, Bm25Params params, Xapian::valueno slot_date,
               Xapian::valueno slot_category, std::size_t postings_budget_bytes)
    : uuid_(db.get_uuid()),
      revision_(db.get_revision()),
      bm25_(db, params),
      budget_(postings_budget_bytes) {
    const Xapian::doccount n = db.get_doccount();
    docids_.reserve(n);
    length_part_.reserve(n);
    length_.reserve(n);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        docids_.push_back(*it);
        length_.push_back(it.get_doclength());
        length_part_.push_back(bm25_.length_part(length_.back()));
    }
    published_at_.assign(docids_.size(), 0);
    category_.assign(docids_.size(), UINT16_MAX);
    std::uint32_t at = 0;
    for (auto v = db.valuestream_begin(slot_date); v != db.valuestream_end(slot_date); ++v) {
        at = doc_of(v.get_docid(), at);
        if (at < docids_.size() && docids_[at] == v.get_docid()) {
            published_at_[at] =
                static_cast<std::int64_t>(std::llround(Xapian::sortable_unserialise(*v)));
        }
    }
    std::unordered_map<std::string, std::uint16_t> slugs;
    at = 0;
    for (auto v = db.valuestream_begin(slot_category); v != db.valuestream_end(slot_category);
         ++v) {
        at = doc_of(v.get_docid(), at);
        if (at >= docids_.size() || docids_[at] != v.get_docid()) continue;
        auto it = slugs.find(*v);
        if (it == slugs.end()) {
            if (categories_.size() >= UINT16_MAX - 1) continue;  // far beyond any real site
            it = slugs.emplace(*v, static_cast<std::uint16_t>(categories_.size())).first;
            categories_.push_back(*v);
        }
        category_[at] = it->second;
    }
    data_number_ = std::make_unique<std::atomic<std::int64_t>[]>(docids_.size());
    for (std::size_t i = 0; i < docids_.size(); ++i) data_number_[i].store(not_read);
}

// The index of the first document with id >= did, searching from `from` (galloping:
// postings are read in ascending order, usually close together).
std::uint32_t Ranker::doc_of(Xapian::docid did, std::uint32_t from) const {
    return static_cast<std::uint32_t>(first_not_below(docids_, from, did));
}

std::optional<std::uint32_t> Ranker::index_of(Xapian::docid did) const {
    const std::uint32_t at = doc_of(did, 0);
    if (at >= docids_.size() || docids_[at] != did) return std::nullopt;
    return at;
}

std::optional<Xapian::termcount> Ranker::length(Xapian::docid did) const {
    const auto at = index_of(did);
    if (!at) return std::nullopt;
    return length_[*at];
}

std::optional<std::int64_t> Ranker::data_number(Xapian::Database& db, Xapian::docid did) const {
    const auto at = index_of(did);
    if (!at) return std::nullopt;
    std::int64_t v = data_number_[*at].load(std::memory_order_relaxed);
    if (v != not_read) return v;
    v = parse_int(db.get_document(did).get_data());
    data_number_[*at].store(v, std::memory_order_relaxed);
    return v;
}

bool Ranker::supports(const Expr& e) {
    if (e.op == Expr::Op::opaque) return false;
    return std::all_of(e.kids.begin(), e.kids.end(), [](const Expr& k) { return supports(k); });
}

std::shared_ptr<const Ranker::Postings> Ranker::postings(Xapian::Database& db,
                                                         const std::string& term) const {
    if (auto held = cached(term)) return held;
    // Read outside the lock; two threads may read the same list once each.
    const Raw raw = read_list(db, term);
    return remember(term, weighed(raw, static_cast<Xapian::doccount>(raw.doc.size())));
}

Ranker::Raw Ranker::read_list(Xapian::Database& db, const std::string& term) const {
    Raw raw;
    const Xapian::doccount tf = db.get_termfreq(term);
    raw.doc.reserve(tf);
    raw.wdf.reserve(tf);
    std::uint32_t at = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        at = doc_of(*it, at);
        assert(at < docids_.size() && docids_[at] == *it);  // same revision as the constructor's
        if (at >= docids_.size() || docids_[at] != *it) continue;
        raw.doc.push_back(at);
        raw.wdf.push_back(it.get_wdf());
    }
    return raw;
}

std::shared_ptr<const Ranker::Postings> Ranker::presence_list(Xapian::Database& db,
                                                              const std::string& term) const {
    const std::string key = presence_key(term);
    if (auto held = cached(key)) return held;
    auto p = std::make_shared<Postings>();
    p->doc = read_list(db, term).doc;
    p->termfreq = static_cast<Xapian::doccount>(p->doc.size());
    return remember(key, std::move(p));
}

std::vector<char> Ranker::has_term(Xapian::Database& db, const std::string& term,
                                   const std::vector<Xapian::docid>& docs) const {
    const auto held = presence_list(db, term);
    std::vector<char> out(docs.size(), 0);
    // In docid order, so both the documents and the list are searched onwards from the
    // previous one (galloping) rather than from their start.
    std::vector<std::size_t> order(docs.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return docs[x] < docs[y]; });
    std::uint32_t at = 0;
    auto from = held->doc.begin();
    for (const std::size_t i : order) {
        at = doc_of(docs[i], at);
        if (at >= docids_.size() || docids_[at] != docs[i]) continue;
        from = std::lower_bound(from, held->doc.end(), at);
        if (from == held->doc.end()) break;
        out[i] = *from == at ? 1 : 0;
    }
    return out;
}

std::shared_ptr<Ranker::Postings> Ranker::weighed(const Raw& raw, Xapian::doccount termfreq) const {
    auto p = std::make_shared<Postings>();
    p->doc = raw.doc;
    p->wdf_part.resize(raw.doc.size());
    for (std::size_t i = 0; i < raw.doc.size(); ++i) {
        p->wdf_part[i] = bm25_.wdf_part(raw.wdf[i], length_part_[raw.doc[i]]);
        p->max_part = std::max(p->max_part, p->wdf_part[i]);
    }
    p->termfreq = termfreq;
    return p;
}

std::shared_ptr<const Ranker::Postings> Ranker::cached(const std::string& key) const {
    std::lock_guard lock(cache_.mutex);
    const auto* p = cache_.lru.get(key);
    return p != nullptr ? *p : nullptr;
}

std::shared_ptr<const Ranker::Postings> Ranker::remember(const std::string& key,
                                                         std::shared_ptr<const Postings> p) const {
    std::lock_guard lock(cache_.mutex);
    if (const auto* held = cache_.lru.peek(key)) return *held;
    cache_.lru.put(key, p, p->bytes() + key.size() * 2);
    return p;
}

std::vector<std::string> Ranker::held_keys() const {
    std::lock_guard lock(cache_.mutex);
    std::vector<std::string> out;
    out.reserve(cache_.lru.size());
    cache_.lru.for_each([&](const std::string& key, const auto&) {
        if (!key.empty() && key[0] != '\x02') out.push_back(key);
    });
    return out;
}

std::size_t Ranker::warm(Xapian::Database& db, const std::vector<std::string>& keys,
                         double share) const {
    assert(db.get_revision() == revision_);
    const auto limit = static_cast<std::size_t>(static_cast<double>(budget_) * share);
    auto held = [&] {
        std::lock_guard lock(cache_.mutex);
        return cache_.lru.bytes();
    };
    for (const auto& key : keys) {
        if (held() >= limit) break;
        if (key.empty() || key[0] == '\x02') continue;
        if (key[0] == presence_prefix) {
            presence_list(db, key.substr(1));
            continue;
        }
        if (key[0] != '\x01') {
            postings(db, key);
            continue;
        }
        // A synonym's key: '\x01' before each of its terms (list_key).
        Expr e;
        e.op = Expr::Op::synonym;
        std::size_t at = 1;
        while (at <= key.size()) {
            const auto next = std::min(key.find('\x01', at), key.size());
            Expr t;
            t.op = Expr::Op::term;
            t.term = key.substr(at, next - at);
            e.kids.push_back(std::move(t));
            at = next + 1;
        }
        synonym(db, e);
    }
    return held();
}

template <class Add>
void Ranker::weigh(const Postings& p, double factor, Add&& add) const {
    assert(!p.summed);
    if (p.doc.empty()) return;
    const double termweight = bm25_.term_weight(p.termfreq, factor);
    for (std::size_t i = 0; i < p.doc.size(); ++i) add(p.doc[i], termweight * p.wdf_part[i]);
}

std::shared_ptr<const Ranker::Postings> Ranker::synonym(Xapian::Database& db, const Expr& e) const {
    assert(e.op == Expr::Op::synonym);
    if (e.kids.size() == 1) return postings(db, e.kids.front().term);
    const std::string key = list_key(e);
    if (auto held = cached(key)) return held;
    // The parts' wdfs, which cached lists do not keep, are read again: this happens
    // once per synonym while it stays in the cache.
    std::vector<Raw> parts;
    std::vector<Xapian::doccount> freqs;
    for (const auto& k : e.kids) {
        parts.push_back(read_list(db, k.term));
        freqs.push_back(static_cast<Xapian::doccount>(parts.back().doc.size()));
    }
    Raw merged;
    std::size_t most = 0;
    for (const auto& part : parts) most += part.doc.size();
    merged.doc.reserve(std::min<std::size_t>(most, docids_.size()));
    merged.wdf.reserve(merged.doc.capacity());
    std::vector<std::size_t> at(parts.size(), 0);
    for (;;) {
        std::uint32_t next = UINT32_MAX;
        for (std::size_t k = 0; k < parts.size(); ++k) {
            if (at[k] < parts[k].doc.size()) next = std::min(next, parts[k].doc[at[k]]);
        }
        if (next == UINT32_MAX) break;
        Xapian::termcount wdf = 0;
        for (std::size_t k = 0; k < parts.size(); ++k) {
            if (at[k] < parts[k].doc.size() && parts[k].doc[at[k]] == next)
                wdf += parts[k].wdf[at[k]++];
        }
        merged.doc.push_back(next);
        merged.wdf.push_back(wdf);
    }
    return remember(key, weighed(merged, synonym_termfreq(freqs, bm25_.doccount())));
}

std::shared_ptr<const Ranker::Postings> Ranker::list_of(Xapian::Database& db, const Expr& e) const {
    assert(e.op == Expr::Op::term || e.op == Expr::Op::synonym);
    return e.op == Expr::Op::term ? postings(db, e.term) : synonym(db, e);
}

void Ranker::accumulate(Xapian::Database& db, const Expr& e, double factor, Scratch& s) const {
    auto add = [&](std::uint32_t d, double w) {
        auto& slot = s.slots[d];
        if (slot.stamp != s.epoch) {
            slot.stamp = s.epoch;
            slot.acc = 0;
            s.touched.push_back(d);
        }
        slot.acc += w;
    };
    switch (e.op) {
        case Expr::Op::or_:
            for (const auto& k : e.kids) accumulate(db, k, factor, s);
            return;
        case Expr::Op::scale:
            accumulate(db, e.kids.at(0), factor * e.factor, s);
            return;
        case Expr::Op::term:
        case Expr::Op::synonym:
            weigh(*list_of(db, e), factor, add);
            return;
        case Expr::Op::and_:
            if (flat_and(e)) {
                const auto p = conjunction(db, e);
                for (std::size_t i = 0; i < p->doc.size(); ++i)
                    add(p->doc[i], factor * p->wdf_part[i]);
                return;
            }
            for (const auto& h : eval(db, e, factor)) add(h.doc, h.weight);
            return;
        default:
            for (const auto& h : eval(db, e, factor)) add(h.doc, h.weight);
            return;
    }
}

std::shared_ptr<const Ranker::Postings> Ranker::conjunction(Xapian::Database& db,
                                                            const Expr& e) const {
    std::string key = "\x02";
    for (const auto& k : e.kids) {
        key += list_key(k);
        key += '\x03';
    }
    if (auto held = cached(key)) return held;
    struct List {
        std::shared_ptr<const Postings> p;
        double termweight;
        std::size_t at;
    };
    auto out = std::make_shared<Postings>();
    out->summed = true;
    std::vector<List> lists;
    for (const auto& k : e.kids) {
        auto p = list_of(db, k);
        if (p->doc.empty()) return remember(key, std::move(out));
        const double tw = bm25_.term_weight(p->termfreq, 1.0);
        lists.push_back(List{std::move(p), tw, 0});
    }
    // Shortest first: its documents are the candidates, and the sum is taken in the
    // order intersect_sum takes it.
    std::stable_sort(lists.begin(), lists.end(), [](const List& x, const List& y) {
        return x.p->doc.size() < y.p->doc.size();
    });
    const Postings& first = *lists.front().p;
    for (std::size_t i = 0; i < first.doc.size(); ++i) {
        const std::uint32_t d = first.doc[i];
        double w = lists.front().termweight * first.wdf_part[i];
        bool everywhere = true;
        for (std::size_t k = 1; k < lists.size() && everywhere; ++k) {
            List& l = lists[k];
            const auto& docs = l.p->doc;
            l.at = first_not_below(docs, l.at, d);
            if (l.at == docs.size()) {  // no later candidate can be in every list
                i = first.doc.size();
                everywhere = false;
            } else if (docs[l.at] != d) {
                everywhere = false;
            } else {
                w += l.termweight * l.p->wdf_part[l.at];
            }
        }
        if (everywhere) {
            out->doc.push_back(d);
            out->wdf_part.push_back(w);
            out->max_part = std::max(out->max_part, w);
        }
    }
    out->doc.shrink_to_fit();
    out->wdf_part.shrink_to_fit();
    return remember(key, std::move(out));
}

bool Ranker::flat_and(const Expr& e) {
    return e.op == Expr::Op::and_ && !e.kids.empty() &&
           std::all_of(e.kids.begin(), e.kids.end(), [](const Expr& k) {
               return k.op == Expr::Op::term || k.op == Expr::Op::synonym;
           });
}

std::vector<Ranker::Hit> Ranker::eval(Xapian::Database& db, const Expr& e, double factor) const {
    switch (e.op) {
        case Expr::Op::term:
        case Expr::Op::synonym: {
            const auto p = list_of(db, e);
            Hits out;
            out.reserve(p->doc.size());
            weigh(*p, factor, [&](std::uint32_t d, double w) { out.push_back({d, w}); });
            return out;
        }
        case Expr::Op::scale:
            return eval(db, e.kids.at(0), factor * e.factor);
        case Expr::Op::or_: {
            std::vector<Hits> lists;
            for (const auto& k : e.kids) lists.push_back(eval(db, k, factor));
            return merge_sum(std::move(lists));
        }
        case Expr::Op::and_: {
            if (flat_and(e)) {
                const auto p = conjunction(db, e);
                Hits out;
                out.reserve(p->doc.size());
                for (std::size_t i = 0; i < p->doc.size(); ++i)
                    out.push_back({p->doc[i], factor * p->wdf_part[i]});
                return out;
            }
            std::vector<Hits> lists;
            for (const auto& k : e.kids) {
                lists.push_back(eval(db, k, factor));
                if (lists.back().empty()) return {};
            }
            return intersect_sum(std::move(lists));
        }
        case Expr::Op::and_not: {
            Hits kept = eval(db, e.kids.at(0), factor);
            const Hits gone = eval(db, e.kids.at(1), 0);
            std::size_t out = 0, j = 0;
            for (std::size_t i = 0; i < kept.size(); ++i) {
                while (j < gone.size() && gone[j].doc < kept[i].doc) ++j;
                if (j < gone.size() && gone[j].doc == kept[i].doc) continue;
                kept[out++] = kept[i];
            }
            kept.resize(out);
            return kept;
        }
        case Expr::Op::opaque:
            break;
    }
    assert(false && "opaque queries are not supported (see supports())");
    return {};
}

bool Ranker::sum_of_lists(Xapian::Database& db, const Expr& e, double factor,
                          std::vector<Weighted>& out) const {
    switch (e.op) {
        case Expr::Op::or_:
            for (const auto& k : e.kids)
                if (!sum_of_lists(db, k, factor, out)) return false;
            return true;
        case Expr::Op::scale:
            return sum_of_lists(db, e.kids.at(0), factor * e.factor, out);
        case Expr::Op::term:
        case Expr::Op::synonym: {
            auto p = list_of(db, e);
            if (p->doc.empty()) return true;
            const double w = bm25_.term_weight(p->termfreq, factor);
            out.push_back({std::move(p), w, 0});
            out.back().bound = w * out.back().p->max_part;
            return true;
        }
        case Expr::Op::and_: {
            if (!flat_and(e)) return false;
            auto p = conjunction(db, e);
            if (p->doc.empty()) return true;
            out.push_back({std::move(p), factor, 0});
            out.back().bound = factor * out.back().p->max_part;
            return true;
        }
        default:
            return false;
    }
}

bool Ranker::rank_pruned(std::vector<Weighted>& lists, std::size_t keep, Scratch& s,
                         std::size_t& met, std::vector<std::int64_t>& met_counts) const {
    // Max-score (Turtle and Flood 1995), term at a time: lists in descending order of
    // the most they add. Once the lists left add less than the keep-th best weight so
    // far (theta), no document not yet met can reach the page: the lists left are only
    // added to the documents met whose weight plus what is left can still reach theta.
    std::stable_sort(lists.begin(), lists.end(),
                     [](const Weighted& a, const Weighted& b) { return a.bound > b.bound; });
    std::vector<double> rest(lists.size() + 1, 0);  // rest[i]: bounds of lists i, i+1, ...
    for (std::size_t i = lists.size(); i-- > 0;) rest[i] = rest[i + 1] + lists[i].bound;
    const std::uint32_t epoch = s.epoch;
    std::vector<double> weights;
    double theta = 0;
    double best = 0;  // the highest weight so far: theta is never above it
    std::size_t i = 0;
    for (; i < lists.size(); ++i) {
        const Postings& p = *lists[i].p;
        const double w = lists[i].weight;
        for (std::size_t k = 0; k < p.doc.size(); ++k) {
            auto& slot = s.slots[p.doc[k]];
            if (slot.stamp != epoch) {
                slot.stamp = epoch;
                slot.acc = 0;
                s.touched.push_back(p.doc[k]);
            }
            slot.acc += w * p.wdf_part[k];
            best = std::max(best, slot.acc);
        }
        if (i + 1 == lists.size() || s.touched.size() < keep) continue;
        // The lists left could lift a new document above the best so far, so above
        // theta too: no stop here, and theta need not be computed.
        if (rest[i + 1] >= best) continue;
        // Theta: the keep-th best weight so far (weights only grow, so it is a lower
        // bound of the final page's worst).
        weights.clear();
        for (const std::uint32_t d : s.touched) weights.push_back(s.slots[d].acc);
        std::nth_element(weights.begin(), weights.begin() + static_cast<std::ptrdiff_t>(keep - 1),
                         weights.end(), std::greater<>());
        theta = weights[keep - 1];
        if (rest[i + 1] < theta) break;
    }
    if (i + 1 >= lists.size()) return false;  // every list added in full: exact
    met = s.touched.size();
    if (!met_counts.empty())
        for (const std::uint32_t d : s.touched)
            if (category_[d] != UINT16_MAX) ++met_counts[category_[d]];
    // The candidates: documents met that can still reach theta.
    std::vector<std::uint32_t>& cands = s.touched;
    bool ascending = false;  // filtering keeps the order, so one sort serves every list
    for (++i; i < lists.size(); ++i) {
        std::size_t out = 0;
        for (const std::uint32_t d : cands)
            if (s.slots[d].acc + rest[i] >= theta) cands[out++] = d;
        cands.resize(out);
        if (cands.empty()) break;
        if (!ascending) std::sort(cands.begin(), cands.end());
        ascending = true;
        const Postings& p = *lists[i].p;
        const double w = lists[i].weight;
        if (cands.size() * 8 < p.doc.size()) {
            // Few candidates: find each in the list (galloping, ascending).
            std::size_t at = 0;
            for (const std::uint32_t d : cands) {
                at = first_not_below(p.doc, at, d);
                if (at == p.doc.size()) break;
                if (p.doc[at] == d) s.slots[d].acc += w * p.wdf_part[at];
            }
        } else {
            for (std::size_t k = 0; k < p.doc.size(); ++k) {
                auto& slot = s.slots[p.doc[k]];
                if (slot.stamp == epoch) slot.acc += w * p.wdf_part[k];
            }
        }
    }
    return true;
}

// Takes a Scratch from the pool for one query and gives it back.
class Ranker::ScratchLease {
  public:
    explicit ScratchLease(const Ranker& r) : r_(r) {
        {
            std::lock_guard lock(r.scratch_mutex_);
            if (!r.scratch_pool_.empty()) {
                s_ = std::move(r.scratch_pool_.back());
                r.scratch_pool_.pop_back();
            }
        }
        if (!s_) s_ = std::make_unique<Scratch>();
    }
    ~ScratchLease() {
        std::lock_guard lock(r_.scratch_mutex_);
        r_.scratch_pool_.push_back(std::move(s_));
    }
    ScratchLease(const ScratchLease&) = delete;
    ScratchLease& operator=(const ScratchLease&) = delete;
    Scratch& get() { return *s_; }

  private:
    const Ranker& r_;
    std::unique_ptr<Scratch> s_;
};

RankResult Ranker::run(Xapian::Database& db, const Expr& e, const RankRequest& r) const {
    assert(db.get_revision() == revision_);
    ScratchLease lease(*this);
    Scratch& s = lease.get();
    RankResult out;

    // Every match goes through `visit` once: the date range, then the facets (which
    // ignore the category), then the category, then the page.
    const auto lo = r.from.value_or(INT64_MIN), hi = r.to.value_or(INT64_MAX);
    const bool dated = r.from || r.to;
    std::uint16_t only = UINT16_MAX;  // the category asked for; UINT16_MAX - 1: unknown
    if (!r.category.empty()) {
        auto it = std::find(categories_.begin(), categories_.end(), r.category);
        only = it == categories_.end() ? UINT16_MAX - 1
                                       : static_cast<std::uint16_t>(it - categories_.begin());
    }
    std::vector<std::int64_t> counts(r.facets ? categories_.size() : 0, 0);
    // Best first; equal weights newest (lowest id) first, as Xapian orders them. The
    // ranked page is a heap of the best offset + limit, worst on top.
    auto better = [](const Hit& a, const Hit& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.doc < b.doc;
    };
    const std::size_t keep = r.offset + r.limit;
    Hits& page = s.hits;
    page.clear();
    std::int64_t total = 0;
    auto visit = [&](std::uint32_t d, double w) {
        if (dated && (published_at_[d] < lo || published_at_[d] > hi)) return;
        const std::uint16_t c = category_[d];
        if (r.facets && c != UINT16_MAX) ++counts[c];
        if (only != UINT16_MAX && c != only) return;
        ++total;
        if (!r.ranked) {
            if (static_cast<std::size_t>(total) > r.offset && page.size() < r.limit)
                page.push_back({d, 0});
            return;
        }
        const Hit h{d, w};
        if (page.size() < keep) {
            page.push_back(h);
            std::push_heap(page.begin(), page.end(), better);
        } else if (keep > 0 && better(h, page.front())) {
            std::pop_heap(page.begin(), page.end(), better);
            page.back() = h;
            std::push_heap(page.begin(), page.end(), better);
        }
    };

    // An OR (what a ranked query is) is added up in the dense accumulator; an AND (what
    // newest first asks) is a sorted intersection. Excluded documents are stamped
    // first, so the accumulator never lists them.
    const Expr* kept = &e;
    Hits excluded;
    if (e.op == Expr::Op::and_not) {
        kept = &e.kids.at(0);
        excluded = eval(db, e.kids.at(1), 0);
    }
    if (e.empty() || kept->empty()) {
        // nothing matches
    } else if (kept->op == Expr::Op::and_) {
        Hits hits = eval(db, *kept, 1.0);  // ascending documents: newest first
        std::sort(excluded.begin(), excluded.end(),
                  [](const Hit& a, const Hit& b) { return a.doc < b.doc; });
        std::size_t j = 0;
        for (const auto& h : hits) {
            while (j < excluded.size() && excluded[j].doc < h.doc) ++j;
            if (j < excluded.size() && excluded[j].doc == h.doc) continue;
            visit(h.doc, h.weight);
        }
    } else {
        if (s.slots.size() != docids_.size()) {
            s.slots.assign(docids_.size(), Scratch::Slot{0, 0});
            s.epoch = 0;
        }
        if (++s.epoch == 0) {  // wrapped: every stamp is stale again
            for (auto& slot : s.slots) slot.stamp = 0;
            s.epoch = 1;
        }
        for (const auto& h : excluded) s.slots[h.doc].stamp = s.epoch;  // met, but never touched
        s.touched.clear();
        const bool plain = r.ranked && !dated && only == UINT16_MAX && keep > 0;
        std::vector<Weighted> lists;
        bool pruned = false;
        // Pruning trades exact totals and facets for speed; only worth it on long lists.
        const auto worth_pruning = [&r](const std::vector<Weighted>& ls) {
            std::size_t postings = 0;
            for (const auto& l : ls) postings += l.p->doc.size();
            return postings >= r.prune_min_postings;
        };
        if (plain && r.prune && sum_of_lists(db, *kept, 1.0, lists) && lists.size() > 1 &&
            worth_pruning(lists)) {
            std::size_t met = 0;
            pruned = rank_pruned(lists, keep, s, met, counts);
            if (pruned) {
                // The total: documents matching at least one list if the lists were
                // independent (and none excluded), at least the ones met. The facets:
                // the counts of the documents met, scaled to it.
                double none = 1;
                const double n = static_cast<double>(docids_.size());
                for (const auto& l : lists)
                    none *= 1 - std::min(1.0, static_cast<double>(l.p->doc.size()) / n);
                const double kept_share = 1 - static_cast<double>(excluded.size()) / n;
                total = std::max<std::int64_t>(static_cast<std::int64_t>(met),
                                               std::llround(n * (1 - none) * kept_share));
                const double scale = static_cast<double>(total) / static_cast<double>(met);
                for (auto& c : counts)
                    if (c > 0)
                        c = std::max<std::int64_t>(1, std::llround(static_cast<double>(c) * scale));
                out.estimated = true;
            }
        } else {
            accumulate(db, *kept, 1.0, s);
        }
        if (!r.ranked) std::sort(s.touched.begin(), s.touched.end());  // newest first
        if (pruned) {
            for (const std::uint32_t d : s.touched) {
                const Hit h{d, s.slots[d].acc};
                if (page.size() < keep) {
                    page.push_back(h);
                    std::push_heap(page.begin(), page.end(), better);
                } else if (better(h, page.front())) {
                    std::pop_heap(page.begin(), page.end(), better);
                    page.back() = h;
                    std::push_heap(page.begin(), page.end(), better);
                }
            }
        } else if (plain) {
            // The common case, in tight loops: every match counts, so the total is the
            // number met, the facets one pass, and the page needs only the matches
            // better than the worst it holds.
            total = static_cast<std::int64_t>(s.touched.size());
            if (r.facets) {
                for (const std::uint32_t d : s.touched) {
                    if (category_[d] != UINT16_MAX) ++counts[category_[d]];
                }
            }
            for (const std::uint32_t d : s.touched) {
                const Hit h{d, s.slots[d].acc};
                if (page.size() < keep) {
                    page.push_back(h);
                    std::push_heap(page.begin(), page.end(), better);
                } else if (h.weight >= page.front().weight && keep > 0 && better(h, page.front())) {
                    std::pop_heap(page.begin(), page.end(), better);
                    page.back() = h;
                    std::push_heap(page.begin(), page.end(), better);
                }
            }
        } else {
            for (const std::uint32_t d : s.touched) visit(d, s.slots[d].acc);
        }
    }

    out.total = total;
    if (r.facets) {
        for (std::size_t c = 0; c < counts.size(); ++c) {
            if (counts[c] > 0) out.facets.emplace_back(categories_[c], counts[c]);
        }
        std::sort(out.facets.begin(), out.facets.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        if (out.facets.size() > 64) out.facets.resize(64);
    }
    if (r.ranked) {
        std::sort_heap(page.begin(), page.end(), better);  // best first
        for (std::size_t i = r.offset; i < page.size(); ++i)
            out.page.emplace_back(docids_[page[i].doc], page[i].weight);
    } else {
        for (const auto& h : page) out.page.emplace_back(docids_[h.doc], 0.0);
    }
    return out;
}

}  // namespace radfraga::search::detail
