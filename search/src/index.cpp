// The index: Xapian generations on disk, the outbox applier, and the query path.
//
// Document ids encode the date: newest_docid - published_at (seconds since 1970), the
// newest question lowest. Xapian's matcher reads postings in ascending docid order, so
// "newest first" is docid order and it may stop as soon as it has the page (and the
// facets' matches) instead of visiting every match to sort them by a value: at 100 000
// questions that took p50 4.6 → 1.9 ms. Questions of the same second take the next
// free ids below (one second "newer"); equal relevance lists the newer first.
//
// Document layout (one Xapian document per published question):
//   data              the question id in decimal (nothing else: text is read from the
//                     store, so erased text cannot be shown from a stale index)
//   Q<id>             unique id term (boolean)
//   C<slug>           category (boolean, for filtering)
//   Z<stem>           analysed terms (see analyzer.hpp); title words count title_wdf
//                     times; the word's own Snowball stem carries positions (phrases)
//   P<stem>           stems of compound parts (see analyzer.hpp)
//   W<word>           the lower-cased surface word (boolean): prefix queries, and the
//                     spelling table's bookkeeping (removed again with the document)
//   value 0           published_at, sortable_serialise'd (date range)
//   value 1           category slug (facets)
#include "search/search.hpp"

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
#include "search/src/analyzer.hpp"
#include "search/src/embedded.hpp"
#include "search/src/query.hpp"
#include "search/src/ranker.hpp"
#include "search/src/snippet.hpp"
#include "search/src/synonyms.hpp"
#include "store/store.hpp"

namespace radfraga::search {

const char* QueryError::message_sv() const noexcept {
    switch (kind_) {
        case QueryErrorKind::empty:
            return "Skriv ett eller flera ord att söka efter.";
        case QueryErrorKind::too_long:
            return "Sökningen är för lång. Försök med färre ord.";
        case QueryErrorKind::invalid_utf8:
            return "Sökningen innehåller tecken som inte kan läsas.";
        case QueryErrorKind::bad_range:
            return "Datumintervallet eller sidnumret är ogiltigt.";
    }
    return "Ogiltig sökning.";
}

namespace {

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
constexpr double fusion_k = 60;
// Related questions (Impl::related): the question's this many most distinctive terms
// make its query, and a related question must score at least this share of what the
// question itself scores for them (search-eval --related: judged related among those
// shown 0.35 -> 0.39, same category 0.42 -> 0.48; 3.1 shown instead of 4.4 of 5, and 8 %
// of the judged questions get none).
constexpr Xapian::termcount related_terms = 12;
constexpr double related_floor = 0.07;
// Bumped by hand whenever related() or the ranking it uses changes in a way the analysis
// fingerprint does not show (weights, related_terms, related_floor, the BM25 constants):
// stored related lists of another version are computed again (Index::ranking_version).
constexpr std::int64_t ranking_code_version = 1;
constexpr const char* meta_seq = "radfraga.last_seq";
constexpr const char* meta_fingerprint = "radfraga.analysis";

std::string id_term(QuestionId id) {
    return "Q" + std::to_string(id.value);
}

// See the top of this file. Ids run from 1 (the year 2106) to newest_docid (1970).
constexpr Xapian::docid newest_docid = 0xFFFFFFFEU;

Xapian::docid date_docid(std::int64_t published_at) {
    const auto t =
        std::clamp<std::int64_t>(published_at, 0, static_cast<std::int64_t>(newest_docid) - 1);
    return static_cast<Xapian::docid>(static_cast<std::int64_t>(newest_docid) - t);
}

bool has_document(const Xapian::Database& db, Xapian::docid did) {
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
Xapian::docid free_docid(const Xapian::Database& db, std::int64_t published_at) {
    Xapian::docid did = date_docid(published_at);
    while (did > 1 && has_document(db, did)) --did;
    return did;
}

std::int64_t parse_int(const std::string& s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return -1;
    return v;
}

void fsync_path(const std::filesystem::path& p) {
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::fsync(fd);
    ::close(fd);
}

// Adds the analysed terms of `text` to `doc`, positions after `pos`; returns the last.
Xapian::termpos index_text(Xapian::Document& doc, std::string_view text, Xapian::termpos pos,
                           Xapian::termcount wdf, const Analyzer& analyzer,
                           std::set<std::string>& words) {
    std::size_t prev_end = 0;
    for (const auto& t : tokenize(text)) {
        // A sentence ends between two words: words of different sentences are never
        // near (the proximity window and phrases are far smaller than the gap).
        if (prev_end > 0 && text.substr(prev_end, t.begin - prev_end).find_first_of(".!?") !=
                                std::string_view::npos) {
            pos += sentence_position_gap;
        }
        prev_end = t.end;
        auto a = analyzer.analyze(t.word);
        // Stopwords take no position: nearness counts the words that are indexed, so
        // "LSS-insatser med när jag flyttar" has "LSS" and "flyttar" as near as "LSS-
        // insatser … flyttar", whatever function words Swedish puts between them.
        if (a->stopword) continue;
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

bool spelling_word(const std::string& w) {
    if (w.size() < 3) return false;
    return std::none_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Xapian's spelling table counts documents per word: add one per distinct word.
Xapian::Document make_document(const store::IndexDoc& d, const Analyzer& analyzer,
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

void add_spellings(Xapian::WritableDatabase& db, const std::set<std::string>& words) {
    for (const auto& w : words) {
        if (spelling_word(w)) db.add_spelling(w, 1);
    }
}

bool document_exists(Xapian::Database& db, QuestionId id) {
    const std::string term = id_term(id);
    return db.postlist_begin(term) != db.postlist_end(term);
}

// Removes document `id` and its spelling counts, if present. True if it was there.
bool remove_document(Xapian::WritableDatabase& db, QuestionId id) {
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

}  // namespace

// ---- Impl ---------------------------------------------------------------------------

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
                                                 const std::string& markdown) const {
        const std::int64_t key = id.value * 2 + field;
        const std::size_t hash = std::hash<std::string>{}(markdown);
        {
            std::lock_guard lock(prepared_cache.mutex);
            const auto* e = prepared_cache.lru.peek(key);
            if (e != nullptr && e->hash == hash && e->size == markdown.size())
                return prepared_cache.lru.get(key)->text;
        }
        auto text =
            std::make_shared<const PreparedText>(prepare_text(strip_markdown(markdown), analyzer));
        std::lock_guard lock(prepared_cache.mutex);
        prepared_cache.lru.put(key, PreparedCache::Entry{hash, markdown.size(), text},
                               text->bytes());
        return text;
    }

    // The in-memory ranker of the newest revision seen (see ranker.hpp).
    mutable std::mutex ranker_mutex;
    mutable std::mutex ranker_build_mutex;
    mutable std::shared_ptr<const Ranker> live_ranker;

    std::shared_ptr<const Found> cached(const std::string& key, std::uint64_t v) const {
        std::lock_guard lock(result_cache.mutex);
        if (result_cache.version != v) return nullptr;
        const auto* found = result_cache.lru.get(key);
        return found != nullptr ? *found : nullptr;
    }

    void remember(const std::string& key, std::uint64_t v,
                  std::shared_ptr<const Found> found) const {
        std::lock_guard lock(result_cache.mutex);
        if (result_cache.version != v) {
            if (v < result_cache.version) return;  // computed on an older version
            result_cache.lru.clear();
            result_cache.version = v;
        }
        if (result_cache.lru.contains(key)) return;
        result_cache.lru.put(key, std::move(found), 1);
    }

    Impl(const store::Store& s, Options o) : store(s), options(std::move(o)), analyzer(options) {
        if (options.analysis == Analysis::swedish) {
            synonyms.add_rules(embedded_file("synonyms.txt"), "synonyms.txt", analyzer);
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

    std::filesystem::path gen_path(std::uint64_t g) const {
        char buf[32];
        std::snprintf(buf, sizeof buf, "gen-%06llu", static_cast<unsigned long long>(g));
        return options.dir / buf;
    }

    // The generation CURRENT names, 0 if none/unreadable.
    std::uint64_t read_current() const {
        std::ifstream f(options.dir / "CURRENT");
        std::string line;
        if (!f || !std::getline(f, line) || !line.starts_with("gen-")) return 0;
        const auto v = parse_int(line.substr(4));
        return v > 0 ? static_cast<std::uint64_t>(v) : 0;
    }

    void write_current(std::uint64_t g) {
        const auto tmp = options.dir / "CURRENT.tmp";
        {
            std::ofstream f(tmp, std::ios::trunc);
            f << gen_path(g).filename().string() << '\n';
            f.flush();
            if (!f) throw Error("Kan inte skriva " + tmp.string() + ".");
        }
        fsync_path(tmp);
        std::filesystem::rename(tmp, options.dir / "CURRENT");
        fsync_path(options.dir);
    }

    // Removes every generation other than `keep`. An older generation may hold words of
    // questions erased or edited since (Xapian frees their blocks but does not overwrite
    // them), so none is kept "for a moment": a reader in this or another process that
    // meets a removed generation retries on the one CURRENT names (with_db).
    void remove_old_generations(std::uint64_t keep) {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(options.dir, ec)) {
            const auto name = e.path().filename().string();
            if (name.starts_with("build-gen-")) {
                // An interrupted rebuild's scratch; one for a later generation may be
                // another process's rebuild in progress.
                const auto b = parse_int(name.substr(10));
                if (b >= 0 && static_cast<std::uint64_t>(b) <= keep)
                    std::filesystem::remove_all(e.path(), ec);
                continue;
            }
            if (!name.starts_with("gen-")) continue;
            const auto g = parse_int(name.substr(4));
            if (g < 0 || static_cast<std::uint64_t>(g) == keep) continue;
            std::filesystem::remove_all(e.path(), ec);
        }
    }

    // Opens the writer on the current generation and checks it. False if there is no
    // usable index (missing, unreadable, other analysis). Throws on a lock held by
    // another process (DatabaseLockError) so the caller can go read-only.
    bool open_writer_locked() {
        const auto g = read_current();
        if (g == 0) return false;
        try {
            Xapian::WritableDatabase w(gen_path(g).string(), Xapian::DB_OPEN);
            if (w.get_metadata(meta_fingerprint) != analyzer.fingerprint()) return false;
            const auto seq = parse_int(w.get_metadata(meta_seq));
            if (seq < 0) return false;
            // Touch the tables once, so a damaged file shows up now and not mid-query.
            (void)w.get_doccount();
            (void)w.postlist_begin("");
            writer = std::move(w);
            applied_seq = seq;
            set_live(g, seq);
            return true;
        } catch (const Xapian::DatabaseLockError&) {
            throw;
        } catch (const Xapian::Error&) {
            return false;
        }
    }

    void set_live(std::uint64_t g, std::int64_t seq) {
        {
            std::lock_guard lock(state_mutex);
            generation = g;
        }
        published_seq.store(seq);
        version.fetch_add(1);
    }

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
    void note_scrub_due() noexcept {
        if (scrub_pending) return;
        scrub_pending = true;
        std::ofstream f(scrub_note(), std::ios::trunc);
        f << "1\n";
        f.flush();
        f.close();
        fsync_path(scrub_note());
        fsync_path(options.dir);
    }

    void scrub_done() {
        std::error_code ec;
        std::filesystem::remove(scrub_note(), ec);
        fsync_path(options.dir);
        scrub_pending = false;
    }

    // Needs the writer open on the live generation, with nothing uncommitted.
    void scrub_locked() {
        const std::uint64_t from = generation;
        const std::uint64_t g = std::max(read_current(), generation) + 1;
        const auto path = gen_path(g);
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
        try {
            Xapian::Database(gen_path(from).string())
                .compact(path.string(), Xapian::DBCOMPACT_NO_RENUMBER);
        } catch (const Xapian::Error& e) {
            std::filesystem::remove_all(path, ec);
            throw Error("Sökindexet kunde inte rensas från raderad text: " + e.get_description());
        }
        for (const auto& e : std::filesystem::directory_iterator(path)) fsync_path(e.path());
        fsync_path(path);
        write_current(g);
        writer.reset();
        try {
            writer.emplace(path.string(), Xapian::DB_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            // Another process opened it first; we stay read-only.
        }
        set_live(g, applied_seq);
        remove_old_generations(g);
        scrub_done();
    }

    RebuildStats rebuild_locked(const std::function<void(std::int64_t)>& progress = {}) {
        const auto started = std::chrono::steady_clock::now();
        const std::int64_t head = store.outbox_head();  // before reading: replay covers the rest
        std::uint64_t g = std::max(read_current(), generation) + 1;
        const auto path = gen_path(g);
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
        RebuildStats stats;
        // Built in a scratch folder, then compacted into the generation's: a compacted
        // index has full B-tree blocks (at 100 000 questions 421 → 287 MB, 2 s), and
        // queries read fewer blocks. Stale scratch folders are removed with old
        // generations.
        const auto scratch = options.dir / ("build-" + path.filename().string());
        std::filesystem::remove_all(scratch, ec);
        try {
            {
                // No fsync per internal flush: the compacted copy is what is kept.
                Xapian::WritableDatabase w(scratch.string(),
                                           Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
                std::set<std::string> words;
                DocidSlots slots;
                store.for_each_index_doc([&](const store::IndexDoc& d) {
                    words.clear();
                    w.replace_document(slots.take(date_docid(d.published_at)),
                                       make_document(d, analyzer, words));
                    if (options.analysis == Analysis::swedish) add_spellings(w, words);
                    ++stats.documents;
                    if (progress && stats.documents % 1000 == 0) progress(stats.documents);
                });
                if (progress) progress(stats.documents);
                w.set_metadata(meta_fingerprint, analyzer.fingerprint());
                w.set_metadata(meta_seq, std::to_string(head));
                w.commit();
                w.close();
            }
            // Keep the date ids (the default renumbers from 1).
            Xapian::Database(scratch.string())
                .compact(path.string(), Xapian::DBCOMPACT_NO_RENUMBER);
            std::filesystem::remove_all(scratch, ec);
        } catch (const Xapian::Error& e) {
            std::filesystem::remove_all(scratch, ec);
            std::filesystem::remove_all(path, ec);
            throw Error("Kunde inte bygga sökindexet i " + path.string() + ": " +
                        e.get_description());
        }
        for (const auto& e : std::filesystem::directory_iterator(path)) fsync_path(e.path());
        fsync_path(path);
        write_current(g);
        writer.reset();
        try {
            writer.emplace(path.string(), Xapian::DB_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            // Another process opened it first; we stay read-only.
        }
        applied_seq = head;
        set_live(g, head);
        broken.store(false);
        remove_old_generations(g);
        // The new generation never held what was removed before `head`; removals after
        // it are replayed by catch_up, which notes a scrub again.
        if (scrub_pending) scrub_done();
        stats.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return stats;
    }

    CatchUpStats catch_up_locked() {
        CatchUpStats stats;
        // Another process (radfraga reindex) may have switched generations.
        const auto current = read_current();
        if (broken.load() || current == 0) {
            rebuild_locked();
        } else if (current != generation || !writer) {
            writer.reset();
            try {
                if (!open_writer_locked()) rebuild_locked();
            } catch (const Xapian::DatabaseLockError&) {
                stats.last_seq = applied_seq;
                return stats;  // read-only for now; try again next time
            }
        }
        stats.last_seq = applied_seq;
        if (!writer) return stats;
        const std::int64_t head = store.outbox_head();
        while (applied_seq < head) {
            auto entries = store.outbox_after(applied_seq, options.batch_size);
            if (entries.empty()) break;
            // The last entry per question decides; all read the store's state now.
            std::vector<QuestionId> ids;
            std::set<QuestionId> seen;
            for (const auto& e : entries) {
                if (seen.insert(e.question).second) ids.push_back(e.question);
            }
            const auto docs = store.index_docs(ids);
            std::set<QuestionId> published;
            std::set<std::string> words;
            try {
                // One Xapian transaction per batch: all of it with its seq, or nothing.
                writer->begin_transaction();
                for (const auto& d : docs) {
                    published.insert(d.id);
                    // A replaced document leaves its old words in freed blocks, like a
                    // removed one: an edit may have taken out a personal detail.
                    if (document_exists(*writer, d.id)) note_scrub_due();
                    remove_document(*writer, d.id);
                    words.clear();
                    writer->replace_document(free_docid(*writer, d.published_at),
                                             make_document(d, analyzer, words));
                    if (options.analysis == Analysis::swedish) add_spellings(*writer, words);
                    ++stats.indexed;
                }
                for (const auto& id : ids) {
                    if (published.contains(id) || !document_exists(*writer, id)) continue;
                    note_scrub_due();
                    if (remove_document(*writer, id)) ++stats.removed;
                }
                writer->set_metadata(meta_seq, std::to_string(entries.back().seq));
                writer->commit_transaction();
                applied_seq = entries.back().seq;
            } catch (const Xapian::Error& e) {
                // Undo the uncommitted batch and rebuild next time: the store has it all.
                try {
                    writer->cancel_transaction();
                } catch (const Xapian::Error&) {
                }
                writer.reset();
                broken.store(true);
                throw Error("Sökindexet kunde inte uppdateras: " + e.get_description());
            }
            stats.entries += static_cast<std::int64_t>(entries.size());
            published_seq.store(applied_seq);
            version.fetch_add(1);
        }
        if (scrub_pending && writer) scrub_locked();
        stats.last_seq = applied_seq;
        return stats;
    }

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

    Corrector corrector(Xapian::Database& db) const {
        if (options.analysis != Analysis::swedish) return {};
        return [this, &db](const std::string& w) -> std::optional<std::string> {
            if (w.size() < 4 || !spelling_word(w)) return std::nullopt;
            if (db.term_exists("W" + w)) return std::nullopt;
            auto a = analyzer.analyze(w);
            for (const auto& s : a->primary) {
                if (db.term_exists("Z" + s)) return std::nullopt;
            }
            const unsigned distance = w.size() < 6 ? 1 : 2;
            std::string s = db.get_spelling_suggestion(w, distance);
            if (s.empty() || s == w) return std::nullopt;
            // A word the dictionary lists is no misspelling, only a word the archive does
            // not use: the nearest archive word is another word ("dröjer" → "droger")
            // unless it is a form of the same one, differing in its ending only ("dement"
            // → "demens").
            if (!same_but_ending(w, s) && analyzer.listed(w)) return std::nullopt;
            return s;
        };
    }

    static TermFreq termfreq(Xapian::Database& db) {
        return [&db](const std::string& t) -> std::uint64_t { return db.get_termfreq(t); };
    }

    // BM25 as Xapian's defaults, except where noted.
    Xapian::BM25Weight weighting() const {
        if (options.analysis != Analysis::swedish) return Xapian::BM25Weight();
        return Xapian::BM25Weight(bm25_k1, 0, 1, bm25_b, bm25_min_normlen);
    }

    const Synonyms* synonyms_or_null() const {
        return options.analysis == Analysis::swedish ? &synonyms : nullptr;
    }

    Result search(const Query& q) const {
        if (q.offset < 0 || q.limit < 0 || (q.from && q.to && *q.from > *q.to)) {
            throw QueryError(QueryErrorKind::bad_range, "negative offset/limit or from > to");
        }
        const auto parsed = parse_query(q.text);
        const auto limit = std::clamp<std::int64_t>(q.limit, 1, Limits::max_limit);
        const auto offset = std::min<std::int64_t>(q.offset, Limits::max_offset);

        std::string key;
        key.reserve(q.text.size() + q.category.size() + 64);
        key += q.text;
        key += '\x1f';
        key += q.category;
        key += '\x1f';
        key += q.from ? std::to_string(*q.from) : "-";
        key += '/';
        key += q.to ? std::to_string(*q.to) : "-";
        key += '/';
        key += std::to_string(offset) + '/' + std::to_string(limit) + '/';
        key += q.sort == Sort::newest ? 'n' : 'r';
        key += q.with_facets ? 'f' : '-';
        key += q.with_suggestion ? 's' : '-';
        const std::uint64_t v = version.load();

        std::shared_ptr<const Found> found = cached(key, v);
        if (!found) {
            found =
                with_db([&](Xapian::Database& db) { return find(db, q, parsed, offset, limit); });
            remember(key, v, found);
        }

        // Render from the store: only what is published now.
        std::vector<QuestionId> ids;
        ids.reserve(found->ids.size());
        for (const auto& [id, _] : found->ids) ids.push_back(id);
        const auto docs = store.index_docs(ids);
        std::unordered_map<std::int64_t, const store::IndexDoc*> by_id;
        for (const auto& d : docs) by_id.emplace(d.id.value, &d);
        Result result = found->result;
        BuiltQuery marks;  // what the snippets mark
        if (q.with_snippets) {
            marks.highlight = found->highlight;
            marks.highlight_prefixes = found->highlight_prefixes;
        }
        SnippetMemo memo;
        for (const auto& [id, score] : found->ids) {
            auto it = by_id.find(id.value);
            if (it == by_id.end()) continue;
            const store::IndexDoc& d = *it->second;
            Hit h{d.id, d.external_id, d.title, d.category_slug, d.published_at, score, {}};
            if (q.with_snippets) {
                int qs = 0, as = 0;
                // Both are shown as plain text: Markdown syntax is no part of a snippet.
                std::string from_question =
                    make_snippet(*prepared(d.id, 0, d.question), marks, qs, memo);
                std::string from_answer =
                    make_snippet(*prepared(d.id, 1, d.answer), marks, as, memo);
                h.snippet = as > qs ? std::move(from_answer) : std::move(from_question);
            }
            result.hits.push_back(std::move(h));
        }
        return result;
    }

    // The match itself: ids and scores of the page, total, facets, suggestion.
    std::shared_ptr<const Found> find(Xapian::Database& db, const Query& q,
                                      const ParsedQuery& parsed, std::int64_t offset,
                                      std::int64_t limit) const {
        auto r = std::make_shared<Found>();
        BuiltQuery built =
            build_query(parsed, q.text, analyzer, synonyms_or_null(),
                        q.with_suggestion ? corrector(db) : Corrector{}, termfreq(db));
        if (built.query.empty()) {
            throw QueryError(QueryErrorKind::empty, "no searchable words");
        }
        r->result.suggestion = built.suggestion;
        // Newest first ranks nothing, so a match that has only some of the words would
        // be listed as high as one about all of them: it shows the questions that have
        // every word (in any inflection, compound or synonym), and all that match any
        // word only if none has them all. Requiring every word also spares visiting
        // every document with one common word to sort them by date.
        if (q.sort == Sort::newest && options.analysis == Analysis::swedish &&
            !built.all_words.empty()) {
            // Whether any question has every word does not depend on the page (a total
            // of 0 is exact), so the choice is the same on every page of the result.
            match(db, q, built.all_words, built.all_words_expr, nullptr, offset, limit, *r);
            if (r->result.total > 0) return finish(std::move(built), r);
            *r = Found{};
            r->result.suggestion = built.suggestion;
        }
        if (q.sort != Sort::newest && !built.with_phrasing.empty() && offset < fusion_depth) {
            fused_match(db, q, built, offset, limit, *r);
        } else {
            match(db, q, built.query, built.expr, &built, offset, limit, *r);
        }
        return finish(std::move(built), r);
    }

    // A query phrased as a question: its first fusion_depth matches reordered by
    // reciprocal rank fusion of two rankings, the query's own (content words only) and
    // the same with the phrasing words at full weight. Content words choose the
    // questions; a question worded like the reader's ("hur får jag hjälp utan att jobbet
    // får veta") is not lost below ones that share only the content words. Only the
    // query's own first fusion_depth matches are reordered, so the pages after them
    // follow on without gaps or repeats (each of them ordered by its proximity bonus as
    // any page is), and total and facets are the query's own. The second ranking is
    // computed over those matches only: their own weights plus the phrasing words' BM25
    // and the proximity bonus of the pairs with phrasing words, read from the same term
    // and position lists (a second match over the whole archive cost +76 % instructions
    // on whole questions).
    void fused_match(Xapian::Database& db, const Query& q, const BuiltQuery& built,
                     std::int64_t offset, std::int64_t limit, Found& r) const {
        std::vector<Scored> own;
        match(db, q, built.query, built.expr, nullptr, 0, fusion_depth, r, &own);
        std::vector<Scored> other = own;
        rerank(db, built, own);
        add_phrasing_weights(db, built, other);
        BuiltQuery bonus;
        bonus.near_pairs = built.with_phrasing_near_pairs;
        bonus.proximity_window = built.proximity_window;
        bonus.proximity_weight = built.proximity_weight;
        rerank(db, bonus, other);
        r.ids = id_weights(own);
        if (offset + limit > fusion_depth) {
            // The matches after the fused ones, as the query's own later pages.
            Found tail;
            Query rest = q;
            rest.with_facets = false;
            match(db, rest, built.query, built.expr, &built, fusion_depth,
                  offset + limit - fusion_depth, tail);
            r.ids.insert(r.ids.end(), tail.ids.begin(), tail.ids.end());
        }
        std::unordered_map<std::int64_t, std::size_t> other_rank;
        for (std::size_t i = 0; i < other.size(); ++i) other_rank.emplace(other[i].id.value, i);
        const std::size_t head = std::min(r.ids.size(), static_cast<std::size_t>(fusion_depth));
        std::vector<std::pair<double, std::size_t>> order;  // (fused score, own rank)
        for (std::size_t i = 0; i < head; ++i) {
            const auto it = other_rank.find(r.ids[i].first.value);
            const double o = static_cast<double>(
                it == other_rank.end() ? static_cast<std::size_t>(fusion_depth) : it->second);
            order.emplace_back(1.0 / (fusion_k + static_cast<double>(i)) + 1.0 / (fusion_k + o), i);
        }
        std::stable_sort(order.begin(), order.end(),
                         [](const auto& x, const auto& y) { return x.first > y.first; });
        std::vector<std::pair<QuestionId, double>> ids;
        ids.reserve(r.ids.size());
        for (const auto& [score, i] : order) ids.emplace_back(r.ids[i].first, score);
        for (std::size_t i = head; i < r.ids.size(); ++i) ids.push_back(r.ids[i]);
        const auto from = std::min(ids.size(), static_cast<std::size_t>(offset));
        const auto to = std::min(ids.size(), static_cast<std::size_t>(offset + limit));
        r.ids.assign(ids.begin() + static_cast<std::ptrdiff_t>(from),
                     ids.begin() + static_cast<std::ptrdiff_t>(to));
    }

    static std::shared_ptr<const Found> finish(BuiltQuery built, const std::shared_ptr<Found>& r) {
        r->highlight = std::move(built.highlight);
        r->highlight_prefixes = std::move(built.highlight_prefixes);
        return r;
    }

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
    void add_phrasing_weights(Xapian::Database& db, const BuiltQuery& built,
                              std::vector<Scored>& found) const {
        if (found.empty() || built.phrasing_terms.empty()) return;
        const Bm25 bm25(db, bm25_params());
        const double n = bm25.doccount();
        std::vector<std::size_t> by_docid(found.size());
        for (std::size_t i = 0; i < found.size(); ++i) by_docid[i] = i;
        std::sort(by_docid.begin(), by_docid.end(),
                  [&](std::size_t x, std::size_t y) { return found[x].did < found[y].did; });
        std::vector<double> length_part(found.size(), -1);
        std::vector<Xapian::termcount> wdf(found.size());
        for (const auto& terms : built.phrasing_terms) {
            double df = 0;
            std::fill(wdf.begin(), wdf.end(), 0);
            for (const auto& t : terms) {
                const double d = db.get_termfreq(t);
                if (d <= 0) continue;
                df = n > 0 ? std::min(n, df + d - df * d / n) : df + d;
                auto it = db.postlist_begin(t);
                const auto end = db.postlist_end(t);
                for (const std::size_t i : by_docid) {
                    it.skip_to(found[i].did);
                    if (it == end) break;
                    if (*it == found[i].did) wdf[i] += it.get_wdf();
                }
            }
            if (df <= 0) continue;
            const double tw =
                bm25.term_weight(static_cast<Xapian::doccount>(std::llround(df)), 1.0);
            for (std::size_t i = 0; i < found.size(); ++i) {
                if (wdf[i] == 0) continue;
                if (length_part[i] < 0)
                    length_part[i] = bm25.length_part(db.get_doclength(found[i].did));
                found[i].weight += bm25.sumpart(tw, wdf[i], length_part[i]);
            }
        }
    }

    // The matches of `mset` in its order; weights 0 when `weighted` is false.
    static std::vector<Scored> scored(const Xapian::MSet& mset, bool weighted = true) {
        std::vector<Scored> out;
        out.reserve(mset.size());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            out.push_back(Scored{*it, QuestionId{parse_int(it.get_document().get_data())},
                                 weighted ? it.get_weight() : 0.0});
        }
        return out;
    }

    // The page of an in-memory ranking, with question ids.
    static std::vector<Scored> scored(Xapian::Database& db, const RankResult& ranked) {
        std::vector<Scored> out;
        out.reserve(ranked.page.size());
        for (const auto& [did, weight] : ranked.page) {
            out.push_back(
                Scored{did, QuestionId{parse_int(db.get_document(did).get_data())}, weight});
        }
        return out;
    }

    // Makes the ranker of the newest revision before a query needs it and reads posting
    // lists into it: those the previous ranker held (after a commit the same words come
    // back; they are read again because document numbers and statistics changed), or at
    // start the most frequent words' up to half the budget. So neither the first queries
    // after a start nor those after a publication pay for reading lists (the first-run
    // cliff: p99 107-267 ms in the first benchmark run after a start, docs/performance.md).
    void warm_ranker() const {
        if (!options.in_memory_ranking || options.analysis != Analysis::swedish) return;
        std::vector<std::string> keys;
        {
            std::lock_guard lock(ranker_mutex);
            if (live_ranker) keys = live_ranker->held_keys();
        }
        with_db([&](Xapian::Database& db) {
            const auto ranker = ranker_for(db);
            if (!ranker) return 0;
            if (keys.empty()) {
                std::vector<std::pair<Xapian::doccount, std::string>> terms;
                for (auto t = db.allterms_begin("Z"); t != db.allterms_end("Z"); ++t)
                    terms.emplace_back(t.get_termfreq(), *t);
                std::sort(terms.begin(), terms.end(),
                          [](const auto& a, const auto& b) { return a.first > b.first; });
                for (auto& t : terms) keys.push_back(std::move(t.second));
            }
            ranker->warm(db, keys, 0.5);
            return 0;
        });
    }

    // Ranks `expr` in memory when the ranker can (see match()); nullopt otherwise.
    std::optional<RankResult> rank_in_memory(Xapian::Database& db, const Expr& expr,
                                             const RankRequest& req) const {
        if (!options.in_memory_ranking || options.analysis != Analysis::swedish ||
            !Ranker::supports(expr)) {
            return std::nullopt;
        }
        const auto ranker = ranker_for(db);
        if (!ranker) return std::nullopt;
        return ranker->run(db, expr, req);
    }

    static std::vector<std::pair<QuestionId, double>> id_weights(const std::vector<Scored>& found) {
        std::vector<std::pair<QuestionId, double>> out;
        out.reserve(found.size());
        for (const auto& f : found) out.emplace_back(f.id, f.weight);
        return out;
    }

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
    void rerank(Xapian::Database& db, const BuiltQuery& built, std::vector<Scored>& found) const {
        if (found.size() < 2 || built.near_pairs.empty()) return;
        // BM25 as weighting() computes it for the Swedish index (near pairs exist only
        // there): what one term adds to one document.
        const Bm25 bm25(db, bm25_params());
        // Positions (ascending) of `t` in `did`; empty if the term is not there.
        auto positions = [&](Xapian::docid did, const std::string& t,
                             std::vector<Xapian::termpos>& out) {
            out.clear();
            for (auto p = db.positionlist_begin(did, t); p != db.positionlist_end(did, t); ++p)
                out.push_back(*p);
        };
        auto near = [&](const std::vector<Xapian::termpos>& x,
                        const std::vector<Xapian::termpos>& y) {
            // Some two positions less than the window apart (as OP_NEAR: all within a
            // window of that many positions).
            std::size_t i = 0, j = 0;
            while (i < x.size() && j < y.size()) {
                const auto d = x[i] > y[j] ? x[i] - y[j] : y[j] - x[i];
                if (d < built.proximity_window) return true;
                (x[i] < y[j]) ? ++i : ++j;
            }
            return false;
        };
        // Which (document, term) pairs earn the bonus; a term counts once per near pair.
        std::map<std::string, std::vector<std::size_t>> earned;  // term → indexes into found
        std::vector<Xapian::termpos> pa, pb;
        for (std::size_t i = 0; i < found.size(); ++i) {
            for (const auto& [a, b] : built.near_pairs) {
                positions(found[i].did, a, pa);
                if (pa.empty()) continue;
                positions(found[i].did, b, pb);
                if (pb.empty() || !near(pa, pb)) continue;
                earned[a].push_back(i);
                earned[b].push_back(i);
            }
        }
        // Their wdfs, from the term's posting list skipped to the documents in docid order
        // (reading each document's whole term list cost twice as much); each document's
        // length read once.
        std::vector<Xapian::termcount> length(found.size(), 0);
        for (auto& [t, docs_of_t] : earned) {
            const double tw = bm25.term_weight(db.get_termfreq(t), 1.0);
            std::sort(docs_of_t.begin(), docs_of_t.end(),
                      [&](std::size_t x, std::size_t y) { return found[x].did < found[y].did; });
            auto it = db.postlist_begin(t);
            const auto end = db.postlist_end(t);
            for (const std::size_t i : docs_of_t) {
                it.skip_to(found[i].did);
                if (it == end) break;
                if (*it != found[i].did) continue;
                if (length[i] == 0) length[i] = db.get_doclength(found[i].did);
                found[i].weight += built.proximity_weight *
                                   bm25.sumpart(tw, it.get_wdf(), bm25.length_part(length[i]));
            }
        }
        // Equal weights keep the first query's order.
        std::stable_sort(found.begin(), found.end(),
                         [](const Scored& x, const Scored& y) { return x.weight > y.weight; });
    }

    // The in-memory ranker for db's revision; null if db is older than the one held
    // (a reader not yet reopened: it uses Xapian's matcher for this query).
    std::shared_ptr<const Ranker> ranker_for(Xapian::Database& db) const {
        const std::string uuid = db.get_uuid();
        const Xapian::rev rev = db.get_revision();
        auto usable =
            [&](const std::shared_ptr<const Ranker>& r) -> int {  // 1 yes, 0 build, -1 older db
            if (!r || r->uuid() != uuid) return 0;
            if (r->revision() == rev) return 1;
            return r->revision() < rev ? 0 : -1;
        };
        {
            std::lock_guard lock(ranker_mutex);
            const int u = usable(live_ranker);
            if (u == 1) return live_ranker;
            if (u < 0) return nullptr;
        }
        // One thread reads the documents; the others wait for it rather than read too.
        std::lock_guard build(ranker_build_mutex);
        {
            std::lock_guard lock(ranker_mutex);
            const int u = usable(live_ranker);
            if (u == 1) return live_ranker;
            if (u < 0) return nullptr;
        }
        auto fresh = std::make_shared<const Ranker>(db, bm25_params(), slot_date, slot_category,
                                                    options.ranking_memory_bytes);
        std::lock_guard lock(ranker_mutex);
        live_ranker = fresh;
        return fresh;
    }

    static Bm25Params bm25_params() { return Bm25Params{bm25_k1, bm25_b, bm25_min_normlen}; }

    // Runs `query` (`expr` as a tree) with the filters, sort and facets of `q`; fills r's
    // page, total, facets. With `bonus` (relevance order only), the page is reordered by
    // its proximity bonus. With `page`, the page's documents are also given there.
    void match(Xapian::Database& db, const Query& q, const Xapian::Query& query, const Expr& expr,
               const BuiltQuery* bonus, std::int64_t offset, std::int64_t limit, Found& r,
               std::vector<Scored>* page = nullptr) const {
        RankRequest req;
        req.ranked = q.sort != Sort::newest;
        req.from = q.from;
        req.to = q.to;
        req.category = q.category;
        req.facets = q.with_facets;
        req.offset = static_cast<std::size_t>(offset);
        req.limit = static_cast<std::size_t>(limit);
        req.prune_min_postings = options.prune_min_postings;
        if (const auto ranked = rank_in_memory(db, expr, req)) {
            r.result.total = ranked->total;
            r.result.total_is_estimate = ranked->estimated;
            auto found = scored(db, *ranked);
            if (bonus != nullptr && q.sort != Sort::newest) rerank(db, *bonus, found);
            r.ids = id_weights(found);
            if (page != nullptr) *page = std::move(found);
            for (const auto& [slug, count] : ranked->facets)
                r.result.facets.push_back(Facet{slug, count});
            return;
        }
        // Phrases and prefixes: Xapian's matcher.
        Xapian::Query base = query;
        if (q.from || q.to) {
            Xapian::Query range;
            const auto lo = Xapian::sortable_serialise(static_cast<double>(q.from.value_or(0)));
            const auto hi = Xapian::sortable_serialise(static_cast<double>(q.to.value_or(0)));
            if (q.from && q.to) {
                range = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot_date, lo, hi);
            } else if (q.from) {
                range = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot_date, lo);
            } else {
                range = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot_date, hi);
            }
            base = Xapian::Query(Xapian::Query::OP_FILTER, base, range);
        }
        Xapian::Query filtered = base;
        if (!q.category.empty()) {
            filtered =
                Xapian::Query(Xapian::Query::OP_FILTER, base, Xapian::Query("C" + q.category));
        }
        const Xapian::doccount all = db.get_doccount();
        Xapian::Enquire enquire(db);
        enquire.set_query(filtered);
        if (q.sort == Sort::newest) {
            // Newest first reports no score, so weighting every match would be wasted.
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);  // newest first, see the top
        } else {
            enquire.set_weighting_scheme(weighting());
        }
        Xapian::ValueCountMatchSpy spy(slot_category);
        const bool separate_facets = q.with_facets && !q.category.empty();
        if (q.with_facets && !separate_facets) enquire.add_matchspy(&spy);
        // Totals and facet counts are exact up to facet_exact_matches matches;
        // beyond that Xapian stops early and both are estimates.
        const Xapian::doccount check = q.with_facets
                                           ? std::min<Xapian::doccount>(all, facet_exact_matches)
                                           : Xapian::doccount{0};
        const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(offset),
                                                   static_cast<Xapian::doccount>(limit), check);
        if (separate_facets) {
            Xapian::Enquire facets(db);
            facets.set_query(base);
            facets.set_weighting_scheme(Xapian::BoolWeight());
            facets.add_matchspy(&spy);
            (void)facets.get_mset(0, 0, std::min<Xapian::doccount>(all, facet_exact_matches));
        }
        r.result.total = static_cast<std::int64_t>(mset.get_matches_estimated());
        r.result.total_is_estimate =
            mset.get_matches_lower_bound() != mset.get_matches_upper_bound();
        auto found = scored(mset, q.sort != Sort::newest);
        if (bonus != nullptr && q.sort != Sort::newest) rerank(db, *bonus, found);
        r.ids = id_weights(found);
        if (page != nullptr) *page = std::move(found);
        if (q.with_facets) {
            // Scale counts seen to the estimated total when the match stopped early.
            const double seen = static_cast<double>(spy.get_total());
            const double estimated =
                separate_facets ? seen : static_cast<double>(mset.get_matches_estimated());
            const double scale = seen > 0 && estimated > seen ? estimated / seen : 1.0;
            for (auto f = spy.top_values_begin(64); f != spy.top_values_end(64); ++f) {
                r.result.facets.push_back(
                    Facet{*f, std::llround(static_cast<double>(f.get_termfreq()) * scale)});
            }
        }
    }

    std::vector<Hit> hits_from_summaries(const std::vector<std::pair<QuestionId, double>>& ranked,
                                         std::size_t n) const {
        std::vector<QuestionId> ids;
        for (const auto& [id, _] : ranked) ids.push_back(id);
        const auto summaries = store.published_summaries(ids);
        std::unordered_map<std::int64_t, double> score;
        for (const auto& [id, s] : ranked) score.emplace(id.value, s);
        std::vector<Hit> out;
        for (const auto& s : summaries) {
            if (out.size() >= n) break;
            out.push_back(Hit{s.id,
                              s.external_id,
                              s.title,
                              s.category_slug,
                              s.answered_at ? s.answered_at->utc : s.asked_at.utc,
                              score[s.id.value],
                              {}});
        }
        return out;
    }

    // Related questions: the question's most distinctive terms (Xapian's relevance
    // feedback, ESet, over its title, question and answer), ranked by the same in-memory
    // BM25 as search(), the question itself left out, and only questions that score at
    // least related_floor of what the question itself scores for those terms: below
    // that they share a common word or two, and no list is better than an off-topic one.
    // (Measured with `search-eval --related`, docs/search.md: the title and question
    // searched as a reader's query found fewer of the judged related questions.)
    std::vector<Hit> related(QuestionId id, std::size_t n) const {
        if (n == 0) return {};
        n = std::min<std::size_t>(n, static_cast<std::size_t>(Limits::max_limit));
        auto ranked = with_db([&](Xapian::Database& db) {
            std::vector<std::pair<QuestionId, double>> out;
            const std::string term = id_term(id);
            auto p = db.postlist_begin(term);
            if (p == db.postlist_end(term)) return out;
            const Xapian::docid self = *p;
            Xapian::RSet rset;
            rset.add_document(self);
            Xapian::Enquire enquire(db);
            struct OnlyZ : Xapian::ExpandDecider {
                bool operator()(const std::string& t) const override {
                    return !t.empty() && t[0] == 'Z';
                }
            } only_z;
            // Few terms keep this cheap on large archives (it runs for every uncached
            // question page).
            const Xapian::ESet eset = enquire.get_eset(related_terms, rset, &only_z);
            std::vector<Expr> terms;
            for (auto e = eset.begin(); e != eset.end(); ++e) terms.push_back(Expr::leaf(*e));
            if (terms.empty()) return out;
            const Expr expr = Expr::of(Expr::Op::or_, std::move(terms));
            RankRequest req;
            req.limit = n + 1;
            std::vector<Scored> found;
            if (const auto in_memory = rank_in_memory(db, expr, req)) {
                found = scored(db, *in_memory);
            } else {
                enquire.set_query(to_xapian(expr));
                enquire.set_weighting_scheme(weighting());
                found = scored(enquire.get_mset(0, static_cast<Xapian::doccount>(n + 1)));
            }
            double self_score = 0;
            for (const auto& f : found) {
                if (f.did == self) self_score = f.weight;
            }
            if (self_score <= 0 && !found.empty()) self_score = found.front().weight;
            for (const auto& f : found) {
                if (f.did == self || f.weight < related_floor * self_score) continue;
                out.emplace_back(f.id, f.weight);
            }
            return out;
        });
        return hits_from_summaries(ranked, n);
    }

    std::vector<Hit> similar(std::string_view text, std::size_t n) const {
        if (n == 0) return {};
        n = std::min<std::size_t>(n, static_cast<std::size_t>(Limits::max_limit));
        ParsedQuery parsed;
        try {
            parsed = parse_query(text.substr(0, std::min(text.size(), Limits::max_query_bytes)));
        } catch (const QueryError&) {
            return {};
        }
        // A draft is prose, not query syntax: every item is a plain word.
        for (auto& item : parsed.items) {
            item.exclude = false;
            if (item.kind == QueryItem::Kind::prefix) item.kind = QueryItem::Kind::word;
        }
        auto ranked = with_db([&](Xapian::Database& db) {
            std::vector<std::pair<QuestionId, double>> out;
            const auto built =
                build_query(parsed, text, analyzer, synonyms_or_null(), Corrector{}, termfreq(db));
            if (built.query.empty()) return out;
            RankRequest req;
            req.limit = n + 5;
            std::vector<Scored> found;
            if (const auto in_memory = rank_in_memory(db, built.expr, req)) {
                found = scored(db, *in_memory);
            } else {
                Xapian::Enquire enquire(db);
                enquire.set_query(built.query);
                enquire.set_weighting_scheme(weighting());
                found = scored(enquire.get_mset(0, static_cast<Xapian::doccount>(n + 5)));
            }
            rerank(db, built, found);
            return id_weights(found);
        });
        return hits_from_summaries(ranked, n);
    }
};

// ---- Index --------------------------------------------------------------------------

Index::Index(const store::Store& store, Options options) {
    if (options.dir.empty()) throw Error("Ingen mapp för sökindexet angiven.");
    if (options.batch_size < 1) options.batch_size = 1;
    std::error_code ec;
    std::filesystem::create_directories(options.dir, ec);
    if (ec) throw Error("Kan inte skapa mappen " + options.dir.string() + ": " + ec.message());
    impl_ = std::make_unique<Impl>(store, std::move(options));
    std::lock_guard lock(impl_->writer_mutex);
    impl_->scrub_pending = std::filesystem::exists(impl_->scrub_note());
    bool ok = false;
    try {
        ok = impl_->open_writer_locked();
    } catch (const Xapian::DatabaseLockError&) {
        // Another process (the server) holds the writer: serve reads from its index.
        const auto g = impl_->read_current();
        if (g != 0) {
            impl_->set_live(g, 0);
            return;
        }
    }
    if (!ok) impl_->rebuild_locked();
    impl_->remove_old_generations(impl_->generation);
    impl_->catch_up_locked();
    impl_->warm_ranker();
}

Index::~Index() = default;

CatchUpStats Index::catch_up() {
    std::lock_guard lock(impl_->writer_mutex);
    // Cheap path: nothing new in the outbox and nothing switched.
    if (impl_->writer && !impl_->broken.load() && !impl_->scrub_pending &&
        impl_->store.outbox_head() == impl_->applied_seq &&
        impl_->read_current() == impl_->generation) {
        return CatchUpStats{0, 0, 0, impl_->applied_seq};
    }
    auto stats = impl_->catch_up_locked();
    if (stats.entries > 0) impl_->warm_ranker();
    return stats;
}

RebuildStats Index::rebuild(const std::function<void(std::int64_t)>& progress) {
    std::lock_guard lock(impl_->writer_mutex);
    auto stats = impl_->rebuild_locked(progress);
    impl_->catch_up_locked();
    impl_->warm_ranker();
    return stats;
}

Result Index::search(const Query& q) const {
    return impl_->search(q);
}
std::vector<Hit> Index::related(QuestionId id, std::size_t n) const {
    return impl_->related(id, n);
}
std::vector<Hit> Index::similar(std::string_view text, std::size_t n) const {
    return impl_->similar(text, n);
}
std::int64_t Index::last_seq() const {
    return impl_->published_seq.load();
}

std::int64_t Index::ranking_version() const {
    // FNV-1a over the analysis fingerprint (stemmer, stop words, synonyms, ...), stable
    // across builds and processes, combined with the ranking code's own version.
    std::uint64_t h = 14695981039346656037ULL;
    const std::string fp = impl_->analyzer.fingerprint() +
                           "|related:" + std::to_string(related_terms) + ":" +
                           std::to_string(related_floor) + "|bm25:" + std::to_string(bm25_k1) +
                           ":" + std::to_string(bm25_b);
    for (const char ch : fp) {
        h ^= static_cast<unsigned char>(ch);
        h *= 1099511628211ULL;
    }
    // 40 bits of the hash, the code version above them: positive in an int64.
    return (ranking_code_version << 40) | static_cast<std::int64_t>(h & ((1ULL << 40) - 1));
}

std::int64_t Index::document_count() const {
    return impl_->with_db(
        [](Xapian::Database& db) { return static_cast<std::int64_t>(db.get_doccount()); });
}

}  // namespace radfraga::search
