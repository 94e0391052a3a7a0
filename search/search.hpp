// Swedish full-text search over the published archive (Xapian, in-process).
//
// Contract:
//  * The index is derived data. The Store is the source of truth; everything here can
//    be rebuilt from it at any time (Index::rebuild, `radfraga reindex`).
//  * The index lives in one folder (the data folder's `index/`). Inside it, the file
//    CURRENT names the live generation (a Xapian glass database in a sub-folder); a
//    rebuild writes a new generation beside it and switches CURRENT atomically, so
//    readers never see a half-built index.
//  * The index's metadata records the last applied outbox seq. catch_up() applies the
//    store's outbox after that seq in batches, one Xapian commit per batch, each commit
//    carrying the new seq. Applying an entry reads the question's current state from the
//    store, so replaying an entry twice is harmless (idempotent) and order within a
//    batch does not matter.
//  * Hits are rendered from the store: a hit whose question is not published at the
//    moment of the query is dropped, even if the index has not caught up yet.
//  * Thread-safety: search(), related() and similar() may be called from any number of
//    threads concurrently with one another and with catch_up()/rebuild(). catch_up()
//    and rebuild() serialise among themselves.
//  * Errors: bad user input throws QueryError (the server answers 400); a broken
//    environment (unwritable folder, disk full, a missing Hunspell dictionary) throws
//    search::Error. An index that turns out to be unreadable is rebuilt, not reported.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace radfraga::store {
class Store;
}

namespace radfraga::search {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Why a query was refused. Each maps to a 400 with a Swedish message (message_sv).
enum class QueryErrorKind {
    empty,         // no searchable word (e.g. "", "*", "\"\"", only punctuation)
    too_long,      // more than Limits::max_query_bytes bytes
    invalid_utf8,  // not well-formed UTF-8
    bad_range,     // from > to, or a negative offset/limit
};

class QueryError : public std::runtime_error {
  public:
    QueryError(QueryErrorKind kind, const std::string& what)
        : std::runtime_error(what), kind_(kind) {}
    QueryErrorKind kind() const noexcept { return kind_; }
    // A short Swedish sentence for the search page.
    const char* message_sv() const noexcept;

  private:
    QueryErrorKind kind_;
};

// Bounds that keep every query cheap, whatever the input.
struct Limits {
    static constexpr std::size_t max_query_bytes = 2000;  // longer: QueryError::too_long
    static constexpr std::size_t max_query_words = 32;    // later words are ignored
    static constexpr std::size_t max_wildcard_expansion = 30;
    static constexpr std::int64_t max_limit = 100;
    static constexpr std::int64_t max_offset = 10000;
};

enum class Sort { relevance, newest };

struct Query {
    // Free text. Words are ORed and ranked (BM25); "quoted words" must occur as a
    // phrase; -word excludes; word* is a prefix (at least 2 letters, expansion capped).
    std::string text;
    std::string category;             // slug; empty: all categories
    std::optional<UnixSeconds> from;  // published_at >= from
    std::optional<UnixSeconds> to;    // published_at <= to
    Sort sort = Sort::relevance;
    std::int64_t offset = 0;  // clamped to Limits::max_offset
    std::int64_t limit = 10;  // clamped to [1, Limits::max_limit]
    bool with_snippets = true;
    bool with_facets = true;  // counts per category, ignoring `category` itself
    bool with_suggestion = true;
};

struct Hit {
    QuestionId id;
    std::optional<std::string> external_id;
    std::string title;
    std::string category;  // slug
    UnixSeconds published_at = 0;
    double score = 0;  // relevance weight; 0 for newest-first
    // HTML-safe: the text is escaped, and the only markup is <mark>…</mark> around the
    // words that matched. Empty when snippets were not asked for.
    std::string snippet;
};

struct Facet {
    std::string category;  // slug
    std::int64_t count = 0;
};

struct Result {
    // Matches: exact when ranked in memory (Options::in_memory_ranking, every query
    // without a phrase or prefix) and not pruned; otherwise exact up to 1 000 matches,
    // then an estimate. A relevance-ranked query without filters is pruned when its
    // less weighty words cannot change the page (max-score): then total and facet
    // counts are estimates and total_is_estimate is true; the hits are the same.
    std::int64_t total = 0;
    bool total_is_estimate = false;  // total and facet counts are estimates
    std::vector<Hit> hits;
    std::vector<Facet> facets;  // most first
    // "Menade du …?": the query with misspelt words replaced by words from the
    // archive, or nullopt. When set, the hits already include matches for it.
    std::optional<std::string> suggestion;
};

enum class Analysis {
    swedish,           // Snowball + Hunspell lemmas + compounds + stopwords + synonyms
    snowball_baseline  // plain Xapian Snowball Swedish, nothing else (for comparison)
};

struct Options {
    std::filesystem::path dir;  // the index folder (data folder's index/)
    // Operator's extra synonym groups (same format as search/data/synonyms.txt), read
    // once at open. Missing file: Error.
    std::optional<std::filesystem::path> extra_synonyms;
    std::filesystem::path hunspell_aff = "/usr/share/hunspell/sv_SE.aff";
    std::filesystem::path hunspell_dic = "/usr/share/hunspell/sv_SE.dic";
    // A general Swedish thesaurus (MyThes format, Debian package mythes-sv), for query
    // words the archive never writes. Missing files: Error (Swedish analysis only).
    std::filesystem::path thesaurus_idx = "/usr/share/mythes/th_sv_SE_v2.idx";
    std::filesystem::path thesaurus_dat = "/usr/share/mythes/th_sv_SE_v2.dat";
    Analysis analysis = Analysis::swedish;
    std::int64_t batch_size = 500;  // outbox entries per Xapian commit
    // Rank in memory (Swedish analysis only): posting lists are read from the index once
    // per revision and kept, up to ranking_memory_bytes, so a query sums arrays instead
    // of decoding Xapian's lists (docs/search.md, "In-memory ranking"). Same results as
    // Xapian's matcher, with exact totals and facets. False: Xapian's matcher only.
    bool in_memory_ranking = true;
    std::size_t ranking_memory_bytes = std::size_t{128} << 20;
    // A ranked query is pruned (max-score: estimated totals and facet counts, marked as
    // such) only when its posting lists hold at least this many postings; below it the
    // exact pass costs tens of microseconds, so small archives keep exact figures.
    std::size_t prune_min_postings = 20000;
    // Questions and answers made ready for snippets (Markdown stripped, words analysed)
    // are kept up to this much memory, most recently shown first: popular questions come
    // up on page after page. About 10 KiB per question.
    std::size_t snippet_memory_bytes = std::size_t{128} << 20;
};

struct CatchUpStats {
    std::int64_t entries = 0;   // outbox entries read
    std::int64_t indexed = 0;   // documents (re)written
    std::int64_t removed = 0;   // documents removed
    std::int64_t last_seq = 0;  // the seq the index now reflects
};

struct RebuildStats {
    std::int64_t documents = 0;
    double seconds = 0;
};

class Index {
  public:
    // Opens the index in options.dir, creating the folder if needed. If there is no
    // index, or it cannot be read, or it was built with another analysis, rebuilds it
    // from the store. Then replays the outbox (catch_up). Throws Error if the folder or
    // the dictionaries cannot be used.
    Index(const store::Store& store, Options options);
    ~Index();
    Index(const Index&) = delete;
    Index& operator=(const Index&) = delete;

    // Applies every outbox entry after the index's last seq. Cheap (one small SQLite
    // read) when nothing changed; meant to be called every few hundred milliseconds.
    CatchUpStats catch_up();

    // Builds a fresh generation from the store and switches to it; readers keep using
    // the old one until the switch. Also makes erased text physically gone from the
    // index files, since the new generation never contained it. `progress`, if set, is
    // called with the number of documents written so far, every 1 000 and at the end.
    RebuildStats rebuild(const std::function<void(std::int64_t documents)>& progress = {});

    // Throws QueryError for unusable input. Never throws for a merely odd query.
    Result search(const Query& q) const;
    // Published questions most like question `id` (not itself); empty if it is unknown.
    std::vector<Hit> related(QuestionId id, std::size_t n) const;
    // For the ask form: published questions most like a draft title (or any text).
    // Never throws QueryError: unusable text gives an empty list.
    std::vector<Hit> similar(std::string_view text, std::size_t n) const;

    std::int64_t last_seq() const;  // the outbox seq the index reflects
    // Identifies the ranking related() uses (code version and analysis): a stored related
    // list computed with another value is out of date. Positive; fixed for a process.
    std::int64_t ranking_version() const;
    std::int64_t document_count() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace radfraga::search
