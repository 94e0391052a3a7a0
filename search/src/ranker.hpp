// In-memory ranking: the match, the order, the total and the facets of a query, computed
// from posting lists held in memory instead of by Xapian's matcher.
//
// Why: at 100 000 questions an OR of two common words ("hyra" in 18 000 questions,
// "barn" in 51 000) cost 2.1 ms in Xapian 1.4.22's matcher alone. Its per-term bounds
// are too loose for max-weight pruning, so it decodes every posting of both lists from
// the B-tree and looks up every matching document's length. Here a posting list is
// decoded once per index revision into two flat arrays (document number, BM25's
// within-document part of its wdf), and a query walks those arrays: the same sums over
// the same postings, without the decoding.
//
// Contract:
//  * A Ranker is a frozen copy of one revision of one index (Database::get_uuid and
//    get_revision): every document's id, length, date and category, read when it is
//    made, and the posting lists of the terms queries ask for, read on first use (from
//    a Database at the same revision) and kept within a memory budget (least recently
//    used dropped first).
//  * run() gives what Xapian's matcher gives for the same query: the same matches,
//    the same BM25 weights (Xapian's BM25Weight formula and parameters, OP_SYNONYM's
//    term frequency estimate included) up to the order of floating-point additions,
//    equal weights newest first (ascending document id). Totals and facet counts are
//    exact, except when a ranked query without filters was pruned (max-score: once the
//    lists not yet added cannot lift a document not yet met onto the page, they are
//    only added to the documents that still can reach it). Then the page is the same,
//    and total and facets are estimates (RankResult::estimated).
//  * supports() says whether run() can evaluate a query: phrases and wildcards (opaque
//    parts) are Xapian's. A term named twice counts twice, as in Xapian 1.4 (each
//    occurrence is weighed with a within-query frequency of 1).
//  * Thread-safety: run() may be called from many threads at once.
#pragma once
#include <xapian.h>

#include <atomic>
#include <climits>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/lru.hpp"
#include "search/src/query.hpp"

namespace radfraga::search::detail {

// Xapian::BM25Weight's parameters (k2 = 0, k3 = 1: no query-length or query-frequency
// part for terms that occur once in the query).
struct Bm25Params {
    double k1 = 1.2;
    double b = 0.75;
    double min_normlen = 0.5;
};

// Xapian 1.4's BM25Weight (k2 = 0, k3 = 1, no relevance set) with one revision's
// statistics, in its order of operations, so weights agree with Xapian's to the last
// bit. Used by the Ranker and by the proximity bonus of the index.
class Bm25 {
  public:
    // Reads the number of documents and their average length (as Xapian's
    // Weight::Internal: total length / number of documents).
    Bm25(Xapian::Database& db, Bm25Params params);
    double doccount() const { return doccount_; }
    // BM25Weight::init: the idf part times the query's factor (times
    // (k3 + 1) * wqf / (k3 + wqf), which is 1 for a within-query frequency of 1).
    double term_weight(Xapian::doccount termfreq, double factor) const;
    // get_sumpart's part for a document of `length`: k1 * (normlen * b + (1 - b)).
    double length_part(Xapian::termcount length) const;
    // get_sumpart's within-document part: what a term adds to a document is
    // term_weight * wdf_part. Kept apart so it can be computed once per posting.
    double wdf_part(Xapian::termcount wdf, double length_part) const {
        const double w = wdf;
        return w * (params_.k1 + 1) / (length_part + w);
    }
    // get_sumpart: what a term adds to a document.
    double sumpart(double term_weight, Xapian::termcount wdf, double length_part) const {
        return term_weight * wdf_part(wdf, length_part);
    }

  private:
    Bm25Params params_;
    double doccount_ = 0;
    double len_factor_ = 0;
};

struct RankRequest {
    bool ranked = true;                // false: newest first (ascending docid), weight 0
    std::optional<std::int64_t> from;  // published_at >= from
    std::optional<std::int64_t> to;    // published_at <= to
    std::string category;              // slug; empty: all
    bool facets = false;               // counts per category, ignoring `category`
    std::size_t offset = 0;
    std::size_t limit = 10;
    // Ranked queries without filters may be pruned (max-score; see Ranker's contract):
    // false asks for exact totals and facets.
    bool prune = true;
    std::size_t prune_min_postings = 20000;  // fewer postings in all: exact (no pruning)
};

struct RankResult {
    std::vector<std::pair<Xapian::docid, double>> page;  // best first
    // The page's Ranker::data_number, one per entry: filled by the index's caller of
    // run() (Index::Impl::rank_in_memory), which reads question ids from it.
    std::vector<std::int64_t> numbers;
    std::int64_t total = 0;
    // True when the ranking stopped looking for new matches once none could reach the
    // page (max-score pruning): the page is still exact, total and facet counts are
    // estimates.
    bool estimated = false;
    std::vector<std::pair<std::string, std::int64_t>> facets;  // most first, then by slug
};

class Ranker {
  public:
    // Reads the documents of `db` (one pass over the document lengths and over each of
    // the two value slots). Throws what Xapian throws (e.g. DatabaseModifiedError).
    Ranker(Xapian::Database& db, Bm25Params params, Xapian::valueno slot_date,
           Xapian::valueno slot_category, std::size_t postings_budget_bytes);
    Ranker(const Ranker&) = delete;
    Ranker& operator=(const Ranker&) = delete;

    const std::string& uuid() const { return uuid_; }
    Xapian::rev revision() const { return revision_; }
    std::size_t documents() const { return docids_.size(); }
    // The length of document `did` of this revision (as Database::get_doclength), or
    // nullopt if it has no such document.
    std::optional<Xapian::termcount> length(Xapian::docid did) const;
    // The data of document `did` of this revision read as a decimal integer (the index
    // keeps the question id there), -1 if it is none; nullopt if the revision has no
    // such document. Read from `db` on a document's first use and kept with the
    // revision, so a page's ids cost no B-tree look-up after that. `db` as for run().
    std::optional<std::int64_t> data_number(Xapian::Database& db, Xapian::docid did) const;

    static bool supports(const Expr& e);

    // The keys of the lists held (terms and synonyms; conjunctions, which are made from
    // them quickly, are left out), most recently used first.
    std::vector<std::string> held_keys() const;
    // Reads the lists of `keys` (as held_keys() gives them, or plain terms) ahead of the
    // queries that will ask for them, until the lists held fill `share` of the budget.
    // `db` must be at revision() of uuid(). Returns the bytes held afterwards.
    std::size_t warm(Xapian::Database& db, const std::vector<std::string>& keys,
                     double share) const;

    // `db` must be at revision() of uuid(); it is read for posting lists not yet held.
    RankResult run(Xapian::Database& db, const Expr& e, const RankRequest& r) const;

    // Which of `docs` (documents of this revision, in any order) have `term`, one flag
    // each (1: has it). The term's documents are read once and held like a query's
    // lists, four bytes a posting (no weights: for presence terms such as a stopword's,
    // whose long lists Xapian would decode again for every question). `db` as for run().
    // The key has_term() keeps a term's documents under, for warm().
    // ('\x04' occurs in no term and in no other key: see list_key, conjunction.)
    static constexpr char presence_prefix = '\x04';
    static std::string presence_key(const std::string& term) { return presence_prefix + term; }
    std::vector<char> has_term(Xapian::Database& db, const std::string& term,
                               const std::vector<Xapian::docid>& docs) const;

    struct Hit {
        std::uint32_t doc;  // index into docids_
        double weight;
    };
    // One term's postings, or a synonym's (its terms' postings merged, wdfs summed).
    // 12 bytes a posting: the wdfs themselves are not kept.
    struct Postings {
        std::vector<std::uint32_t> doc;  // ascending
        // Per posting, Bm25::wdf_part of its wdf and document: a query multiplies it by
        // the term's weight, so a sum neither reads document lengths nor divides.
        std::vector<double> wdf_part;
        // A term's: doc.size(); a synonym's: Xapian's estimate (see synonym_termfreq).
        Xapian::doccount termfreq = 0;
        // A conjunction's (see below): no wdfs, and wdf_part holds each document's
        // weight at factor 1.
        bool summed = false;
        // The largest wdf_part: times the term's weight, the most the list adds to any
        // document (the bound max-score pruning compares, see Ranker::run).
        double max_part = 0;
        std::size_t bytes() const {
            return doc.capacity() * 4 + wdf_part.capacity() * sizeof(double) + 64;
        }
    };

  private:
    // Reused per-query memory: one dense accumulator per document, so an OR of long
    // lists adds into an array instead of merging and allocating sorted lists.
    struct Scratch {
        // Per document: the weight so far, valid where stamp == epoch. Side by side, so
        // adding a posting touches one cache line.
        struct Slot {
            double acc;
            std::uint32_t stamp;
        };
        std::vector<Slot> slots;
        std::uint32_t epoch = 0;
        std::vector<std::uint32_t> touched;  // documents met, in the order met
        std::vector<Hit> hits;
    };
    class ScratchLease;

    std::shared_ptr<const Postings> postings(Xapian::Database& db, const std::string& term) const;
    // A term's documents only (no weights), kept under '\x04' + term (see has_term).
    std::shared_ptr<const Postings> presence_list(Xapian::Database& db,
                                                  const std::string& term) const;
    // A synonym's terms as one list: their postings merged, wdfs summed, with Xapian's
    // term frequency estimate. Kept in the cache like a term's list (the same words
    // come back query after query), under a key no term can have.
    std::shared_ptr<const Postings> synonym(Xapian::Database& db, const Expr& e) const;
    // The list of a term or synonym.
    std::shared_ptr<const Postings> list_of(Xapian::Database& db, const Expr& e) const;
    // The list kept under `key` (now the most recently used), or null.
    std::shared_ptr<const Postings> cached(const std::string& key) const;
    // Keeps `p` under `key` (least recently used dropped beyond the budget); returns
    // the list held, which is another thread's if it got there first.
    std::shared_ptr<const Postings> remember(const std::string& key,
                                             std::shared_ptr<const Postings> p) const;
    // A posting list as Xapian has it: documents (indexes into docids_) and wdfs.
    struct Raw {
        std::vector<std::uint32_t> doc;
        std::vector<Xapian::termcount> wdf;
    };
    Raw read_list(Xapian::Database& db, const std::string& term) const;
    // `raw` as a cached list: its within-document parts instead of its wdfs.
    std::shared_ptr<Postings> weighed(const Raw& raw, Xapian::doccount termfreq) const;
    // Adds `e` (times `factor`) into s.slots: ORs and scales are walked, terms and
    // synonyms added posting by posting, anything else evaluated apart and added.
    void accumulate(Xapian::Database& db, const Expr& e, double factor, Scratch& s) const;
    // Calls add(document, weight) for each posting of `p` weighed as one term.
    template <class Add>
    void weigh(const Postings& p, double factor, Add&& add) const;
    std::vector<Hit> eval(Xapian::Database& db, const Expr& e, double factor) const;
    // One list of a sum, for max-score pruning: what weigh() or a conjunction adds,
    // posting i adding `weight * p->wdf_part[i]`, at most `bound`.
    struct Weighted {
        std::shared_ptr<const Postings> p;
        double weight;
        double bound;
    };
    // `e` as a sum of lists (ORs and scales of terms, synonyms and flat ANDs); false if
    // it has other parts.
    bool sum_of_lists(Xapian::Database& db, const Expr& e, double factor,
                      std::vector<Weighted>& out) const;
    // Ranks a sum of lists with max-score pruning into s.touched and s.slots; returns
    // true if it pruned (then only the documents left in s.touched can be on the page,
    // and they have their exact weights). `keep` is the page's offset + limit. When it
    // prunes, `met` is the number of documents met before pruning and `met_counts`
    // (if not empty, one per category) their counts per category.
    bool rank_pruned(std::vector<Weighted>& lists, std::size_t keep, Scratch& s, std::size_t& met,
                     std::vector<std::int64_t>& met_counts) const;
    // Whether `e` is an AND of terms and synonyms (compound parts, multi-word synonyms).
    static bool flat_and(const Expr& e);
    // A flat_and's matches, summed = true: the documents of the shortest list that
    // every other list has (found by galloping search, so only they are weighed), with
    // their weights at factor 1 (a factor multiplies them). Kept in the cache too.
    std::shared_ptr<const Postings> conjunction(Xapian::Database& db, const Expr& e) const;
    std::uint32_t doc_of(Xapian::docid did, std::uint32_t from) const;
    // The index of document `did` of this revision, or nullopt if it has none.
    std::optional<std::uint32_t> index_of(Xapian::docid did) const;

    std::string uuid_;
    Xapian::rev revision_ = 0;
    Bm25 bm25_;
    std::vector<Xapian::docid> docids_;       // ascending: newest first
    std::vector<double> length_part_;         // k1 * (normlen * b + (1 - b)), per document
    std::vector<Xapian::termcount> length_;   // per document
    std::vector<std::int64_t> published_at_;  // per document
    std::vector<std::uint16_t> category_;     // per document; index into categories_
    std::vector<std::string> categories_;
    // Per document: data_number once read, not_read before (written by whichever query
    // reads it first; two threads may both read it and store the same value).
    static constexpr std::int64_t not_read = INT64_MIN;
    std::unique_ptr<std::atomic<std::int64_t>[]> data_number_;

    struct Cache {
        explicit Cache(std::size_t budget) : lru(budget) {}
        std::mutex mutex;
        // Postings by term key; each costs Postings::bytes() and its key twice.
        LruCache<std::string, std::shared_ptr<const Postings>> lru;
    };
    std::size_t budget_;
    mutable Cache cache_{budget_};
    mutable std::mutex scratch_mutex_;
    mutable std::vector<std::unique_ptr<Scratch>> scratch_pool_;
};

}  // namespace radfraga::search::detail
