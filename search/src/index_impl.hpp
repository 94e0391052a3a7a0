// The parts of the search index (private to search/): the layout and helpers shared
// by the generations on disk (index_generations.cpp), the outbox applier that writes
// them (index_writer.cpp) and the query path (index_search.cpp); index.cpp holds the
// public Index API over them.
//
// Document ids encode the date: newest_docid - published_at (seconds since 1970), the
// newest question lowest. Xapian's matcher reads postings in ascending docid order, so
// "newest first" is docid order and it may stop as soon as it has the page (and the
// facets' matches) instead of visiting every match to sort them by a value (docs/search.md
// has the figures). Questions of the same second take the next free ids below (one second "newer");
// equal relevance lists the newer first.
//
// Document layout (one Xapian document per published question):
//   data              the question id in decimal (nothing else: text is read from the
//                     store, so erased text cannot be shown from a stale index)
//   Q<id>             unique id term (boolean)
//   C<slug>           category (boolean, for filtering)
//   Z<stem>           analysed terms (see analyzer.hpp); title words count title_wdf
//                     times; the word's own Snowball stem carries positions (phrases)
//   P<stem>           stems of compound parts (see analyzer.hpp)
//   S<word>           a stopword the document has (wdf 0: function_term)
//   T<word>           a stopword its title has (wdf 0: title_function_term)
//   W<word>           the lower-cased surface word (boolean): prefix queries, and the
//                     spelling table's bookkeeping (removed again with the document)
//   value 0           published_at, sortable_serialise'd (date range)
//   value 1           category slug (facets)
#pragma once
#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/lru.hpp"
#include "search/search.hpp"
#include "search/src/analyzer.hpp"
#include "search/src/corrector.hpp"
#include "search/src/decimal.hpp"
#include "search/src/embedded.hpp"
#include "search/src/query.hpp"
#include "search/src/ranker.hpp"
#include "search/src/snippet.hpp"
#include "search/src/synonyms.hpp"
#include "store/store.hpp"

namespace radfraga::search {

// Names shared by the index's parts. A using-directive follows: this header is only
// included by the index's own sources.
namespace index_parts {

using namespace detail;

constexpr Xapian::valueno slot_date = 0;
constexpr Xapian::valueno slot_category = 1;
constexpr Xapian::termcount title_wdf = 3;
constexpr Xapian::termpos body_position_gap = 100;
// Between the words of two sentences (see index_text).
constexpr Xapian::termpos sentence_position_gap = 10;
// Totals and facet counts are exact up to this many matches. Beyond it the match may
// stop early and the counts are scaled to the estimated total.
constexpr Xapian::doccount facet_exact_matches = 1000;
// (Enquire::set_time_limit is not used: with Xapian 1.4.22 it corrupted the heap under
// the benchmark — a crash in a later, unrelated free.)
// Results of recent queries (ids, scores, totals, facets), per index version.
constexpr std::size_t result_cache_entries = 1024;
// BM25 for the Swedish index: the textbook k1 = 1.2, b = 0.75 (the baseline keeps
// Xapian's defaults, k1 = 1, b = 0.5). Stronger length normalisation helps the long
// answers that mention everything once.
constexpr double bm25_k1 = 1.2;
constexpr double bm25_b = 0.75;
constexpr double bm25_min_normlen = 0.5;
// Reciprocal rank fusion for queries phrased as questions (Impl::fused_match): how many
// of the first matches are reordered, and the usual constant of the fusion.
constexpr std::int64_t fusion_depth = 20;
// The proximity bonus reorders matches in blocks of this many, aligned to their rank by
// the words alone (ranks 0-9, 10-19 ...), whatever page was asked for: so a page holds
// the same questions in the same order whether it is asked for as ten, as part of a
// longer page or from another offset (`radfraga search --limit`, the evaluation's pages
// of 100). The site's and the API's pages are this size (routes_search.cpp kPerPage);
// fusion_depth is a multiple of it.
constexpr std::int64_t rerank_block = 10;
static_assert(fusion_depth % rerank_block == 0);
// A whole sentence (BuiltQuery::function_terms) with at most few_content_words content
// words says most of what it says in function and phrasing words ("kan socialen se vem
// jag är om jag skriver här": "socialen", "se", "skriver"). So few words choose its first
// matches poorly (many answers have them alike), and the one worded like the reader's
// may stand below the 20th, where fusion never sees it; such a sentence has this many
// fused (fusion_depth_for). A deeper pool for every question lost more than it gained.
constexpr std::int64_t fusion_depth_few_words = 50;
constexpr std::size_t few_content_words = 3;
static_assert(fusion_depth_few_words % rerank_block == 0);
constexpr double fusion_k = 60;
// What a whole sentence's function word adds to a fused match that has it, as a share
// of its BM25 at wdf 1 (BuiltQuery::function_terms). Measured on the 24 sets of issue
// 20's twelfth round, question nDCG@10 moved alike from 0.15 to 0.4; it is small
// because every answer has most of them: they break near ties of the content words,
// they do not outweigh one.
constexpr double function_word_weight = 0.25;
// Related questions (Impl::related): the question's this many most distinctive terms
// make its query, and a related question must score at least this share of what the
// question itself scores for them (search-eval --related: judged related among those
// shown 0.35 -> 0.39, same category 0.42 -> 0.48; 3.1 shown instead of 4.4 of 5, and 8 %
// of the judged questions get none).
constexpr Xapian::termcount related_terms = 12;
constexpr double related_floor = 0.07;
// How much a general thesaurus's synonym of a word the archive never writes counts
// (Synonyms::thesaurus_match): less than the domain vocabulary's default 0.7, since the
// thesaurus lists every sense of a word.
constexpr double thesaurus_weight = 0.2;
// Bumped by hand whenever related() or the ranking it uses changes in a way the analysis
// fingerprint does not show (weights, related_terms, related_floor, the BM25 constants):
// stored related lists of another version are computed again (Index::ranking_version).
constexpr std::int64_t ranking_code_version = 1;
constexpr const char* meta_seq = "radfraga.last_seq";
constexpr const char* meta_fingerprint = "radfraga.analysis";

inline std::string id_term(QuestionId id) {
    return "Q" + std::to_string(id.value);
}

// See the top of this file. Ids run from 1 (the year 2106) to newest_docid (1970).
constexpr Xapian::docid newest_docid = 0xFFFFFFFEU;

inline Xapian::docid date_docid(std::int64_t published_at) {
    const auto t =
        std::clamp<std::int64_t>(published_at, 0, static_cast<std::int64_t>(newest_docid) - 1);
    return static_cast<Xapian::docid>(static_cast<std::int64_t>(newest_docid) - t);
}

inline bool has_document(const Xapian::Database& db, Xapian::docid did) {
    try {
        (void)db.get_doclength(did);
        return true;
    } catch (const Xapian::DocNotFoundError&) {
        return false;
    }
}

// Ids handed out by a rebuild, which reads the store in id order: each document gets
// its date's id or, if that is taken, the next free one below it. A union-find over
// taken ids ("the next free id at or below this one") keeps a long run of documents of
// the same second from probing its whole run each time.
class DocidSlots {
  public:
    Xapian::docid take(Xapian::docid want) {
        const Xapian::docid did = find(want);
        below_[did] = did - 1;  // taken: the search continues below
        return did;
    }

  private:
    Xapian::docid find(Xapian::docid d) {
        Xapian::docid root = d;
        for (auto it = below_.find(root); it != below_.end(); it = below_.find(root))
            root = it->second;
        for (auto it = below_.find(d); it != below_.end() && it->second != root;
             it = below_.find(d)) {
            d = std::exchange(it->second, root);  // path compression
        }
        return root;
    }
    std::unordered_map<Xapian::docid, Xapian::docid> below_;
};

// The id for a document published at `published_at` added to a live index: its date's
// id, or the next free one below it.
inline Xapian::docid free_docid(const Xapian::Database& db, std::int64_t published_at) {
    Xapian::docid did = date_docid(published_at);
    while (did > 1 && has_document(db, did)) --did;
    return did;
}

inline void fsync_path(const std::filesystem::path& p) {
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::fsync(fd);
    ::close(fd);
}

inline bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Adds the analysed terms of `text` to `doc`, positions after `pos`; returns the last.
inline Xapian::termpos index_text(Xapian::Document& doc, std::string_view text, Xapian::termpos pos,
                                  Xapian::termcount wdf, const Analyzer& analyzer,
                                  std::set<std::string>& words) {
    std::size_t prev_end = 0;
    // The position stem of the word just before, when it was a word of substance.
    std::string prev_position;
    for (const auto& t : tokenize(text)) {
        const std::string_view between =
            prev_end > 0 ? text.substr(prev_end, t.begin - prev_end) : std::string_view{};
        // A sentence ends between two words: words of different sentences are never
        // near (the proximity window and phrases are far smaller than the gap).
        if (prev_end > 0 && between.find_first_of(".!?") != std::string_view::npos) {
            pos += sentence_position_gap;
        }
        prev_end = t.end;
        auto a = analyzer.analyze(t.word);
        // A particle stays with the word before it: "ta över" is not "ta" ("ta över
        // kontraktet", "ta av sig slöjan", "stänga av strömmen"), and the particle,
        // a stopword, is not indexed on its own.
        const bool adjacent = !prev_position.empty() && is_blank(between);
        if (adjacent && analyzer.is_particle(t.word)) {
            doc.add_term(particle_term(prev_position, t.word), 0);
        }
        prev_position.clear();
        // Stopwords take no position: nearness counts the words that are indexed, so
        // "LSS-insatser med när jag flyttar" has "LSS" and "flyttar" as near as "LSS-
        // insatser … flyttar", whatever function words Swedish puts between them. They
        // are held only as presence terms, for a whole sentence's function words.
        if (a->stopword) {
            doc.add_term(function_term(t.word), 0);
            if (wdf > 1) doc.add_term(title_function_term(t.word), 0);
            continue;
        }
        if (a->may_be_verb) prev_position = a->position;
        ++pos;
        doc.add_posting("Z" + a->position, pos, wdf);
        for (const auto& s : a->primary) {
            if (s != a->position) doc.add_term("Z" + s, wdf);
        }
        // Compound parts in their own space: a query word meets them at a lower
        // weight than the word itself ("boende" in "äldreboende").
        for (const auto& g : a->parts) {
            for (const auto& s : g) doc.add_term("P" + s, 1);
        }
        words.insert(t.word);
    }
    return pos;
}

// Xapian's spelling table counts documents per word: add one per distinct word.
inline Xapian::Document make_document(const store::IndexDoc& d, const Analyzer& analyzer,
                                      std::set<std::string>& words) {
    Xapian::Document doc;
    doc.set_data(std::to_string(d.id.value));
    doc.add_boolean_term(id_term(d.id));
    doc.add_boolean_term("C" + d.category_slug);
    doc.add_value(slot_date, Xapian::sortable_serialise(static_cast<double>(d.published_at)));
    doc.add_value(slot_category, d.category_slug);
    // A gap between fields, so a phrase never spans title and question.
    Xapian::termpos pos = index_text(doc, d.title, 0, title_wdf, analyzer, words);
    pos = index_text(doc, d.question, pos + body_position_gap, 1, analyzer, words);
    index_text(doc, d.answer, pos + body_position_gap, 1, analyzer, words);
    for (const auto& w : words) doc.add_boolean_term("W" + w);
    return doc;
}

inline void add_spellings(Xapian::WritableDatabase& db, const std::set<std::string>& words) {
    for (const auto& w : words) {
        if (spelling_word(w)) db.add_spelling(w, 1);
    }
}

inline bool document_exists(Xapian::Database& db, QuestionId id) {
    const std::string term = id_term(id);
    return db.postlist_begin(term) != db.postlist_end(term);
}

// Removes document `id` and its spelling counts, if present. True if it was there.
inline bool remove_document(Xapian::WritableDatabase& db, QuestionId id) {
    const std::string term = id_term(id);
    Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return false;
    const Xapian::docid did = *p;
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
        const std::string& s = *t;
        if (s.size() > 1 && s[0] == 'W') {
            std::string w = s.substr(1);
            if (spelling_word(w)) db.remove_spelling(w, 1);
        } else if (s[0] > 'W') {
            break;  // terms are sorted; no more W terms
        }
    }
    db.delete_document(did);
    return true;
}

}  // namespace index_parts
using namespace index_parts;

struct Index::Impl {
    const store::Store& store;
    Options options;
    Analyzer analyzer;
    Synonyms synonyms;

    // Writer side: serialised by writer_mutex.
    std::mutex writer_mutex;
    std::optional<Xapian::WritableDatabase> writer;  // empty while another process holds the lock
    std::int64_t applied_seq = 0;

    // The live generation. Readers compare their handle's generation and version.
    mutable std::mutex state_mutex;
    std::uint64_t generation = 0;           // number in CURRENT
    std::atomic<std::uint64_t> version{1};  // bumped after every commit/switch
    std::atomic<std::int64_t> published_seq{0};
    mutable std::atomic<bool> broken{false};  // a reader saw corruption: rebuild at next catch_up

    struct Reader {
        Xapian::Database db;
        std::uint64_t generation = 0;
        std::uint64_t version = 0;
    };
    mutable std::mutex pool_mutex;
    mutable std::vector<std::unique_ptr<Reader>> pool;

    // What a query found, without the rendering: reused while the index version is the
    // same. Hits are still rendered from the store at every call, so a question that is
    // no longer published drops out at once, cached or not. Xapian::Query objects are
    // not shared between threads (their reference counts are not atomic): the cache
    // keeps only plain data.
    struct Found {
        Result result;  // total, facets, suggestion; no hits
        std::vector<std::pair<QuestionId, double>> ids;
        std::unordered_set<std::string> highlight;
        std::vector<std::string> highlight_prefixes;
    };
    struct ResultCache {
        std::mutex mutex;
        std::uint64_t version = 0;
        // Bounded by entries: each costs 1.
        LruCache<std::string, std::shared_ptr<const Found>> lru{result_cache_entries};
    };
    mutable ResultCache result_cache;

    struct PreparedCache {
        struct Entry {
            std::size_t hash = 0;
            std::size_t size = 0;
            std::shared_ptr<const PreparedText> text;
        };
        explicit PreparedCache(std::size_t budget) : lru(budget) {}
        std::mutex mutex;
        LruCache<std::int64_t, Entry> lru;  // by PreparedText::bytes()
    };
    mutable PreparedCache prepared_cache{options.snippet_memory_bytes};

    // `markdown` (field `field` of question `id`) ready for snippets. Kept per question
    // and field (Options::snippet_memory_bytes), checked against a hash of the text so
    // an edit shows at once.
    std::shared_ptr<const PreparedText> prepared(QuestionId id, int field,
                                                 const std::string& markdown) const;

    // The in-memory ranker of the newest revision seen (see ranker.hpp).
    mutable std::mutex ranker_mutex;
    mutable std::mutex ranker_build_mutex;
    mutable std::shared_ptr<const Ranker> live_ranker;

    std::shared_ptr<const Found> cached(const std::string& key, std::uint64_t v) const;

    void remember(const std::string& key, std::uint64_t v,
                  std::shared_ptr<const Found> found) const;

    Impl(const store::Store& s, Options o) : store(s), options(std::move(o)), analyzer(options) {
        if (options.analysis == Analysis::swedish) {
            synonyms.add_rules(embedded_file("synonyms.txt"), "synonyms.txt", analyzer);
            synonyms.set_thesaurus(
                std::make_shared<const Thesaurus>(options.thesaurus_idx, options.thesaurus_dat),
                thesaurus_weight);
            if (options.extra_synonyms) {
                std::ifstream f(*options.extra_synonyms, std::ios::binary);
                if (!f)
                    throw Error("Kan inte läsa synonymfilen " + options.extra_synonyms->string() +
                                ".");
                std::stringstream ss;
                ss << f.rdbuf();
                synonyms.add_rules(ss.str(), options.extra_synonyms->string(), analyzer);
            }
        }
    }

    std::filesystem::path gen_path(std::uint64_t g) const;

    // The generation CURRENT names, 0 if none/unreadable.
    std::uint64_t read_current() const;

    void write_current(std::uint64_t g);

    // Removes every generation other than `keep`. An older generation may hold words of
    // questions erased or edited since (Xapian frees their blocks but does not overwrite
    // them), so none is kept "for a moment": a reader in this or another process that
    // meets a removed generation retries on the one CURRENT names (with_db).
    void remove_old_generations(std::uint64_t keep);

    // Opens the writer on the current generation and checks it. False if there is no
    // usable index (missing, unreadable, other analysis). Throws on a lock held by
    // another process (DatabaseLockError) so the caller can go read-only.
    bool open_writer_locked();

    void set_live(std::uint64_t g, std::int64_t seq);

    // ---- scrubbing: erased text leaves the files ----
    //
    // Deleting or replacing a Xapian document frees its blocks without overwriting them,
    // so the words of an erased or edited question stay readable in postlist.glass,
    // position.glass and termlist.glass until the blocks are reused. A scrub compacts the
    // live generation into a new one (compaction copies only live entries), switches to
    // it and removes the old one. The note SCRUB-PENDING is made durable before the
    // commit that removes a document, and removed only after the switch, so a process
    // that stops in between finishes the scrub at its next start.
    std::filesystem::path scrub_note() const { return options.dir / "SCRUB-PENDING"; }
    bool scrub_pending = false;  // mirrors the note's existence (writer side)

    // Never throws (it runs inside a Xapian transaction): if the note cannot be written,
    // the scrub still runs at the end of this catch_up; only a crash before it would
    // leave the old blocks until the next removal or rebuild.
    void note_scrub_due() noexcept;

    void scrub_done();

    // Needs the writer open on the live generation, with nothing uncommitted.
    void scrub_locked();

    RebuildStats rebuild_locked(const std::function<void(std::int64_t)>& progress = {});

    CatchUpStats catch_up_locked();

    // ---- readers ----

    class Lease {
      public:
        Lease(const Impl& impl) : impl_(impl) {
            {
                std::lock_guard lock(impl.pool_mutex);
                if (!impl.pool.empty()) {
                    r_ = std::move(impl.pool.back());
                    impl.pool.pop_back();
                }
            }
            refresh(false);
        }
        ~Lease() {
            if (!r_) return;
            std::lock_guard lock(impl_.pool_mutex);
            impl_.pool.push_back(std::move(r_));
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Xapian::Database& db() { return r_->db; }
        // Brings the handle to the newest committed revision (after DatabaseModifiedError).
        void refresh(bool force) {
            std::uint64_t g;
            {
                std::lock_guard lock(impl_.state_mutex);
                g = impl_.generation;
            }
            const auto v = impl_.version.load();
            if (g == 0) throw Error("Sökindexet är inte tillgängligt.");
            if (!r_ || r_->generation != g) {
                auto r = std::make_unique<Reader>();
                r->db = Xapian::Database(impl_.gen_path(g).string());
                r->generation = g;
                r->version = v;
                r_ = std::move(r);
            } else if (force || r_->version != v) {
                r_->db.reopen();
                r_->version = v;
            }
        }
        void discard() { r_.reset(); }

      private:
        const Impl& impl_;
        std::unique_ptr<Reader> r_;
    };

    // Runs `fn(db)` with a fresh-enough handle, retrying when the writer overtook it.
    template <class Fn>
    auto with_db(Fn&& fn) const {
        // A reader sees DatabaseModifiedError when two commits pass while it reads (glass
        // keeps the last two revisions). Under heavy indexing on a loaded machine that can
        // happen several times in a row, so later attempts back off a little, giving the
        // reader a window between commits: 1, 2, 4 … 32 ms, about 0.1 s in all.
        constexpr int kAttempts = 8;
        for (int attempt = 0;; ++attempt) {
            if (attempt >= 2)
                std::this_thread::sleep_for(std::chrono::milliseconds(1 << (attempt - 2)));
            // Opening or reopening the handle is inside the try: during a rebuild it can
            // meet the old generation's files being removed, like a read can.
            std::optional<Lease> lease;
            try {
                lease.emplace(*this);
                return fn(lease->db());
            } catch (const Xapian::DatabaseModifiedError&) {
                if (lease) lease->discard();
                if (attempt >= kAttempts) throw Error("Sökindexet ändras för snabbt; försök igen.");
            } catch (const Xapian::DatabaseCorruptError& e) {
                if (lease) lease->discard();
                broken.store(true);
                throw Error("Sökindexet är skadat och byggs om: " + e.get_description());
            } catch (const Xapian::DatabaseOpeningError& e) {
                if (lease) lease->discard();
                if (attempt >= kAttempts)
                    throw Error("Sökindexet kunde inte öppnas: " + e.get_description());
            } catch (const Xapian::DatabaseError& e) {
                // Any other failure of the database under a reader (e.g. while a rebuild
                // replaces the index): retried on a freshly opened database like the above.
                if (lease) lease->discard();
                if (attempt >= kAttempts)
                    throw Error("Sökindexet kunde inte läsas: " + e.get_description());
            } catch (const Xapian::Error& e) {
                // Xapian's exceptions are not std::exceptions: none may leave this module,
                // or it would pass every catch above the search API.
                if (lease) lease->discard();
                throw Error("Sökningen misslyckades: " + e.get_description());
            }
        }
    }

    Corrector corrector(Xapian::Database& db) const;

    static TermFreq termfreq(Xapian::Database& db);

    // BM25 as Xapian's defaults, except where noted.
    Xapian::BM25Weight weighting() const;

    const Synonyms* synonyms_or_null() const;

    Result search(const Query& q) const;

    // The match itself: ids and scores of the page, total, facets, suggestion.
    std::shared_ptr<const Found> find(Xapian::Database& db, const Query& q,
                                      const ParsedQuery& parsed, std::int64_t offset,
                                      std::int64_t limit) const;

    // How many first matches fused_match reorders: fusion_depth, or
    // fusion_depth_few_words for a whole sentence of few content words.
    static std::int64_t fusion_depth_for(const BuiltQuery& built);
    // A query phrased as a question: its first fusion_depth_for(built) matches reordered by
    // reciprocal rank fusion of two rankings, the query's own (content words only) and
    // the same with the phrasing words at full weight. Content words choose the
    // questions; a question worded like the reader's ("hur får jag hjälp utan att jobbet
    // får veta") is not lost below ones that share only the content words. Only the
    // query's own first fusion_depth matches are reordered, so the pages after them
    // follow on without gaps or repeats (each block of them ordered by its proximity bonus as
    // any page is), and total and facets are the query's own. The second ranking is
    // computed over those matches only: their own weights plus the phrasing words' BM25
    // and the proximity bonus of the pairs with phrasing words, read from the same term
    // and position lists (a second match over the whole archive cost +76 % instructions
    // on whole questions).
    void fused_match(Xapian::Database& db, const Query& q, const BuiltQuery& built,
                     std::int64_t offset, std::int64_t limit, Found& r) const;

    static std::shared_ptr<const Found> finish(BuiltQuery built, const std::shared_ptr<Found>& r);

    struct Scored {
        Xapian::docid did;
        QuestionId id;
        double weight;
    };

    // Adds to each document's weight what the phrasing words add to it in
    // built.with_phrasing: BM25 of each word's group of terms as an OP_SYNONYM (the sum
    // of their wdfs, the document frequency of any of them estimated as Xapian does).
    // The wdfs come from each term's posting list, skipped to the documents in docid
    // order (a document's whole term list is dearer to read).
    // The lengths of the documents of one query's matches, read once for the several
    // passes that weigh them (Impl::fused_match), from the ranker's copy when it holds
    // the query's revision: a B-tree lookup per document was half of what weighing a
    // question's function words cost.
    struct Lengths {
        std::unordered_map<Xapian::docid, Xapian::termcount> known;
        std::shared_ptr<const Ranker> ranker;  // of db's revision, or null
    };
    Lengths lengths_for(Xapian::Database& db) const;
    static Xapian::termcount length_of(Xapian::Database& db, Xapian::docid did, Lengths& lengths);

    void add_phrasing_weights(Xapian::Database& db, const BuiltQuery& built,
                              std::vector<Scored>& found, Lengths* lengths = nullptr) const;
    // Adds to each document's weight function_word_weight times the BM25 of each of
    // built.function_terms it has, as if it had the word once (the terms have wdf 0), or
    // 1 + title_wdf times if its title has it (title_function_term).
    void add_function_weights(Xapian::Database& db, const BuiltQuery& built,
                              std::vector<Scored>& found, Lengths* lengths) const;
    // The shared loop of the two above: BM25 of each group of terms as an OP_SYNONYM
    // (wdfs summed; with `presence`, 1 for a document that has any), times `factor`.
    // With `titles` (presence only; one term or "" per group): a document that has a
    // group's title term counts 1 + title_wdf, as if the title said it title_wdf times.
    void add_group_weights(Xapian::Database& db,
                           const std::vector<std::vector<std::string>>& groups, bool presence,
                           double factor, std::vector<Scored>& found, Lengths* lengths,
                           const std::vector<std::string>& titles = {}) const;

    // The matches of `mset` in its order; weights 0 when `weighted` is false.
    static std::vector<Scored> scored(const Xapian::MSet& mset, bool weighted = true);

    // The page of an in-memory ranking, with question ids.
    static std::vector<Scored> scored(const RankResult& ranked);

    // Makes the ranker of the newest revision before a query needs it and reads posting
    // lists into it: those the previous ranker held (after a commit the same words come
    // back; they are read again because document numbers and statistics changed), or at
    // start the most frequent words' up to half the budget. So neither the first queries
    // after a start nor those after a publication pay for reading lists (the first-run
    // cliff: p99 107-267 ms in the first benchmark run after a start, docs/performance.md).
    void warm_ranker() const;

    // Ranks `expr` in memory when the ranker can (see match()); nullopt otherwise.
    std::optional<RankResult> rank_in_memory(Xapian::Database& db, const Expr& expr,
                                             const RankRequest& req) const;

    static std::vector<std::pair<QuestionId, double>> id_weights(const std::vector<Scored>& found);

    // Adds the proximity bonus of `built` to `found` (one page, best first by
    // built.query) and reorders it. So the words decide which questions are on a page,
    // and their nearness the order within it. OP_NEAR over every match of two common
    // words was a third of a query's time on a 100 000-question archive, and an
    // OP_NEAR query restricted to the page's documents still cost 0.36 ms, mostly
    // setting up a match; reading the page's positions directly costs 0.19 ms for a
    // page of ten (the weights match Xapian's to the last digit of nDCG). Ordering the
    // page only also ranked better than the bonus over all matches (dev nDCG@10 0.943
    // against 0.940, recall 0.908 against 0.899; held-out the same): near pairs of
    // common words no longer lift questions that the words alone rank low.
    // `positions`, when given, keeps the position lists read, so the passes of one
    // query (fused_match's two rankings) read each document's list of a term once.
    using Positions = std::unordered_map<std::string, std::vector<Xapian::termpos>>;
    void rerank(Xapian::Database& db, const BuiltQuery& built, std::vector<Scored>& found,
                Lengths* lengths = nullptr, Positions* positions = nullptr) const;

    // An expansion never lifts a match above one that has every word the reader wrote
    // (issue 20, seventh round). A match that meets every reader word (in its own
    // words, inside a compound or through a synonym of one word) is *complete*; its
    // `own_weight` is the BM25 of the reader's own words alone (each word's own terms
    // as an OP_SYNONYM; a word the archive has nowhere by its other ways, since there
    // is nothing to outrank). Read once for a question's fused matches.
    struct ReadersWords {
        bool complete = true;
        double own_weight = 0;
    };
    std::unordered_map<Xapian::docid, ReadersWords> readers_words_in(
        Xapian::Database& db, const BuiltQuery& built, const std::vector<Scored>& found,
        Lengths* lengths = nullptr) const;
    // Reorders `found` (a ranking, best first): a match that is not complete stays
    // above a complete one only if its own_weight and its `bonus` (what rerank() added
    // to it, by docid) alone weigh more than the complete match does.
    static void keep_readers_words_first(
        const std::unordered_map<Xapian::docid, ReadersWords>& readers, std::vector<Scored>& found,
        const std::unordered_map<Xapian::docid, double>& bonus);

    // The in-memory ranker for db's revision; null if db is older than the one held
    // (a reader not yet reopened: it uses Xapian's matcher for this query).
    std::shared_ptr<const Ranker> ranker_for(Xapian::Database& db) const;

    static Bm25Params bm25_params() { return Bm25Params{bm25_k1, bm25_b, bm25_min_normlen}; }

    // Runs `query` (`expr` as a tree) with the filters, sort and facets of `q`; fills r's
    // page, total, facets. With `bonus` (relevance order only), the page is reordered by
    // its proximity bonus. With `page`, the page's documents are also given there.
    void match(Xapian::Database& db, const Query& q, const Xapian::Query& query, const Expr& expr,
               const BuiltQuery* bonus, std::int64_t offset, std::int64_t limit, Found& r,
               std::vector<Scored>* page = nullptr) const;

    // match() with `bonus` for the matches [offset, offset + limit), reordered by the
    // bonus block by block (rerank_block) rather than as one page; total and facets as
    // match() gives them for the first block.
    void match_in_blocks(Xapian::Database& db, const Query& q, const BuiltQuery& built,
                         std::int64_t offset, std::int64_t limit, Found& r) const;

    std::vector<Hit> hits_from_summaries(const std::vector<std::pair<QuestionId, double>>& ranked,
                                         std::size_t n) const;

    // Related questions: the question's most distinctive terms (Xapian's relevance
    // feedback, ESet, over its title, question and answer), ranked by the same in-memory
    // BM25 as search(), the question itself left out, and only questions that score at
    // least related_floor of what the question itself scores for those terms: below
    // that they share a common word or two, and no list is better than an off-topic one.
    // (Measured with `search-eval --related`, docs/search.md: the title and question
    // searched as a reader's query found fewer of the judged related questions.)
    std::vector<Hit> related(QuestionId id, std::size_t n) const;

    std::vector<Hit> similar(std::string_view text, std::size_t n) const;
};

}  // namespace radfraga::search
